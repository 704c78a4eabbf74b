/**
 * JavaScript size report for a built site, in gzip bytes (what a reader downloads).
 *
 *   npx tsx scripts/measure-js.ts [distDir=dist] [--json] [--why]
 *
 * - first-load JS: per page, the module scripts in its HTML and everything they import statically;
 * - on-demand JS: what those scripts can load later — dynamic import() chunks (the editor and the
 *   notebook UI) and `new Worker(new URL(...))` bundles (the kernel) — minus what is loaded already;
 * - the same on-demand JS step by step, in the order a reader meets it: each import() or worker
 *   with the code it loads that no earlier step loaded (the notebook UI and the kernel worker on the
 *   first Run, Plot's chunk on the first cell that imports Plot, the editor on the first click into
 *   the code, the TypeScript transform on the first run of edited code, share links).
 * Pagefind's search bundle (loaded when the search dialog opens) is Starlight's, listed apart.
 * With --why, the kernel worker source is bundled once more with esbuild (split like the real build
 * at dynamic imports) to show which packages make up each chunk (minified; gzip per input is not
 * separable, so raw minified bytes are shown).
 * The target from the site issue is on-demand ≤ 250 KB gzip; the report says if it is exceeded.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

const ON_DEMAND_TARGET = 250 * 1024;

const args = process.argv.slice(2);
const dist = args.find((a) => !a.startsWith('--')) ?? 'dist';
const asJson = args.includes('--json');

if (!existsSync(dist)) {
  console.error(`measure-js: no build at ${dist} (run npm run build first, or pass the dist directory)`);
  process.exit(1);
}

/** Every file under `dir`, as paths relative to `dist` with forward slashes. */
function files(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, encoding: 'utf8' }) as string[]).map((f) => f.split('\\').join('/'));
}

/** The base path the site was built for, read from the first module script of the index page. */
function detectBase(html: string): string {
  const src = /<script[^>]*type="module"[^>]*src="([^"]+)"/.exec(html)?.[1] ?? '/';
  const at = src.indexOf('_astro/');
  return at >= 0 ? src.slice(0, at) : '/';
}

const gzipCache = new Map<string, number>();
function gzipBytes(file: string): number {
  let size = gzipCache.get(file);
  if (size === undefined) {
    size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
    gzipCache.set(file, size);
  }
  return size;
}

/** A URL in the built output (absolute under the base, or relative to `from`) as a dist path. */
function toDistPath(url: string, from: string, base: string): string | null {
  if (/^[a-z]+:/i.test(url) || url.startsWith('//')) return null;
  const path = url.startsWith('/') ? (url.startsWith(base) ? url.slice(base.length) : null) : posix.join(posix.dirname(from), url);
  return path && existsSync(join(dist, path)) ? posix.normalize(path) : null;
}

interface Edges {
  static: string[];
  /** import() targets, workers and preload lists together. */
  dynamic: string[];
  /** Of `dynamic`, the `new URL(...)` targets (workers). */
  workers: string[];
}

const QUOTED = '["\'`]([^"\'`]+\\.js)["\'`]';
/** Imports of a built chunk: static (`import … from "x"`, `import "x"`) and on-demand (import(), workers, preload maps). */
function edges(file: string, base: string): Edges {
  const code = readFileSync(join(dist, file), 'utf8');
  const found = (pattern: RegExp): string[] =>
    [...code.matchAll(pattern)].map((m) => toDistPath(m[1], file, base)).filter((p): p is string => p !== null);
  const mapDeps = [...code.matchAll(/__vite__mapDeps=[^;]*?m\.f=\[([^\]]*)\]/g)].flatMap((m) =>
    [...m[1].matchAll(/["'`]([^"'`]+)["'`]/g)].map((d) => toDistPath(base + d[1], file, base)).filter((p): p is string => p !== null),
  );
  const workers = found(new RegExp(`new\\s+URL\\(\\s*${QUOTED}`, 'g'));
  return {
    static: found(new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*)${QUOTED}`, 'g')),
    dynamic: [...found(new RegExp(`\\bimport\\(\\s*${QUOTED}`, 'g')), ...workers, ...mapDeps],
    workers,
  };
}

function closure(roots: Iterable<string>, base: string, follow: (e: Edges) => string[]): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    queue.push(...follow(edges(file, base)));
  }
  return seen;
}

const all = files(dist);
const pages = all.filter((f) => f.endsWith('.html') && !f.startsWith('pagefind/'));
const base = detectBase(readFileSync(join(dist, pages.find((p) => p === 'index.html') ?? pages[0]), 'utf8'));

/** Module scripts a page loads as it opens (external src, modulepreload, imports of inline modules). */
function pageRoots(page: string): string[] {
  const html = readFileSync(join(dist, page), 'utf8');
  const urls = [
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]),
    ...[...html.matchAll(/<script[^>]*type="module"[^>]*>([\s\S]*?)<\/script>/g)].flatMap((m) =>
      [...m[1].matchAll(new RegExp(`(?:\\bfrom\\s*|\\bimport\\s*\\(?\\s*)${QUOTED}`, 'g'))].map((i) => i[1]),
    ),
  ];
  return urls.map((u) => toDistPath(u, page, base)).filter((p): p is string => p !== null);
}

const sum = (set: Iterable<string>) => [...set].reduce((total, f) => total + gzipBytes(f), 0);

const perPage = pages.map((page) => {
  const first = closure(pageRoots(page), base, (e) => e.static);
  const reachable = closure(first, base, (e) => [...e.static, ...e.dynamic]);
  const onDemand = [...reachable].filter((f) => !first.has(f) && !f.startsWith('pagefind/'));
  return { page, firstLoad: [...first].sort(), onDemand: onDemand.sort() };
});

const cellPages = perPage.filter((p) => p.onDemand.length > 0);
const onDemandFiles = [...new Set(cellPages.flatMap((p) => p.onDemand))].sort();
const firstLoadFiles = new Set(perPage.flatMap((p) => p.firstLoad));
/** On-demand JS by the first-load script that loads it (the cell client vs. Starlight's search). */
const onDemandBy = Object.fromEntries(
  [...firstLoadFiles]
    .map((f) => {
      const later = closure(edges(f, base).dynamic, base, (e) => [...e.static, ...e.dynamic]);
      return [f, sum([...later].filter((x) => !firstLoadFiles.has(x) && !x.startsWith('pagefind/')))] as const;
    })
    .filter(([, size]) => size > 0),
);
/** What a step of the cell client is, by its entry chunk's name. */
function stepLabel(entry: string): string {
  const name = posix.basename(entry);
  if (name.startsWith('notebook')) return 'notebook UI and kernel client: first Run (or first reach for the code)';
  if (name.startsWith('editor')) return "editor (CodeMirror): first click or Tab into a cell's code";
  if (name.startsWith('kernel.worker')) return 'kernel worker core (runner, engine): first Run';
  if (name.startsWith('transform')) return "TypeScript transform (sucrase, acorn): first run of edited or shared code, or placing an error in a chapter's code";
  if (name.startsWith('plot')) return 'Observable Plot + d3 + linkedom: first cell that imports Plot';
  if (name.startsWith('share')) return 'share links: Share button, or opening a shared link';
  return '';
}

interface Step {
  entry: string;
  kind: 'import()' | 'worker';
  from: string;
  files: string[];
  gzip: number;
}

/**
 * The cell client's on-demand JS in the order a reader meets it: breadth first from the page's
 * first-load scripts, each import() or worker target with what it loads statically that no earlier
 * step (or the page) loaded. A chunk the page and the worker share is counted once.
 */
function cellSteps(client: string, first: Iterable<string>): Step[] {
  const loaded = new Set(first);
  const queue = [...closure([client], base, (e) => e.static)].flatMap((f) => edges(f, base).dynamic.map((to) => ({ to, from: f })));
  const steps: Step[] = [];
  while (queue.length > 0) {
    const { to, from } = queue.shift()!;
    if (loaded.has(to) || to.startsWith('pagefind/')) continue;
    const files = [...closure([to], base, (e) => e.static)].filter((f) => !loaded.has(f));
    files.forEach((f) => loaded.add(f));
    steps.push({ entry: to, kind: edges(from, base).workers.includes(to) ? 'worker' : 'import()', from, files: files.sort(), gzip: sum(files) });
    for (const f of files) queue.push(...edges(f, base).dynamic.map((next) => ({ to: next, from: f })));
  }
  return steps;
}

const cellScript = [...firstLoadFiles].find((f) => posix.basename(f).startsWith('Cell.astro'));
const steps = cellScript ? cellSteps(cellScript, cellPages.find((p) => p.firstLoad.includes(cellScript))?.firstLoad ?? [cellScript]) : [];
const stepGzip = (prefix: string) => steps.find((s) => posix.basename(s.entry).startsWith(prefix))?.gzip ?? 0;

const pagefind = all.filter((f) => f.startsWith('pagefind/') && f.endsWith('.js'));
const report = {
  dist,
  base,
  pages: perPage.map((p) => ({ page: p.page, firstLoadGzip: sum(p.firstLoad), onDemandGzip: sum(p.onDemand) })),
  files: Object.fromEntries([...new Set(perPage.flatMap((p) => [...p.firstLoad, ...p.onDemand]))].sort().map((f) => [f, gzipBytes(f)])),
  maxFirstLoadGzip: Math.max(...perPage.map((p) => sum(p.firstLoad))),
  onDemandGzip: sum(onDemandFiles),
  onDemandBy,
  steps: steps.map((st) => ({ entry: st.entry, kind: st.kind, from: st.from, label: stepLabel(st.entry), files: st.files, gzip: st.gzip })),
  /** What the first Run of a chapter's own cell loads, for a cell that does not plot: the notebook UI and the kernel (no editor, no transform). */
  firstRunGzip: stepGzip('notebook') + stepGzip('kernel.worker'),
  /** The same when the first cell run imports Plot. */
  firstPlotRunGzip: stepGzip('notebook') + stepGzip('kernel.worker') + stepGzip('plot'),
  onDemandTargetGzip: ON_DEMAND_TARGET,
  pagefindGzip: sum(pagefind),
};

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
if (asJson) {
  console.log(JSON.stringify(report, null, 2));
} else {
  console.log(`JavaScript in ${relative(process.cwd(), dist) || '.'} (base ${base}), gzip -9 bytes\n`);
  console.log('first load, per page:');
  for (const p of report.pages) console.log(`  ${kb(p.firstLoadGzip).padStart(9)}  /${p.page.replace(/index\.html$/, '')}`);
  console.log('\nfiles:');
  for (const [f, size] of Object.entries(report.files)) {
    const where = onDemandFiles.includes(f) ? 'on demand' : 'first load';
    console.log(`  ${kb(size).padStart(9)}  ${where.padEnd(10)}  ${f}`);
  }
  console.log(`\nmax first-load JS: ${kb(report.maxFirstLoadGzip)}`);
  console.log(`on-demand JS (loaded after the page opens: editor + kernel on first use of a cell, search UI): ${kb(report.onDemandGzip)}`);
  for (const [f, size] of Object.entries(onDemandBy)) console.log(`  of which loaded by ${f}: ${kb(size)}`);
  console.log(`Starlight search (pagefind, loaded when search opens): ${kb(report.pagefindGzip)}`);
  console.log('\ncell JS on demand, step by step (each step: what it adds to the steps above):');
  for (const st of steps)
    console.log(`  ${kb(st.gzip).padStart(9)}  ${st.entry} (${st.kind} from ${posix.basename(st.from)}${st.files.length > 1 ? `, ${st.files.length} files` : ''})${stepLabel(st.entry) ? `\n             ${stepLabel(st.entry)}` : ''}`);
  console.log(`\nfirst Run of a cell that does not plot (notebook UI + kernel core): ${kb(report.firstRunGzip)}`);
  console.log(`first Run of a cell that imports Plot (notebook UI + kernel core + Plot): ${kb(report.firstPlotRunGzip)}`);
  console.log(`first click into a cell's code (editor): ${kb(stepGzip('editor'))}; first run of edited code (transform): ${kb(stepGzip('transform'))}`);
  const against = (n: number) => (n > ON_DEMAND_TARGET ? `over by ${kb(n - ON_DEMAND_TARGET)}` : 'within');
  console.log(`\nthe site issue's on-demand target is ${kb(ON_DEMAND_TARGET)}:`);
  console.log(`  first Run without Plot ${against(report.firstRunGzip)}; with Plot ${against(report.firstPlotRunGzip)}; all on-demand JS ${against(report.onDemandGzip)} (see --why)`);
}

if (args.includes('--why')) {
  const { build } = await import('esbuild');
  const worker = new URL('../src/components/cells/kernel.worker.ts', import.meta.url).pathname;
  const src = new URL('../src/', import.meta.url).pathname;
  const result = await build({
    entryPoints: [worker],
    bundle: true,
    minify: true,
    format: 'esm',
    splitting: true,
    outdir: 'measure-js-why',
    write: false,
    metafile: true,
    platform: 'browser',
    alias: { mlp: `${src}lib/index.ts`, 'mlp/notebook': `${src}cells/notebook.ts` },
    tsconfig: new URL('../tsconfig.json', import.meta.url).pathname,
    logLevel: 'silent',
  });
  for (const [name, output] of Object.entries(result.metafile.outputs)) {
    if (!name.endsWith('.js') || output.bytes < 1024) continue;
    const byPackage = new Map<string, number>();
    for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input)?.[1] ?? `(project) ${input.split('/').slice(0, 2).join('/')}`;
      byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + bytesInOutput);
    }
    console.log(`\nkernel worker chunk ${posix.basename(name)} by package (esbuild, minified, raw bytes; total ${kb(output.bytes)}):`);
    for (const [pkg, bytes] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15))
      console.log(`  ${kb(bytes).padStart(9)}  ${pkg}`);
  }
}
