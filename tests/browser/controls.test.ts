/**
 * Explorables in Chromium, against the built site: a chapter's controls are in the static page at
 * their defaults (also without JavaScript); moving one with the keyboard or the mouse re-runs the
 * cell that declares it and then only the cells that read what it defines, while the others keep
 * their outputs; a fast drag does not queue a run per position; a share link sets the controls
 * without running anything; Reset puts the defaults back; and axe finds nothing with controls shown.
 *
 * The page is chapter 10's step-size explorable: a cell that declares the step h and computes the
 * errors, the next cell that draws them (it reads the first one's names), and a later cell that does not.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { axeViolations, builtSiteInChromium, cellFigure, timeStop, typeIntoCell, waitForRun } from './setup';
import { encodeShare } from '~/components/cells/share';

const chromium = builtSiteInChromium();
const chapter = '10-checking/';

async function open(path = chapter, javaScriptEnabled = true): Promise<Page> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 }, javaScriptEnabled });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(chromium.site.url + path);
  return page;
}

/** The explorable's cells: the first with a slider, the cell after it, and the one after that. */
async function explorable(page: Page): Promise<{ control: number; dependent: number; later: number }> {
  const control = await page.locator('figure.mlp-cell:has(.mlp-cell-controls input[type=range])').first().getAttribute('data-cell-index');
  expect(control, 'chapter 10 has a cell with a slider').not.toBeNull();
  const index = Number(control);
  return { control: index, dependent: index + 1, later: index + 2 };
}

const slider = (page: Page, index: number) => cellFigure(page, index).locator('.mlp-cell-controls input[type=range]').first();
const shownValue = (page: Page, index: number) => cellFigure(page, index).locator('.mlp-cell-controls .mlp-control output').first().textContent();

/** Counts, per cell, how many runs start from now on (a cell is marked data-running while it runs). */
async function countRuns(page: Page): Promise<void> {
  await page.evaluate(() => {
    const counts: Record<string, number> = {};
    (window as unknown as { runCounts: Record<string, number> }).runCounts = counts;
    for (const figure of document.querySelectorAll<HTMLElement>('figure.mlp-cell')) {
      new MutationObserver(() => {
        if (figure.hasAttribute('data-running')) counts[figure.dataset.cellIndex!] = (counts[figure.dataset.cellIndex!] ?? 0) + 1;
      }).observe(figure, { attributes: true, attributeFilter: ['data-running'] });
    }
  });
}
const runCounts = (page: Page) => page.evaluate(() => (window as unknown as { runCounts: Record<string, number> }).runCounts);

/** Resolves when the page has caught up with the controls (the page says so with an event). */
function settled(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((resolve) => document.addEventListener('mlp:controls-settled', () => resolve(), { once: true })));
}

/** The figure markup a cell shows now: the reader's output when it has one, else the page's. */
const figureMarkup = (page: Page, index: number) =>
  cellFigure(page, index).evaluate((figure) => {
    const reader = figure.querySelector<HTMLElement>('.mlp-cell-output[data-origin="reader"]');
    return (reader && !reader.hidden ? reader : figure.querySelector('.mlp-cell-output[data-origin="page"]'))!.innerHTML;
  });

/** Figure markup without the ids each run makes anew (figure-ids), so two runs at one value compare equal. */
const withoutIds = (html: string) =>
  html
    .replace(/ (id|href|clip-path|aria-labelledby|aria-describedby)="[^"]*"/g, '')
    .replace(/url\(#[^)]*\)/g, '')
    .replace(/\s+/g, ' ');

describe('explorables', () => {
  it('are in the static page at their defaults, labelled and showing their value, without JavaScript', async () => {
    const page = await open(chapter, false);
    const { control } = await explorable(page);
    const input = slider(page, control);
    const id = await input.getAttribute('id');
    expect(await page.locator(`label[for="${id}"]`).textContent()).not.toBe('');
    const text = await input.getAttribute('aria-valuetext');
    expect(text).toMatch(/\d/);
    expect(await shownValue(page, control)).toBe(text);
    // The figure the defaults give is baked too.
    expect(await figureMarkup(page, control + 1)).toMatch(/<svg|<figure/);
    await page.context().close();
  }, 60_000);

  it('with the keyboard: the slider re-runs its cell and the cell that reads it, and the cells that do not depend on it keep their outputs', async () => {
    const page = await open();
    const { control, dependent, later } = await explorable(page);
    // Run everything up to the later cell first, so every cell has a reader output that could change.
    await cellFigure(page, later).getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, later, 120_000);
    const before = await figureMarkup(page, dependent);
    const laterBefore = await figureMarkup(page, later);
    const valueBefore = await shownValue(page, control);
    await countRuns(page);

    const done = settled(page);
    await slider(page, control).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await done;
    // Both key presses may run (the second after the first) or coalesce into one run: never more runs than moves.
    await expect.poll(() => shownValue(page, control)).not.toBe(valueBefore);
    await page.waitForFunction(() => !document.querySelector('figure.mlp-cell[data-running]'));
    const counts = await runCounts(page);
    expect(Object.keys(counts).map(Number).sort((a, b) => a - b)).toEqual([control, dependent]);
    expect(counts[control]).toBeLessThanOrEqual(2);
    expect(await figureMarkup(page, dependent)).not.toBe(before);
    expect(await figureMarkup(page, later)).toBe(laterBefore);
    // The slider still has the focus: the panel was not rebuilt under the reader's hand.
    expect(await slider(page, control).evaluate((el) => el === document.activeElement)).toBe(true);
    await page.context().close();
  }, 180_000);

  it('with the mouse: dragging the thumb moves the value and redraws the figure, ending on the last position', async () => {
    const page = await open();
    const { control, dependent } = await explorable(page);
    await cellFigure(page, dependent).getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, dependent, 120_000);
    const before = await figureMarkup(page, dependent);
    const valueBefore = await shownValue(page, control);
    await countRuns(page);
    const box = (await slider(page, control).boundingBox())!;
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width / 2, y);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(box.x + box.width / 2 - (k * box.width) / 40, y);
    await page.mouse.up();
    await page.waitForFunction(() => !document.querySelector('figure.mlp-cell[data-running]'));
    await expect.poll(() => figureMarkup(page, dependent)).not.toBe(before);
    expect(await shownValue(page, control)).not.toBe(valueBefore);
    const counts = await runCounts(page);
    expect(counts[control]).toBeGreaterThanOrEqual(1);
    expect(counts[control]).toBeLessThanOrEqual(11);
    // The last run used the last position: running again at the shown value draws the same figure.
    const value = await shownValue(page, control);
    const finalMarkup = await figureMarkup(page, dependent);
    const settle = settled(page);
    await slider(page, control).evaluate((el: HTMLInputElement) => el.dispatchEvent(new Event('input', { bubbles: true })));
    await settle;
    expect(await shownValue(page, control)).toBe(value);
    expect(withoutIds(await figureMarkup(page, dependent))).toBe(withoutIds(finalMarkup));
    await page.context().close();
  }, 180_000);

  it('a burst of forty moves while a run is in flight does not queue forty runs: the cell runs at most twice, the second time with the last value', async () => {
    const page = await open();
    const { control, dependent } = await explorable(page);
    await cellFigure(page, dependent).getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, dependent, 120_000);
    await countRuns(page);
    const done = settled(page);
    const last = await slider(page, control).evaluate((el: HTMLInputElement) => {
      // Forty positions in one task, faster than any run: the first starts a run, the rest come while it is in flight.
      const [min, max] = [Number(el.min), Number(el.max)];
      for (let k = 1; k <= 40; k++) {
        el.value = String(Math.round(min + ((max - min) * k) / 50));
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      return el.getAttribute('aria-valuetext');
    });
    await done;
    await page.waitForFunction(() => !document.querySelector('figure.mlp-cell[data-running]'));
    const counts = await runCounts(page);
    expect(counts[control]).toBeGreaterThanOrEqual(1);
    expect(counts[control]).toBeLessThanOrEqual(2);
    expect(counts[dependent]).toBeLessThanOrEqual(2);
    expect(await shownValue(page, control)).toBe(last);
    // What the cell printed is for the last value (it prints h with three digits: within 1 %).
    const printed = (await cellFigure(page, control).locator('.mlp-cell-output[data-origin="reader"]').textContent())!;
    const h = Number(/h = ([\d.e+-]+)/.exec(printed)?.[1]);
    expect(Math.abs(h - Number(last)) / Number(last)).toBeLessThan(0.01);
    await page.context().close();
  }, 180_000);

  it('Reset puts the defaults back, and the figure follows', async () => {
    const page = await open();
    const { control, dependent } = await explorable(page);
    const defaultValue = await shownValue(page, control);
    // The figure at the defaults as this browser draws it (the rounding-dominated end of a curve may differ from the build's in the last digits).
    await cellFigure(page, dependent).getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, dependent, 120_000);
    const defaultFigure = await figureMarkup(page, dependent);
    const moved = settled(page);
    await slider(page, control).focus();
    await page.keyboard.press('End');
    await moved;
    await page.waitForFunction(() => !document.querySelector('figure.mlp-cell[data-running]'));
    expect(await shownValue(page, control)).not.toBe(defaultValue);
    expect(withoutIds(await figureMarkup(page, dependent))).not.toBe(withoutIds(defaultFigure));
    const reset = cellFigure(page, control).getByRole('button', { name: 'Reset' });
    expect(await reset.isVisible()).toBe(true);
    const back = settled(page);
    await reset.click();
    await back;
    await page.waitForFunction(() => !document.querySelector('figure.mlp-cell[data-running]'));
    expect(await shownValue(page, control)).toBe(defaultValue);
    expect(await reset.isVisible()).toBe(false);
    // The run after Reset draws what the run at the defaults drew (figure ids aside, which are per run).
    const redrawn = await cellFigure(page, dependent).locator('.mlp-cell-output[data-origin="reader"]').innerHTML();
    expect(withoutIds(redrawn)).toBe(withoutIds(defaultFigure));
    await page.context().close();
  }, 180_000);

  it('a share link sets the controls it carries and runs nothing; a value that does not fit is said and left at its default', async () => {
    const first = await open();
    const { control } = await explorable(first);
    const label = (await cellFigure(first, control).locator('.mlp-cell-controls label').first().textContent())!;
    const spec = JSON.parse((await cellFigure(first, control).locator('.mlp-control').first().getAttribute('data-control'))!) as { min: number; max: number; value: number };
    const code = (await first.evaluate((i) => JSON.parse(document.getElementById('mlp-cells')!.textContent!)[i].code as string, control));
    const cellId = (await cellFigure(first, control).getAttribute('data-cell-id'))!;
    await first.context().close();

    const page = await open(`${chapter}#${encodeShare(cellId, code, { [label]: spec.max })}`);
    await expect.poll(() => cellFigure(page, control).locator('.mlp-cell-status').textContent()).toMatch(/shared link, with one control set as it had them, and has not been run/);
    expect(await slider(page, control).getAttribute('aria-valuetext')).toMatch(new RegExp(`^${String(spec.max).replace('.', '\\.').replace('+', '\\+')}|e`));
    expect(await page.evaluate(() => document.querySelectorAll('figure.mlp-cell[data-ran]').length)).toBe(0);
    // Moving a control of the shared code does not run it either: Run does, and then the controls re-run it.
    await slider(page, control).focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => cellFigure(page, control).locator('.mlp-cell-status').textContent()).toMatch(/press Run if you trust it; after that, the controls re-run it/);
    expect(await page.evaluate(() => document.querySelectorAll('figure.mlp-cell[data-ran]').length)).toBe(0);
    await cellFigure(page, control).getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, control, 120_000);
    const moved = settled(page);
    await slider(page, control).focus();
    await page.keyboard.press('ArrowLeft');
    await moved;
    expect(await cellFigure(page, control).getAttribute('data-ran')).toBe('true');
    await page.context().close();

    const bad = await open(`${chapter}#${encodeShare(cellId, code, { [label]: spec.max * 1000 + 1 })}`);
    await expect.poll(() => cellFigure(bad, control).locator('.mlp-cell-status').textContent()).toMatch(/could not be used .*is outside.*at their defaults/);
    await bad.context().close();
  }, 120_000);

  it('a move that sets off a run that never ends is stopped by Stop, and the next move runs again in a fresh kernel', async () => {
    const page = await open();
    const { control } = await explorable(page);
    const code = 'import { slider } from "mlp/notebook";\nconst spin = slider("spin", { min: 0, max: 1, step: 1, value: 0 });\nif (spin === 1) { while (true) {} }\n`spin is ${spin}`';
    await typeIntoCell(page, control, code);
    await cellFigure(page, control).getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, control, 120_000);
    // The reader's code declares other controls: the panel now shows them.
    const spin = cellFigure(page, control).getByLabel('spin');
    await spin.waitFor();
    await spin.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((i) => document.querySelector(`figure.mlp-cell[data-cell-index="${i}"]`)!.hasAttribute('data-running'), control);
    await page.waitForTimeout(300);
    expect(await timeStop(page, control)).toBeLessThan(3_000);
    await expect.poll(() => cellFigure(page, control).locator('.mlp-cell-status').textContent()).toMatch(/Stopped/);
    const moved = settled(page);
    await spin.focus();
    await page.keyboard.press('ArrowLeft');
    await moved;
    await expect.poll(() => cellFigure(page, control).locator('.mlp-cell-output[data-origin="reader"]').textContent()).toContain('spin is 0');
    await page.context().close();
  }, 180_000);

  it('axe finds no violations with the controls shown and after they ran', async () => {
    const page = await open();
    const { control } = await explorable(page);
    expect(await axeViolations(page)).toEqual([]);
    const done = settled(page);
    await slider(page, control).focus();
    await page.keyboard.press('ArrowLeft');
    await done;
    await page.waitForFunction(() => !document.querySelector('figure.mlp-cell[data-running]'));
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  }, 180_000);
});
