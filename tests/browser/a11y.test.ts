/**
 * axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on every built page, in the light and the dark theme,
 * both as the page loads and with the interactive layer active (editor and a run output shown).
 */
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { builtSite } from '../site/built-site';
import { axeViolations, builtSiteInChromium } from './setup';


const chromium = builtSiteInChromium();
let pages: string[] = [];

beforeAll(async () => {
  const dist = await builtSite('/');
  pages = (readdirSync(dist, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => f.endsWith('index.html') && !f.startsWith('pagefind'))
    .map((f) => relative(dist, join(dist, f)).replace(/index\.html$/, ''));
}, 300_000);


async function open(path: string, theme: 'light' | 'dark', viewport?: { width: number; height: number }): Promise<Page> {
  const context = await chromium.browser.newContext({ colorScheme: theme, ...(viewport ? { viewport, isMobile: true, hasTouch: true } : {}) });
  await context.addInitScript((t) => localStorage.setItem('starlight-theme', t), theme);
  const page = await context.newPage();
  await page.goto(chromium.site.url + path);
  expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
  // Equations and tables that scroll sideways become tab stops once measured, a few at a time after load.
  await page.waitForFunction(() => document.documentElement.dataset.scrollRegions === 'ready' || !document.querySelector('.sl-markdown-content'));
  return page;
}

describe('accessibility (axe-core, WCAG 2.2 AA tags)', () => {
  it('finds the built pages', () => {
    expect(pages.length).toBeGreaterThanOrEqual(3);
  });

  // Layout, not colour, changes on a phone (icon-only buttons, collapsed menus, equations and tables
  // that scroll sideways), so one theme is enough; both themes' colours are checked above.
  it('reports no violation on any page on a 390 px phone screen', async () => {
    const found: string[] = [];
    for (const path of pages) {
      const page = await open(path, 'light', { width: 390, height: 844 });
      for (const v of await axeViolations(page)) found.push(`/${path} (390 px): ${v}`);
      await page.context().close();
    }
    expect(found).toEqual([]);
  }, 480_000);

  for (const theme of ['light', 'dark'] as const) {
    it(`reports no violation on any page in the ${theme} theme`, async () => {
      const found: string[] = [];
      for (const path of pages) {
        const page = await open(path, theme);
        for (const v of await axeViolations(page)) found.push(`/${path}: ${v}`);
        await page.context().close();
      }
      expect(found).toEqual([]);
    }, 480_000);

    it(`reports no violation with the editor and a run output shown (${theme})`, async () => {
      const path = pages.find((p) => p.startsWith('02-'))!;
      const page = await open(path, theme);
      await page.locator('figure.mlp-cell[data-cell-index="0"] .mlp-run').click();
      await page.locator('figure.mlp-cell[data-cell-index="0"] .mlp-cell-output[data-origin="reader"] table').waitFor({ timeout: 30_000 });
      expect(await axeViolations(page)).toEqual([]);
      await page.context().close();
    }, 120_000);
  }
});
