/**
 * How fast the chapters' explorables answer a control, in Chromium, as a reader sees it: for every
 * cell with controls on every chapter, its first control is moved once to warm up (the kernel
 * starts, the cells it depends on run, Plot loads), then moved `--moves` times between two values;
 * each move is timed from the change event to the page's "caught up" event (the cell and its
 * dependents have run and drawn) plus the next animation frame (the redraw is on screen).
 * Prints the median and the 90th percentile per explorable against the 100 ms the course aims for,
 * with the load average: a measurement, not a test, so it depends on the machine and its load.
 *
 *   npx tsx scripts/measure-controls.ts [--dist dist] [--moves 20] [--pages 08-optimizers,10-checking]
 *
 * --dist reuses a build (default: builds the site into a temporary directory first; run
 * `npm run data` before, as `npm run build` would).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { launch, serve } from '../tests/browser/harness';
import { siteToMeasure } from './site-to-measure';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const moves = Number(option('--moves') ?? 20);
const onlyPages = option('--pages')?.split(',');
const BUDGET_MS = 100;

const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const quantile = (xs: number[], q: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
};

const { dist, done } = siteToMeasure(option('--dist'), 'measure-controls');
const pages = readdirSync(dist).filter((d) => /^\d\d-/.test(d) && (!onlyPages || onlyPages.includes(d))).sort();
const site = await serve(dist);
const browser = await launch();
try {
  console.log(`control → redrawn figure in Chromium ${browser.version()}: ${moves} moves per explorable after one warm-up; budget ${BUDGET_MS} ms`);
  const medians: number[] = [];
  for (const name of pages) {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${site.url}${name}/`);
    const indices = await page.$$eval('figure.mlp-cell:has(.mlp-cell-controls)', (figures) => figures.map((f) => Number((f as HTMLElement).dataset.cellIndex)));
    for (const index of indices) {
      /** One move of the cell's first control, timed in the page; the control's label and kind come back too. */
      const move = (k: number) =>
        page.evaluate(
          async ([i, step]) => {
            const figure = document.querySelector<HTMLElement>(`figure.mlp-cell[data-cell-index="${i}"]`)!;
            const wrapper = figure.querySelector<HTMLElement>('.mlp-cell-controls .mlp-control')!;
            const control = JSON.parse(wrapper.dataset.control!) as { type: string; label: string; options?: unknown[] };
            const input = wrapper.querySelector<HTMLInputElement & HTMLSelectElement>('input, select, button')!;
            let type = 'change';
            if (control.type === 'slider') {
              const [min, max] = [Number(input.min), Number(input.max)];
              input.value = String(min + (max - min) * (step % 2 === 0 ? 0.35 : 0.65));
              type = 'input';
            } else if (control.type === 'select') input.value = String((Number(input.value) + 1) % control.options!.length);
            else if (control.type === 'checkbox') input.checked = !input.checked;
            else if (control.type === 'number') input.value = String(Number(input.value) + (step % 2 === 0 ? 1 : -1));
            const caughtUp = new Promise((resolve) => document.addEventListener('mlp:controls-settled', resolve, { once: true }));
            const started = performance.now();
            if (control.type === 'button') input.click();
            else input.dispatchEvent(new Event(type, { bubbles: true }));
            await caughtUp;
            await new Promise((resolve) => requestAnimationFrame(resolve));
            return { ms: performance.now() - started, label: control.label, type: control.type };
          },
          [index, k] as const,
        );
      const warm = await move(0);
      const times: number[] = [];
      for (let k = 1; k <= moves; k++) times.push((await move(k)).ms);
      const median = quantile(times, 0.5);
      medians.push(median);
      console.log(
        `  ${name} cell ${index + 1} (${warm.type} "${warm.label}"): median ${median.toFixed(1)} ms (${(median / BUDGET_MS).toFixed(2)}× budget), ` +
          `p90 ${quantile(times, 0.9).toFixed(1)} ms, first move ${warm.ms.toFixed(0)} ms (kernel start and the cells it needs), load average ${loadAverage()}`,
      );
    }
    await page.close();
    if (errors.length) throw new Error(`measure-controls: ${name} reported errors: ${errors.join('; ')}`);
  }
  if (medians.length === 0) console.log('  no chapter has controls');
  else console.log(`  over ${medians.length} explorables: worst median ${Math.max(...medians).toFixed(1)} ms`);
} finally {
  await browser.close();
  await site.close();
  done();
}
