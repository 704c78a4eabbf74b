/**
 * What most browser tests share: the built site served under its base path and one Chromium for the
 * file, opened before its tests and closed after; and the reader's moves on a cell: replacing its
 * code in the editor, running it, and waiting until a run has finished.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { builtSite } from '../site/built-site';
import { launch, serve, type SiteServer } from './harness';

/** Registers the hooks; the returned object's `site` and `browser` are there once tests run. */
export function builtSiteInChromium(base = '/'): { readonly site: SiteServer; readonly browser: Browser } {
  const open: { site?: SiteServer; browser?: Browser } = {};
  beforeAll(async () => {
    open.site = await serve(await builtSite(base), base);
    open.browser = await launch();
  }, 300_000);
  afterAll(async () => {
    await open.browser?.close();
    await open.site?.close();
  });
  return {
    get site() {
      return open.site!;
    },
    get browser() {
      return open.browser!;
    },
  };
}

export const cellFigure = (page: Page, index: number) => page.locator(`figure.mlp-cell[data-cell-index="${index}"]`);

/** Replaces a cell's code as a reader would: click into it (the editor loads), select all, type. */
export async function typeIntoCell(page: Page, index: number, code: string): Promise<void> {
  const figure = cellFigure(page, index);
  if ((await figure.locator('.cm-content').count()) === 0) await figure.locator('pre.mlp-cell-code').click();
  const content = figure.locator('.cm-content');
  await content.waitFor();
  await content.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(code);
}

/** Where a cell shows the reader's own run (beside the page's baked output). */
export const readerOutput = (page: Page, index: number): Locator => cellFigure(page, index).locator('.mlp-cell-output[data-origin="reader"]');

/** Replaces a cell's code (as `typeIntoCell`) and presses its Run button; returns where its output will show. */
export async function runInCell(page: Page, index: number, code: string): Promise<Locator> {
  await typeIntoCell(page, index, code);
  await cellFigure(page, index).getByRole('button', { name: 'Run', exact: true }).click();
  return readerOutput(page, index);
}

/** Waits until the cell has a reader output and is no longer running. */
export async function waitForRun(page: Page, index: number, timeout: number): Promise<void> {
  await cellFigure(page, index).locator('.mlp-cell-output[data-origin="reader"]').waitFor({ timeout });
  await page.waitForFunction((i) => !document.querySelector(`figure.mlp-cell[data-cell-index="${i}"]`)!.hasAttribute('data-running'), index, { timeout });
}

const axeSource = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** axe-core's violations of the WCAG 2.0/2.1/2.2 A and AA rules on the whole page, one line each. */
export async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async (tags) => {
    const axe = (window as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: string[] }[] }[] }> } }).axe;
    return axe.run(document, { runOnly: { type: 'tag', values: tags } });
  }, AXE_TAGS);
  return result.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
}

/** Clicks cell `index`'s Stop button and returns how long, in ms of the page's clock, until the button is hidden again. */
export function timeStop(page: Page, index: number): Promise<number> {
  return page.evaluate(async (i) => {
    const button = document.querySelector<HTMLButtonElement>(`figure.mlp-cell[data-cell-index="${i}"] .mlp-stop`)!;
    const start = performance.now();
    button.click();
    while (!button.hidden) await new Promise((r) => setTimeout(r, 10));
    return performance.now() - start;
  }, index);
}
