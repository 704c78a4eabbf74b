/**
 * How long chapter 9's full MNIST run takes in Chromium, as a reader would see it: the built site
 * is served, the chapter opened, the cells above the run are run first (loading the digits), then
 * the run's own Run button is pressed and the time to its final accuracy line is taken. Prints the
 * time per run, and the training time the cell itself reports (the `fit` call alone, measured in
 * the worker). A measurement, not a test: speed depends on the machine and its load.
 *
 *   npx tsx scripts/measure-mnist.ts [--dist dist] [--runs 2] [--typescript]
 *
 * --dist reuses a build (default: builds the site into a temporary directory first; run
 * `npm run data` before, as `npm run build` would). --typescript also times the same run with the
 * engine forced onto its TypeScript matrix loops (the cell's code is edited, as a reader could), so
 * the two backends are compared in the same browser.
 *
 * On a machine shared with other work, wall-clock times grow with the load; so on Linux the script
 * also reports the CPU time Chromium's processes (this script's descendants, from /proc) spent
 * during the run, which the load does not inflate nearly as much, next to the load average.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launch, serve } from '../tests/browser/harness';
import { siteToMeasure } from './site-to-measure';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const runs = Number(option('--runs') ?? 2);
const alsoTypeScript = args.includes('--typescript');

/** Seconds of CPU (user + system) spent so far by this process's descendants that are alive: Chromium's processes. */
function descendantsCpuSeconds(): number {
  if (!existsSync('/proc/self/stat')) return NaN;
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name (which may contain spaces): state ppid … utime(14) stime(15).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(entry), Number(fields[1]));
      ticks.set(Number(entry), Number(fields[11]) + Number(fields[12]));
    } catch {
      /* the process ended meanwhile */
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) if (p === process.pid) return true;
    return false;
  };
  let total = 0;
  for (const [pid, t] of ticks) if (isDescendant(pid)) total += t;
  return total / 100; // USER_HZ, 100 on Linux
}

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

interface Measured {
  backend: string;
  seconds: number;
  cpuSeconds: number;
  trainingSeconds: number;
  accuracy: string;
}

const FORCE_TYPESCRIPT = 'import { setMatmulBackend } from "mlp";\nsetMatmulBackend("typescript");\n';

async function measureOnce(browser: Browser, url: string, forceTypeScript: boolean): Promise<Measured> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${url}09-training/`);
  const cells = page.locator('figure.mlp-cell');
  const full = cells.filter({ hasText: 'fullModel' });
  const index = Number(await full.getAttribute('data-cell-index'));
  // The cells above it first: the digits are loaded and the short run trained before timing.
  const before = page.locator(`figure.mlp-cell[data-cell-index="${index - 1}"]`);
  await before.getByRole('button', { name: 'Run', exact: true }).click();
  await before.locator('.mlp-cell-output[data-origin="reader"]').waitFor({ timeout: 300_000 });
  await page.waitForFunction((i) => !document.querySelector(`figure.mlp-cell[data-cell-index="${i}"]`)!.hasAttribute('data-running'), index - 1, { timeout: 300_000 });
  if (forceTypeScript) {
    // Running a cell has loaded the editors already; otherwise the first click on the code does.
    if ((await full.locator('.cm-content').count()) === 0) await full.locator('pre.mlp-cell-code').click();
    const content = full.locator('.cm-content');
    await content.waitFor();
    await content.click();
    await page.keyboard.press('ControlOrMeta+Home');
    await page.keyboard.insertText(FORCE_TYPESCRIPT);
  }
  const output = full.locator('.mlp-cell-output[data-origin="reader"]');
  const cpuBefore = descendantsCpuSeconds();
  const started = Date.now();
  await full.getByRole('button', { name: 'Run', exact: true }).click();
  await output.getByText(/validation accuracy [\d.]+ %/).first().waitFor({ timeout: 600_000 });
  const seconds = (Date.now() - started) / 1000;
  const cpuSeconds = descendantsCpuSeconds() - cpuBefore;
  const text = (await output.textContent()) ?? '';
  await page.close();
  if (errors.length) throw new Error(`measure-mnist: the page reported errors: ${errors.join('; ')}`);
  const epochTimes = [...text.matchAll(/epoch \d+: .*?([\d.]+) s/g)].map((m) => Number(m[1]));
  return {
    backend: /matrix products: (wasm-simd|typescript)/.exec(text)?.[1] ?? 'not printed',
    seconds,
    cpuSeconds,
    trainingSeconds: epochTimes.at(-1) ?? NaN,
    accuracy: /validation accuracy ([\d.]+) %/.exec(text)?.[1] ?? '?',
  };
}

const { dist, done } = siteToMeasure(option('--dist'), 'measure-mnist');
const site = await serve(dist);
const browser = await launch();
try {
  console.log(`chapter 9's full MNIST run (8,000 digits, 8 epochs, batch 32) in Chromium ${browser.version()}`);
  const variants = alsoTypeScript ? [false, true] : [false];
  for (let run = 1; run <= runs; run++) {
    for (const forced of variants) {
      const m = await measureOnce(browser, site.url, forced);
      const label = forced ? 'forced typescript' : 'as shipped';
      console.log(
        `  run ${run}, ${label.padEnd(17)} matrix products: ${m.backend.padEnd(10)} Run → result ${m.seconds.toFixed(1)} s ` +
          `(Chromium CPU ${m.cpuSeconds.toFixed(1)} s), training (the cell's clock) ${m.trainingSeconds.toFixed(1)} s, ` +
          `validation accuracy ${m.accuracy} %, load average ${loadAverage()}`,
      );
    }
  }
} finally {
  await browser.close();
  await site.close();
  done();
}
