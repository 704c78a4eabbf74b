/**
 * Every chapter runs top to bottom in the reader's browser and prints what the build baked into the
 * page. The build runs the cells in Node; the reader runs them in Chromium's worker. Both are V8 with
 * the same seeds, but Math.exp, Math.log and friends may differ in the last bit between the two V8
 * versions, so numbers are compared to a relative 1e-9, and numbers below 1e-6 in both outputs (the
 * rounding-level errors that chapters measure on purpose) only need to be below 1e-6 in both. Text
 * must match exactly, except that in cells calling `gradientCheck` the place of the largest error
 * ("at W1[0, 4]") may differ: it is the largest of many rounding-level errors, and moves with the
 * last bit.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtSiteInChromium, cellFigure, waitForRun } from './setup';

const chromium = builtSiteInChromium();
const chapters = readdirSync(new URL('../../src/content/docs/', import.meta.url))
  .filter((f) => /^\d{2}-.*\.mdx$/.test(f))
  .map((f) => f.replace(/\.mdx$/, ''))
  .sort();

const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/gi;

/** "at W1[0, 4]": where a gradient check found its largest error. */
const LOCATION = /\bat [\w.]+\[\d+, ?\d+\]/g;

/** Whether the reader's output text says what the page's does, in the sense of the header. */
function sameOutput(bakedText: string, readerText: string, locationMayDiffer: boolean): boolean {
  const page = locationMayDiffer ? bakedText.replace(LOCATION, 'at …') : bakedText;
  const reader = locationMayDiffer ? readerText.replace(LOCATION, 'at …') : readerText;
  const pageNumbers = page.match(NUMBER) ?? [];
  const readerNumbers = reader.match(NUMBER) ?? [];
  if (page.replace(NUMBER, '#') !== reader.replace(NUMBER, '#')) return false;
  if (pageNumbers.length !== readerNumbers.length) return false;
  return pageNumbers.every((p, i) => {
    const a = Number(p);
    const b = Number(readerNumbers[i]);
    if (a === b) return true;
    if (Math.abs(a) < 1e-6 && Math.abs(b) < 1e-6) return true;
    return Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  });
}

describe('every chapter in Chromium', () => {
  it('finds the chapters', () => {
    expect(chapters.length).toBeGreaterThanOrEqual(10);
  });

  for (const slug of chapters) {
    it(`${slug}: runs every cell and every exercise solution in the browser and reproduces the baked outputs`, async () => {
      const page = await chromium.browser.newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(`${chromium.site.url}${slug}/`);
      const cells = await page.$$eval('figure.mlp-cell', (figures) => {
        const data = JSON.parse(document.getElementById('mlp-cells')!.textContent!) as { id: string; code: string }[];
        return figures.map((f) => ({
          index: Number(f.dataset.cellIndex),
          flags: f.dataset.flags ?? '',
          code: data.find((d) => d.id === f.dataset.cellId)?.code ?? '',
        }));
      });
      // Running the last cell that is not a solution runs every cell above it first (solutions only
      // run when asked for).
      const last = [...cells].reverse().find((c) => !/\bsolution\b/.test(c.flags))!;
      await cellFigure(page, last.index).locator('.mlp-run').click();
      await waitForRun(page, last.index, 240_000);

      // Then every exercise's solution, as a reader would: open it, press Run.
      for (const solution of cells.filter((c) => /\bsolution\b/.test(c.flags))) {
        const cell = cellFigure(page, solution.index);
        await cell.evaluate((f) => f.closest('details')?.setAttribute('open', ''));
        await cell.locator('.mlp-run').click();
        await waitForRun(page, solution.index, 120_000);
      }

      const outputs = await page.$$eval('figure.mlp-cell', (figures) =>
        figures.map((f) => ({
          page: f.querySelector('.mlp-cell-output[data-origin="page"]')?.textContent ?? null,
          reader: f.querySelector('.mlp-cell-output[data-origin="reader"]')?.textContent ?? null,
          unexpected: [...f.querySelectorAll('.mlp-cell-output[data-origin="reader"] .mlp-out-error:not(.mlp-out-expected)')].map((e) => e.textContent),
        })),
      );
      const problems: string[] = [];
      for (const cell of cells) {
        const { page: baked, reader, unexpected } = outputs[cell.index]!;
        const name = `cell ${cell.index + 1}`;
        if (reader === null) problems.push(`${name}: did not run`);
        else if (unexpected.length > 0 && !/\bthrows\b/.test(cell.flags)) problems.push(`${name}: ${unexpected.join('; ')}`);
        else if (!/\bbrowser-only\b/.test(cell.flags) && !sameOutput(baked ?? '', reader, /\bgradientCheck\(/.test(cell.code))) {
          problems.push(`${name}: the page says ${JSON.stringify(baked?.slice(0, 200))}, the browser ${JSON.stringify(reader.slice(0, 200))}`);
        }
      }
      expect(problems).toEqual([]);
      expect(pageErrors).toEqual([]);
      await page.close();
    }, 300_000);
  }
});
