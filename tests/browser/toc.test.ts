/**
 * "On this page" (src/components/toc/follow-headings.ts) marks the section the reader is in, on
 * the desktop sidebar and in the phone's drop-down: at the top of the page, after a jump to a
 * heading's link, while scrolling down and back up, and at the end of the page.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtSite } from '../site/built-site';
import { launch, serve, type SiteServer } from './harness';

let site: SiteServer;
let browser: Browser;

beforeAll(async () => {
  site = await serve(await builtSite('/'));
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** The text of the link marked current in `toc` (a custom element name), once it settles on `expected`. */
async function waitForCurrent(page: Page, toc: string, expected: string): Promise<string> {
  try {
    await page.waitForFunction(
      ([toc, expected]) => document.querySelector(`${toc} a[aria-current="true"]`)?.textContent?.trim() === expected,
      [toc, expected] as const,
      { timeout: 10_000 },
    );
  } catch {
    // Fall through: the assertion below names what is marked instead.
  }
  return page.evaluate((toc) => document.querySelector(`${toc} a[aria-current="true"]`)?.textContent?.trim() ?? '(none)', toc);
}

/** The headings "On this page" links to, in page order, as [id, link text]. */
function linkedHeadings(page: Page, toc: string): Promise<[string, string][]> {
  return page.evaluate(
    (toc) => [...document.querySelectorAll<HTMLAnchorElement>(`${toc} a[href^="#"]`)].map((a) => [decodeURIComponent(a.hash.slice(1)), a.textContent!.trim()] as [string, string]),
    toc,
  );
}

/** Where heading `id` is, once the page has stopped moving it (in px from the window's top). */
async function headingTop(page: Page, id: string): Promise<number> {
  await page.waitForTimeout(1000);
  return page.evaluate((id) => document.getElementById(id)!.getBoundingClientRect().top, id);
}

async function scrollToHeading(page: Page, id: string, offset: number): Promise<void> {
  await page.evaluate(
    ([id, offset]) => {
      const top = document.getElementById(id)!.getBoundingClientRect().top + scrollY;
      scrollTo({ top: top - offset, behavior: 'instant' });
    },
    [id, offset] as const,
  );
}

describe('on this page', () => {
  let context: BrowserContext;
  afterAll(() => context?.close());

  it('follows the reader on the desktop: top, a jump, scrolling down and up, the end', async () => {
    context = await browser.newContext({ viewport: { width: 1280, height: 900 }, serviceWorkers: 'block' });
    const page = await context.newPage();
    await page.goto(`${site.url}06-kronecker/`);
    const headings = await linkedHeadings(page, 'mlp-toc');
    expect(headings.length).toBeGreaterThan(8);
    expect(await waitForCurrent(page, 'mlp-toc', headings[0]![1])).toBe(headings[0]![1]);

    const [jumpId, jumpText] = headings[4]!;
    await page.locator(`mlp-toc a[href="#${jumpId}"]`).click();
    expect(await waitForCurrent(page, 'mlp-toc', jumpText)).toBe(jumpText);
    // The jump lands on its heading although the blocks above it were laid out only as it happened.
    expect(await headingTop(page, jumpId)).toBeGreaterThan(0);
    expect(await headingTop(page, jumpId)).toBeLessThan(150);

    // A heading a little above the line counts as reached; one just below does not.
    const [nextId, nextText] = headings[6]!;
    await scrollToHeading(page, nextId, 40);
    expect(await waitForCurrent(page, 'mlp-toc', nextText)).toBe(nextText);
    await scrollToHeading(page, nextId, 400);
    expect(await waitForCurrent(page, 'mlp-toc', headings[5]![1])).toBe(headings[5]![1]);

    await page.evaluate(() => scrollTo({ top: document.documentElement.scrollHeight, behavior: 'instant' }));
    const last = headings.at(-1)![1];
    expect(await waitForCurrent(page, 'mlp-toc', last)).toBe(last);
    expect(await page.locator('mlp-toc a[aria-current="true"]').count()).toBe(1);
  }, 120_000);

  it('opens a link to a heading far down the page on that heading', async () => {
    const page = await context.newPage();
    await page.goto(`${site.url}06-kronecker/`);
    const headings = await linkedHeadings(page, 'mlp-toc');
    const [id, text] = headings.at(-3)!;
    await page.goto(`${site.url}05-backpropagation/`);
    await page.goto(`${site.url}06-kronecker/#${id}`);
    expect(await waitForCurrent(page, 'mlp-toc', text)).toBe(text);
    const top = await headingTop(page, id);
    expect(top).toBeGreaterThan(0);
    expect(top).toBeLessThan(150);
  }, 120_000);

  it('names the current section in the phone drop-down, which a link or Escape closes', async () => {
    const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, serviceWorkers: 'block', colorScheme: 'dark' });
    try {
      const page = await phone.newPage();
      await page.goto(`${site.url}06-kronecker/`);
      const headings = await linkedHeadings(page, 'mlp-mobile-toc');
      const details = page.locator('mlp-mobile-toc details');
      await page.locator('mlp-mobile-toc summary').click();
      expect(await details.getAttribute('open')).not.toBeNull();
      const [id, text] = headings[3]!;
      await page.locator(`mlp-mobile-toc a[href="#${id}"]`).click();
      expect(await details.getAttribute('open')).toBeNull();
      expect(await waitForCurrent(page, 'mlp-mobile-toc', text)).toBe(text);
      expect((await page.locator('mlp-mobile-toc .display-current').textContent())?.trim()).toBe(text);

      await page.locator('mlp-mobile-toc summary').focus();
      await page.keyboard.press('Enter');
      expect(await details.getAttribute('open')).not.toBeNull();
      await page.keyboard.press('Escape');
      expect(await details.getAttribute('open')).toBeNull();
      expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('SUMMARY');
    } finally {
      await phone.close();
    }
  }, 120_000);
});
