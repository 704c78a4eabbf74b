/**
 * The live cells in a real browser (Debian's Chromium), against the built site.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { builtSiteInChromium, cellFigure as cell, readerOutput, runInCell, timeStop, typeIntoCell as typeInto, waitForRun } from './setup';

const chromium = builtSiteInChromium();
const chapter = '02-forward-pass/';

async function open(path = chapter): Promise<Page> {
  const context = await chromium.browser.newContext();
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(chromium.site.url + path);
  return page;
}


describe('a chapter page in Chromium', () => {
  it('renders KaTeX and shows baked outputs before any script runs', async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(chromium.site.url + chapter);
    expect(await page.locator('.katex').count()).toBeGreaterThan(20);
    expect(await cell(page, 0).locator('.mlp-cell-output[data-origin="page"]').textContent()).toContain('2.6');
    await context.close();
  });

  it('edits and runs a cell, shows the new output, and switches back to the page output', async () => {
    const page = await open();
    const reader = await runInCell(page, 0, 'const shown = 6 * 7;\nshown');
    await expect.poll(() => reader.textContent(), { timeout: 20_000 }).toContain('42');
    await cell(page, 0).getByRole('button', { name: "The page's output" }).click();
    expect(await reader.isHidden()).toBe(true);
    expect(await cell(page, 0).locator('.mlp-cell-output[data-origin="page"]').isVisible()).toBe(true);
    await page.context().close();
  }, 60_000);

  it('draws a plot from a cell', async () => {
    const page = await open();
    const svg = (await runInCell(page, 0, 'import * as Plot from "@observablehq/plot";\nPlot.plot({ marks: [Plot.lineY([1, 3, 2])] })')).locator('svg');
    await svg.first().waitFor({ timeout: 20_000 });
    expect(await svg.first().locator('path').count()).toBeGreaterThan(1);
    await page.context().close();
  }, 60_000);

  it("runs a chapter's own plotting cell without loading the editor or the TypeScript transform, which come when the code is edited", async () => {
    const page = await open();
    const scripts: string[] = [];
    page.on('request', (request) => {
      if (request.resourceType() === 'script' || /\.js(\?|$)/.test(request.url())) scripts.push(new URL(request.url()).pathname);
    });
    const plotting = page.locator('figure.mlp-cell').filter({ hasText: '@observablehq/plot' }).first();
    const index = Number(await plotting.getAttribute('data-cell-index'));
    const baked = await plotting.locator('.mlp-cell-output[data-origin="page"]').innerHTML();
    await plotting.getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, index, 60_000);
    const reader = plotting.locator('.mlp-cell-output[data-origin="reader"]');
    expect(await reader.locator('svg').count()).toBeGreaterThan(0);
    expect(await reader.locator('.mlp-out-error').count()).toBe(0);
    // The same figure as the build drew (ids aside, which are per run).
    const withoutIds = (html: string) => html.replace(/\b(id|href|clip-path|fill|class)="[^"]*"/g, '');
    expect(withoutIds(await reader.innerHTML())).toBe(withoutIds(baked));
    const loaded = (chunk: RegExp) => scripts.some((path) => chunk.test(path.split('/').pop()!));
    expect(loaded(/^kernel\.worker/)).toBe(true);
    expect(loaded(/^plot-/)).toBe(true);
    expect(loaded(/^editor\./)).toBe(false);
    expect(loaded(/^transform-/)).toBe(false);
    // Reaching for the code brings the editor; running edited code brings the transform.
    const edited = await runInCell(page, index, '"edited: " + (1 + 1)');
    await expect.poll(() => edited.textContent(), { timeout: 20_000 }).toContain('"edited: 2"');
    expect(loaded(/^editor\./)).toBe(true);
    expect(loaded(/^transform-/)).toBe(true);
    await page.context().close();
  }, 120_000);

  it('marks as stale only the cells that read what an edited cell declared, directly or through others', async () => {
    const page = await open();
    await cell(page, 5).getByRole('button', { name: 'Run', exact: true }).click();
    await waitForRun(page, 5, 60_000);
    const stale = () => page.evaluate(() => [...document.querySelectorAll<HTMLElement>('figure.mlp-cell[data-stale]')].map((f) => Number(f.dataset.cellIndex)));
    expect(await stale()).toEqual([]);
    // Cell 2 declares relu and A; cells 3 and 4 read A; cell 5 (layer widths) reads none of it.
    const code = (i: number) => page.evaluate((i) => (JSON.parse(document.getElementById('mlp-cells')!.textContent!) as { code: string }[])[i]!.code, i);
    await typeInto(page, 2, `${await code(2)}\n// edited`);
    await expect.poll(stale).toEqual([3, 4]);
    // Cell 4's W2wrong is read by no cell that ran: editing it marks nothing new.
    await typeInto(page, 4, `${await code(4)}\n// edited`);
    expect(await stale()).toEqual([3, 4]);
    await page.context().close();
  }, 120_000);

  it('keeps printed markup as text', async () => {
    const page = await open();
    const reader = await runInCell(page, 0, 'console.log("<img src=x onerror=window.pwned=1>");');
    await expect.poll(() => reader.textContent(), { timeout: 20_000 }).toContain('<img src=x');
    expect(await reader.locator('img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.context().close();
  }, 60_000);

  it('stops `while (true) {}` and stays responsive', async () => {
    const page = await open();
    await runInCell(page, 0, 'while (true) {}');
    const stop = cell(page, 0).getByRole('button', { name: 'Stop' });
    await stop.waitFor({ state: 'visible', timeout: 20_000 });
    await page.waitForTimeout(300); // let the loop start in the worker
    const elapsed = await timeStop(page, 0);
    // A generous bound: Stop must work, not be fast (the worker is terminated at once; a loaded machine delays the page).
    expect(elapsed).toBeLessThan(3000);
    expect(await readerOutput(page, 0).textContent()).toMatch(/state|lost|gone/i);
    // The page still answers and a fresh kernel runs code.
    await runInCell(page, 0, '1 + 1');
    await expect.poll(() => readerOutput(page, 0).textContent(), { timeout: 20_000 }).toContain('2');
    await page.context().close();
  }, 60_000);

  it('loads a shared link into the cell without running it', async () => {
    const page = await open();
    await typeInto(page, 1, 'console.log("from a link")');
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await cell(page, 1).getByRole('button', { name: 'Copy link' }).click();
    await expect.poll(() => cell(page, 1).locator('.mlp-cell-status').textContent()).toMatch(/Link copied|address bar/);
    const link = await page.evaluate(() => navigator.clipboard.readText().catch(() => location.href));
    await page.context().close();

    const reader = await open(link.slice(chromium.site.url.length));
    await expect.poll(() => cell(reader, 1).locator('pre.mlp-cell-code').textContent()).toContain('from a link');
    expect(await cell(reader, 1).locator('.mlp-cell-status').textContent()).toMatch(/shared link and has not been run/);
    expect(await readerOutput(reader, 1).count()).toBe(0);
    await reader.context().close();

    const broken = await open(`${chapter}#cell=1&code=@@@`);
    await expect.poll(() => cell(broken, 1).locator('.mlp-cell-status').textContent()).toMatch(/could not be used/);
    await broken.context().close();
  }, 60_000);

  it('keeps edits across a reload, and Reset brings back the chapter\'s own code', async () => {
    const page = await open();
    const original = await page.evaluate(() => (JSON.parse(document.getElementById('mlp-cells')!.textContent!) as { code: string }[])[2]!.code);
    expect(original).not.toBe('"kept"');
    await typeInto(page, 2, '"kept"');
    await page.reload();
    const shown = () => cell(page, 2).locator('pre.mlp-cell-code').textContent();
    expect(await shown()).toBe('"kept"');
    await cell(page, 2).getByRole('button', { name: 'Reset' }).click();
    expect(await shown()).toBe(original);
    await page.reload();
    expect(await shown()).toBe(original);
    // And in the editor: Reset there puts the original back into it.
    await typeInto(page, 2, '"edited in the editor"');
    await cell(page, 2).getByRole('button', { name: 'Reset' }).click();
    const editorText = () => cell(page, 2).locator('.cm-content').evaluate((c) => [...c.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'));
    expect(await editorText()).toBe(original);
    await page.context().close();
  }, 60_000);

  it('shows an error a timer or an unawaited promise throws after the run on the cell that started it', async () => {
    const page = await open();
    const first = await runInCell(page, 0, 'setTimeout(() => {\n  throw new RangeError("late from a timer");\n}, 1500);\nPromise.reject(new TypeError("nobody awaited this"));\n"started"');
    await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain('"started"');
    // Another cell runs before the timer fires: the error still belongs to the first.
    await runInCell(page, 1, '"second"');
    await expect.poll(() => first.textContent(), { timeout: 20_000 }).toMatch(/RangeError: late from a timer \(line 2, column 9\)/);
    expect(await first.textContent()).toMatch(/TypeError: unhandled rejection: nobody awaited this \(line 4/);
    expect(await readerOutput(page, 1).textContent()).not.toMatch(/late from a timer|nobody awaited/);
    await page.context().close();
  }, 60_000);

  it('says so when the kernel sends a message the page refuses, during a run and after it', async () => {
    const page = await open();
    const reader = await runInCell(page, 0, 'self.postMessage({ type: "output", runId: 1, output: { kind: "html", html: "<img src=x onerror=alert(1)>" } });\nsetTimeout(() => self.postMessage({ type: "forged" }), 500);\n"sent"');
    await expect.poll(() => reader.textContent(), { timeout: 20_000 }).toMatch(/"sent"[\s\S]*could not accept[\s\S]*it is not shown/);
    expect(await reader.locator('img').count()).toBe(0);
    await expect.poll(() => page.locator('.mlp-page-status').textContent(), { timeout: 5_000 }).toMatch(/2 messages this page could not accept/);
    await page.context().close();
  }, 60_000);

  it('after a cell exhausts memory and takes the tab down, the reloaded page names the cell and keeps its code', async () => {
    // In Chromium a worker out of memory crashes the whole renderer, which no page code can catch
    // (see persistence.ts). Playwright refuses to reload a crashed page, so the reload and the
    // reads after it go through the DevTools protocol to the same tab (sessionStorage is per tab).
    const page = await open();
    let crashed = false;
    page.on('crash', () => (crashed = true));
    const hog = 'const hoard: number[][] = [];\nfor (;;) hoard.push(new Array(1_000_000).fill(1.5));';
    await runInCell(page, 1, hog);
    await expect.poll(() => crashed, { timeout: 60_000, interval: 250 }).toBe(true);

    const cdp = await chromium.browser.newBrowserCDPSession();
    const { targetInfos } = await cdp.send('Target.getTargets');
    const tab = targetInfos.find((t) => t.type === 'page' && t.url.endsWith(chapter))!;
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: tab.targetId, flatten: false });
    let nextId = 1;
    const pending = new Map<number, (reply: { result?: { result?: { value?: unknown } } }) => void>();
    cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
      const reply = JSON.parse(message) as { id?: number; result?: { result?: { value?: unknown } } };
      if (reply.id !== undefined) pending.get(reply.id)?.(reply);
    });
    const send = (method: string, params: object = {}) =>
      new Promise<{ result?: { result?: { value?: unknown } } }>((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
      });
    const read = async (selector: string) =>
      (await send('Runtime.evaluate', { expression: `document.querySelector(${JSON.stringify(selector)})?.textContent ?? null`, returnByValue: true })).result?.result?.value;

    await send('Page.reload');
    await expect.poll(() => read('figure.mlp-cell[data-cell-index="1"] .mlp-cell-status'), { timeout: 20_000 }).toMatch(/stopped while this cell was running.*memory.*code is kept/);
    expect(await read('figure.mlp-cell[data-cell-index="1"] pre.mlp-cell-code')).toBe(hog);
    expect(await read('.mlp-page-status')).toMatch(/cell 2/);
    // Told once: another reload is quiet.
    await send('Page.reload');
    await expect.poll(() => read('.mlp-page-status'), { timeout: 20_000 }).toMatch(/run one to start/);
    expect(await read('figure.mlp-cell[data-cell-index="1"] .mlp-cell-status')).not.toMatch(/stopped while/);
    await cdp.detach();
    await page.context().close().catch(() => {});
  }, 120_000);

  it('edits with line numbers, highlighting, closing and matching brackets, undo and redo; Escape then Tab leaves', async () => {
    const page = await open();
    await typeInto(page, 0, 'const a = 1;\nconst b = 2;');
    const editor = cell(page, 0).locator('.cm-editor');
    expect(await editor.locator('.cm-lineNumbers .cm-gutterElement').allTextContents()).toEqual(expect.arrayContaining(['1', '2']));
    // Keywords get a highlight class of their own (the colours come from the theme).
    expect(await editor.locator('.cm-line span[class]').count()).toBeGreaterThan(0);
    const text = () => editor.locator('.cm-content').textContent();
    await page.keyboard.press('End');
    await page.keyboard.insertText('\n');
    await page.keyboard.type('f(');
    expect(await text()).toContain('f()');
    expect(await editor.locator('.cm-matchingBracket').count()).toBeGreaterThan(0);
    await page.keyboard.press('ControlOrMeta+z');
    expect(await text()).not.toContain('f(');
    await page.keyboard.press('ControlOrMeta+Shift+z');
    expect(await text()).toContain('f()');
    const content = cell(page, 0).locator('.cm-content');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await content.evaluate((c) => c.contains(document.activeElement))).toBe(false);
    await page.context().close();
  }, 60_000);

  it('opens the editor where the static code was: same line positions, same height, line numbers on their lines', async () => {
    // Chapter 9's second cell has long lines, so at 390 px both views wrap them.
    for (const viewport of [{ width: 1280, height: 900 }, { width: 390, height: 844 }]) {
      const context = await chromium.browser.newContext({ viewport });
      const page = await context.newPage();
      await page.goto(`${chromium.site.url}09-training/`);
      await page.evaluate(() => document.fonts.ready);
      const figure = cell(page, 1);
      await figure.scrollIntoViewIfNeeded();
      /** Tops (from the figure's top) and heights of the elements, and the figure's height. */
      const boxes = (selector: string) =>
        figure.evaluate((f, s) => {
          const top = f.getBoundingClientRect().top;
          const rects = [...f.querySelectorAll(s)].map((e) => e.getBoundingClientRect()).filter((r) => r.height > 0);
          return { figure: f.getBoundingClientRect().height, boxes: rects.map((r) => [r.top - top, r.height]) };
        }, selector);
      const before = await boxes('pre.mlp-cell-code .line');
      await figure.locator('pre.mlp-cell-code').click();
      await figure.locator('.cm-content').waitFor();
      const lines = await boxes('.cm-content .cm-line');
      const numbers = await boxes('.cm-lineNumbers .cm-gutterElement');
      const where = `at ${viewport.width} px`;
      expect(before.boxes.length, where).toBe(6);
      expect(lines.boxes.length, where).toBe(before.boxes.length);
      const near = (a: number[][], b: number[][], what: string) =>
        a.forEach(([top, height], i) => {
          expect(Math.abs(top! - b[i]![0]!), `${what} ${i + 1} top ${where}`).toBeLessThanOrEqual(1);
          expect(Math.abs(height! - b[i]![1]!), `${what} ${i + 1} height ${where}`).toBeLessThanOrEqual(1);
        });
      near(lines.boxes, before.boxes, 'editor line vs static line');
      near(numbers.boxes, lines.boxes, 'line number vs its line');
      // The editor's own layout may settle a frame or two later on a loaded machine: the height is read until it does (or 5 s pass).
      await expect
        .poll(async () => Math.abs((await boxes('.cm-content .cm-line')).figure - before.figure), { message: `figure height ${where}`, timeout: 5_000 })
        .toBeLessThanOrEqual(1);
      await context.close();
    }
  }, 60_000);

  it('works from the keyboard alone: Tab reaches Run, Enter runs, Tab leaves the editor', async () => {
    const page = await open();
    const run = cell(page, 0).getByRole('button', { name: 'Run', exact: true });
    for (let i = 0; i < 60 && !(await run.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await run.evaluate((b) => b === document.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => readerOutput(page, 0).textContent(), { timeout: 20_000 }).toContain('2.6');
    // Running the chapter's code did not need the editor: the code is still the static view.
    expect(await cell(page, 0).locator('.cm-content').count()).toBe(0);
    // Tab on from Run reaches the code; the editor opens there with the keyboard in it.
    const content = cell(page, 0).locator('.cm-content');
    for (let i = 0; i < 10 && !(await cell(page, 0).evaluate((f) => f.querySelector('pre.mlp-cell-code, .cm-content')?.contains(document.activeElement) ?? false)); i++) {
      await page.keyboard.press('Tab');
    }
    await content.waitFor();
    await expect.poll(() => content.evaluate((c) => c.contains(document.activeElement))).toBe(true);
    await page.keyboard.type('1 + ');
    expect(await content.textContent()).toContain('1 + ');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await content.evaluate((c) => c.contains(document.activeElement))).toBe(false);
    await page.context().close();
  }, 60_000);
});
