/**
 * Lighthouse on every page of a built site, the way a reader on a phone meets it: Lighthouse's
 * default mobile emulation and simulated throttling, Debian's Chromium, the site served gzip-
 * compressed as a CDN would. Prints one row per page (performance and accessibility scores, total
 * blocking time, paint times, layout shift, DOM size, bytes) and the targets it is held to.
 *
 *   npm run audit [-- --dist DIR] [--base /sub/] [--pages 02-forward-pass,06-kronecker] [--runs N] [--json FILE]
 *
 * Without --dist it builds the site first (into a temporary directory). With --runs N each page is
 * measured N times and the median run is reported (Lighthouse's own advice for noisy machines).
 * A script like `npm run bench`, not a test: scores depend on the machine and its load.
 */
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, missingChromium, serveSite } from './serve-site';
import { siteToMeasure } from './site-to-measure';

const TARGETS = { performance: 95, accessibility: 100, totalBlockingTimeMs: 200 };

function option(name: string): string | undefined {
  const args = process.argv.slice(2);
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
}

interface Row {
  page: string;
  performance: number;
  accessibility: number;
  totalBlockingTimeMs: number;
  firstContentfulPaintMs: number;
  largestContentfulPaintMs: number;
  speedIndexMs: number;
  cumulativeLayoutShift: number;
  domElements: number;
  transferKB: number;
  /** Accessibility audits that failed, by id. */
  failing: string[];
}

function median<T>(rows: T[], key: (row: T) => number): T {
  return [...rows].sort((a, b) => key(a) - key(b))[Math.floor(rows.length / 2)]!;
}

async function main(): Promise<void> {
  const missing = missingChromium();
  if (missing) {
    console.error(missing);
    process.exit(1);
  }
  const base = option('base') ?? '/';
  const runs = Number(option('runs') ?? 1);
  const { dist } = siteToMeasure(option('dist'), 'audit', base);
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`audit: ${dist} has no index.html (is it a built site?)`);
  const pages =
    option('pages')?.split(',') ??
    readdirSync(dist)
      .filter((f) => /^\d{2}-/.test(f) && existsSync(join(dist!, f, 'index.html')))
      .sort();

  const site = await serveSite(dist, { base, gzip: true });
  const port = 9300 + Math.floor(Math.random() * 500);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`] });
  const rows: Row[] = [];
  let version = '';
  try {
    for (const page of pages) {
      const measured: Row[] = [];
      for (let run = 0; run < runs; run++) {
        const result = await lighthouse(`${site.url}${page}/`, { port, output: 'json', logLevel: 'error', onlyCategories: ['performance', 'accessibility'] });
        if (!result) throw new Error(`audit: Lighthouse returned nothing for ${page}`);
        const { categories, audits } = result.lhr;
        version = result.lhr.lighthouseVersion;
        const numeric = (id: string) => audits[id]?.numericValue ?? Number.NaN;
        measured.push({
          page,
          performance: Math.round((categories.performance?.score ?? 0) * 100),
          accessibility: Math.round((categories.accessibility?.score ?? 0) * 100),
          totalBlockingTimeMs: numeric('total-blocking-time'),
          firstContentfulPaintMs: numeric('first-contentful-paint'),
          largestContentfulPaintMs: numeric('largest-contentful-paint'),
          speedIndexMs: numeric('speed-index'),
          cumulativeLayoutShift: numeric('cumulative-layout-shift'),
          domElements: numeric('dom-size'),
          transferKB: numeric('total-byte-weight') / 1024,
          failing: (categories.accessibility?.auditRefs ?? []).filter((ref) => ref.weight > 0 && audits[ref.id]?.score === 0).map((ref) => ref.id),
        });
      }
      const row = median(measured, (r) => r.performance);
      rows.push(row);
      console.log(`${page}: performance ${row.performance}, accessibility ${row.accessibility}${runs > 1 ? ` (median of ${runs})` : ''}`);
    }
  } finally {
    await browser.close();
    await site.close();
  }

  const table = [
    ['page', 'perf', 'a11y', 'TBT ms', 'FCP s', 'LCP s', 'SI s', 'CLS', 'DOM', 'KB'],
    ...rows.map((r) => [
      r.page,
      String(r.performance),
      String(r.accessibility),
      r.totalBlockingTimeMs.toFixed(0),
      (r.firstContentfulPaintMs / 1000).toFixed(1),
      (r.largestContentfulPaintMs / 1000).toFixed(1),
      (r.speedIndexMs / 1000).toFixed(1),
      r.cumulativeLayoutShift.toFixed(3),
      r.domElements.toFixed(0),
      r.transferKB.toFixed(0),
    ]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  console.log(`\nLighthouse ${version} (mobile, simulated throttling), ${CHROMIUM}, gzip:`);
  for (const row of table) console.log(row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
  for (const r of rows) if (r.failing.length > 0) console.log(`${r.page}: failing accessibility audits: ${r.failing.join(', ')}`);
  const below = rows.filter((r) => r.performance < TARGETS.performance || r.accessibility < TARGETS.accessibility || r.totalBlockingTimeMs >= TARGETS.totalBlockingTimeMs);
  console.log(
    `\ntargets: performance ≥ ${TARGETS.performance}, accessibility ${TARGETS.accessibility}, total blocking time < ${TARGETS.totalBlockingTimeMs} ms: ` +
      (below.length === 0 ? 'met on every page' : `not met on ${below.map((r) => r.page).join(', ')}`),
  );
  const json = option('json');
  if (json) writeFileSync(json, JSON.stringify(rows, null, 2));
}

await main();
