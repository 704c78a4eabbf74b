/**
 * Figures stay inside their box: their stylesheets style nothing outside them, position: fixed
 * cannot cover the page, no CSS form fetches anything, and a figure that is not one is said so.
 * In Chromium, against the built site; the figures are built in a cell with Plot's document, as a
 * reader (or a link they were sent) could.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { builtSiteInChromium, cellFigure as cell, runInCell } from './setup';

const chromium = builtSiteInChromium();
const chapter = '02-forward-pass/';

async function open(): Promise<{ page: Page; errors: string[]; fetched: string[] }> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const fetched: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (/fetched-\d+/.test(request.url())) fetched.push(request.url());
  });
  await page.goto(chromium.site.url + chapter);
  return { page, errors, fetched };
}

/** A cell that shows `markup` as a figure (a <figure> element of Plot's document, filled with it). */
const figureCell = (markup: string) =>
  `import * as Plot from "@observablehq/plot";\nconst doc = Plot.plot({ marks: [] }).ownerDocument;\nconst fig = doc.createElement("figure");\nfig.innerHTML = ${JSON.stringify(markup)};\nfig`;

describe('figures stay inside their box', () => {
  it("a figure's <style> restyles nothing outside it, and position: fixed cannot cover the page", async () => {
    const { page, errors } = await open();
    const hostile =
      '<style>body, nav, .sidebar-pane, .mlp-button, .mlp-run { display: none !important } :root { --sl-color-bg: red } * { visibility: hidden }</style>' +
      '<div style="position: fixed; inset: 0; width: 100vw; height: 100vh; z-index: 2147483647; background: rgb(255 0 0)">cover</div>' +
      '<svg width="40" height="40"><rect style="position: fixed" width="40" height="40"></rect></svg>';
    const out = await runInCell(page, 0, figureCell(hostile));
    await out.locator('.mlp-out-svg figure').waitFor({ state: 'attached', timeout: 30_000 });
    await page.waitForTimeout(300);
    // The page's own parts still show, and the next cell's Run button is what a click there reaches.
    const run = cell(page, 1).getByRole('button', { name: 'Run', exact: true });
    await run.scrollIntoViewIfNeeded();
    expect(await run.isVisible()).toBe(true);
    expect(await page.locator('.sidebar-pane').isVisible(), 'the sidebar').toBe(true);
    expect(await page.locator('.sidebar-pane').evaluate((p) => getComputedStyle(p).visibility)).toBe('visible');
    const hit = await run.evaluate((button) => {
      const box = button.getBoundingClientRect();
      const at = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return at === button || button.contains(at);
    });
    expect(hit, 'the Run button of the next cell is not covered').toBe(true);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--sl-color-bg'))).not.toMatch(/red/);
    // The cover is clipped to the figure's box.
    const [cover, box] = await Promise.all([
      out.locator('.mlp-out-svg div').first().boundingBox(),
      out.locator('.mlp-out-svg').first().boundingBox(),
    ]);
    expect(cover!.y).toBeGreaterThanOrEqual(box!.y - 1);
    await run.click({ timeout: 5_000 });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('no form of CSS a figure carries fetches anything: url(), image-set, -webkit-image-set, @import, @font-face, escapes, comments', async () => {
    const { page, fetched, errors } = await open();
    const base = new URL(chromium.site.url).origin;
    const u = (n: number) => `${base}/fetched-${n}`;
    const styles = [
      `rect { fill: url(${u(1)}) }`,
      `rect { background: image-set(url(${u(2)}) 1x) }`,
      `rect { background: -webkit-image-set(url(${u(3)}) 1x) }`,
      `@import url(${u(4)});`,
      `@import "${u(5)}";`,
      `rect { background: \\75 rl(${u(6)}) }`,
      `@font-face { font-family: f7; src: url(${u(7)}) } text { font-family: f7 }`,
      `rect { background: ur/**/l(${u(8)}) }`,
      `rect { --x: url(${u(9)}) } rect { background: var(--x) }`,
      `div { background-image: image-set("${u(10)}" 1x) }`,
    ];
    const attributes = [
      `<div style="background-image: \\75 rl(${u(11)})">a</div>`,
      `<div style="background: image-set('${u(12)}' 1x)">b</div>`,
      `<div style="cursor: url(${u(13)}), auto">c</div>`,
      `<div style="background: u\\rl(${u(14)})">d</div>`,
      `<svg width="10" height="10"><rect width="10" height="10" fill="url(${u(15)}#p)" mask="url(${u(16)}#m)" style="background: -webkit-image-set(url(${u(17)}) 1x)"></rect></svg>`,
    ];
    const markup = styles.map((css) => `<style>${css}</style>`).join('') + attributes.join('') + '<svg width="10" height="10"><text>t</text></svg>';
    const out = await runInCell(page, 0, figureCell(markup));
    await out.locator('.mlp-out-svg figure').waitFor({ state: 'attached', timeout: 30_000 });
    await page.waitForTimeout(1500);
    expect(fetched).toEqual([]);
    const html = await out.innerHTML();
    expect(html).not.toMatch(/fetched-/);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 90_000);

  it('a figure whose root is not one is said so in its place, with no page error', async () => {
    const { page, errors } = await open();
    const fake =
      '({ tagName: "svg", outerHTML: "<img src=x onerror=\\"window.pwned = 1\\">", attributes: [], children: [], textContent: "", ' +
      'hasAttribute: () => false, getAttribute: () => null, setAttribute() {}, removeAttribute() {}, remove() {} })';
    const out = await runInCell(page, 0, fake);
    await expect.poll(() => out.textContent(), { timeout: 20_000 }).toMatch(/This figure could not be shown: a figure's root must be <svg>, <figure> or <div> .*got <img>/);
    expect(await out.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(errors).toEqual([]);
    await page.context().close();
  }, 60_000);

  it('Plot figures keep their look: the scoped stylesheet still applies inside the figure', async () => {
    const { page } = await open();
    const out = await runInCell(page, 0, 'import * as Plot from "@observablehq/plot";\nPlot.plot({ marks: [Plot.text(["label"], { x: 0, y: 0 })] })');
    const svg = out.locator('svg').first();
    await svg.waitFor({ timeout: 30_000 });
    expect(await svg.evaluate((s) => getComputedStyle(s.querySelector('text')!).whiteSpace)).toBe('pre');
    // The baked figures of the page are scoped the same way.
    const baked = page.locator('.mlp-cell-output[data-origin="page"] .mlp-out-svg style').first();
    if ((await baked.count()) > 0) expect(await baked.textContent()).toMatch(/^:where\(\.mlp-figure-[0-9a-f]{16}\)/);
    await page.context().close();
  }, 60_000);
});
