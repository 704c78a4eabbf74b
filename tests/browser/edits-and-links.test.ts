/**
 * Nothing the reader wrote is lost without a word, and a shared link shows what will run: a full
 * localStorage is said, a share link never overwrites or deletes the reader's saved version
 * without asking, another tab's edit is noticed, shared code shows every character (long lines
 * wrap, invisible ones are marked), the chapter's output is not shown as the shared code's, and a
 * link that cannot be used says why. In Chromium, against the built site.
 */
import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { builtSiteInChromium, cellFigure as cell, typeIntoCell } from './setup';
import { encodeShare } from '~/components/cells/share';
import { deflateSync } from 'fflate';

const chromium = builtSiteInChromium();
const chapter = '02-forward-pass/';

async function open(context?: BrowserContext, path = chapter): Promise<Page> {
  const ctx = context ?? (await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } }));
  const page = await ctx.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(chromium.site.url + path);
  return page;
}

const status = (page: Page, index: number) => cell(page, index).locator('.mlp-cell-status').textContent();
const staticCode = (page: Page, index: number) => cell(page, index).locator('pre.mlp-cell-code').textContent();
const editorCode = (page: Page, index: number) =>
  cell(page, index).locator('.cm-content').evaluate((c) => [...c.querySelectorAll('.cm-line')].map((l) => l.textContent).join('\n'));

describe('nothing the reader wrote is lost without a word', () => {
  it('with localStorage full, an edit is said to be unsaved and stays in the page', async () => {
    const page = await open();
    await typeIntoCell(page, 1, '"saved before the storage filled"');
    await page.evaluate(() => {
      // Fill this origin's storage as far as it goes.
      for (let size = 1 << 22; size >= 16; size >>= 1) {
        const chunk = 'x'.repeat(size);
        for (let i = 0; ; i++) {
          try {
            localStorage.setItem(`fill-${size}-${i}`, chunk);
          } catch {
            break;
          }
        }
      }
    });
    const typed = `"typed with the storage full${', and longer than what was saved before'.repeat(5)}"`;
    await typeIntoCell(page, 1, typed);
    await expect.poll(() => status(page, 1)).toMatch(/could not be saved in this browser.*stays in this page.*reload would show your last saved version/);
    expect(await editorCode(page, 1)).toBe(typed);
    await page.context().close();
  }, 60_000);

  it("a share link over a cell the reader edited: typing does not overwrite their saved version, Reset does not delete it, and they can choose", async () => {
    const context = await chromium.browser.newContext();
    const mine = await open(context);
    await typeIntoCell(mine, 1, '"my own version"');
    await mine.close();

    const link = `${chapter}#${encodeShare('1', '"from a link"')}`;
    const shared = await open(context, link);
    await expect.poll(() => staticCode(shared, 1)).toBe('"from a link"');
    await typeIntoCell(shared, 1, '"from a link, edited"');
    await expect.poll(() => status(shared, 1)).toMatch(/Your own version of this cell stays saved/);
    await cell(shared, 1).getByRole('button', { name: 'Reset' }).click();
    await expect.poll(() => status(shared, 1)).toMatch(/original code is shown.*stays saved/);
    await shared.close();

    const again = await open(context);
    await expect.poll(() => staticCode(again, 1)).toBe('"my own version"');
    await again.close();

    // Choosing the shared version is the reader's to do.
    const choose = await open(context, link);
    await expect.poll(() => staticCode(choose, 1)).toBe('"from a link"');
    await typeIntoCell(choose, 1, '"chosen"');
    await cell(choose, 1).getByRole('button', { name: 'Keep this as my version' }).click();
    await expect.poll(() => status(choose, 1)).toMatch(/Saved as your version/);
    await choose.close();
    const after = await open(context);
    await expect.poll(() => staticCode(after, 1)).toBe('"chosen"');
    await context.close();
  }, 90_000);

  it('two tabs editing the same cell: the other tab says so and offers its version', async () => {
    const context = await chromium.browser.newContext();
    const first = await open(context);
    const second = await open(context);
    await typeIntoCell(first, 2, '"typed in the first tab"');
    await typeIntoCell(second, 2, '"typed in the second tab"');
    await expect.poll(() => status(first, 2), { timeout: 10_000 }).toMatch(/edited in another tab.*still shows its own version/);
    expect(await editorCode(first, 2)).toBe('"typed in the first tab"');
    await cell(first, 2).getByRole('button', { name: "Show the other tab's version" }).click();
    expect(await editorCode(first, 2)).toBe('"typed in the second tab"');
    await context.close();
  }, 60_000);
});

describe('what a shared link shows is what will run', () => {
  it('long lines wrap, bidi and invisible characters are shown, and the chapter output is not shown as the shared code\'s', async () => {
    const code = `const shown = 1;${' '.repeat(400)}stealth();\nconst access = "user"; // \u202E } \u2066if (admin)\u2069 \u2066 begin\u200B\nzero\u200Bwidth`;
    const page = await open(undefined, `${chapter}#${encodeShare('0', code)}`);
    const pre = cell(page, 0).locator('pre.mlp-cell-code');
    await expect.poll(() => pre.textContent()).toBe(code);
    // Nothing past the box: the word after the spaces is inside the code's visible area.
    const inside = await pre.evaluate((p) => {
      const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf('stealth');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 'stealth'.length);
        const word = range.getBoundingClientRect();
        const box = p.getBoundingClientRect();
        return word.left >= box.left && word.right <= box.right && word.width > 0;
      }
      return false;
    });
    expect(inside, 'code after 400 spaces is visible').toBe(true);
    const marks = await pre.locator('.mlp-invisible').evaluateAll((ms) => ms.map((m) => (m as HTMLElement).dataset.char));
    expect(marks).toEqual(['U+202E', 'U+2066', 'U+2069', 'U+2066', 'U+200B', 'U+200B']);
    expect(await pre.locator('.mlp-invisible').first().evaluate((m) => getComputedStyle(m, '::before').content)).toMatch(/U\+202E/);
    // The chapter's own output does not stand under the shared code.
    expect(await cell(page, 0).locator('.mlp-cell-output[data-origin="page"]').isHidden()).toBe(true);
    expect(await cell(page, 0).locator('.mlp-shared-note').textContent()).toMatch(/has not run.*hidden/);
    await page.setViewportSize({ width: 390, height: 844 });
    await cell(page, 0).scrollIntoViewIfNeeded();
    await page.context().close();
  }, 60_000);

  it('a link to a cell the page does not have, or with code that is not UTF-8, says what was wrong', async () => {
    const unknown = await open(undefined, `${chapter}#${encodeShare('no-such-cell', '1')}`);
    await expect.poll(() => unknown.locator('.mlp-page-status').textContent()).toMatch(/names the cell "no-such-cell", which this page does not have.*nothing was loaded/);
    await unknown.context().close();

    const latin1 = Buffer.from(deflateSync(Uint8Array.from([0x63, 0x61, 0x66, 0xe9]))).toString('base64url');
    const bad = await open(undefined, `${chapter}#cell=1&code=${latin1}`);
    await expect.poll(() => cell(bad, 1).locator('.mlp-cell-status').textContent()).toMatch(/not UTF-8 text/);
    await bad.context().close();
  }, 60_000);

  it('a share link to the page already open (only the fragment changes) is loaded too', async () => {
    const page = await open();
    await page.evaluate((fragment) => (location.hash = fragment), encodeShare('1', '"opened in place"'));
    await expect.poll(() => staticCode(page, 1)).toBe('"opened in place"');
    expect(await status(page, 1)).toMatch(/shared link and has not been run/);
    await page.context().close();
  }, 60_000);
});
