/**
 * The site built under a sub-path (as a GitHub Pages project site) works in a browser: pages,
 * styles, fonts and scripts load from under the base, and a cell runs in the kernel worker, which
 * fetches its own code from under the base too.
 */
import { describe, expect, it } from 'vitest';
import { SUB_PATH_BASE } from '../site/built-site';
import { builtSiteInChromium } from './setup';

const chromium = builtSiteInChromium(SUB_PATH_BASE);

describe(`a build under ${SUB_PATH_BASE}`, () => {
  it('loads every request from under the base and runs a cell', async () => {
    const page = await chromium.browser.newPage();
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    // Requests cut short by the navigation below are not failures of the site.
    page.on('requestfailed', (r) => {
      if (!/ERR_ABORTED/.test(r.failure()?.errorText ?? '')) failed.push(`failed ${r.url()}: ${r.failure()?.errorText}`);
    });
    await page.goto(`${chromium.site.url}02-forward-pass/`);
    // Navigate by the sidebar like a reader: links must keep the base.
    await page.locator('nav[aria-label="Main"] a', { hasText: 'About this course' }).first().click();
    await page.waitForURL(`${chromium.site.url}`);
    await page.goto(`${chromium.site.url}02-forward-pass/`);
    await page.locator('figure.mlp-cell[data-cell-index="0"] .mlp-run').click();
    await page
      .locator('figure.mlp-cell[data-cell-index="0"] .mlp-cell-output[data-origin="reader"]')
      .filter({ hasText: '2.6' })
      .waitFor({ timeout: 30_000 });
    expect(failed).toEqual([]);
    await page.close();
  }, 120_000);

  it('registers the offline service worker under the base, scoped to it', async () => {
    const page = await chromium.browser.newPage();
    await page.goto(`${chromium.site.url}03-activations/`);
    const registration = await page.evaluate(async () => {
      const ready = await navigator.serviceWorker.ready;
      return { scope: ready.scope, script: ready.active?.scriptURL };
    });
    expect(registration).toEqual({ scope: chromium.site.url, script: `${chromium.site.url}sw.js` });
    await page.close();
  }, 120_000);
});
