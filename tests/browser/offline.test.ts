/**
 * The course works offline after one visit (src/integrations/offline.ts): the service worker
 * precaches the build, so with the browser offline another chapter opens, a cell that loads MNIST
 * and plots runs (kernel worker, Plot chunk and data all from the cache), and search still answers.
 * A new deploy is not served stale forever: the page offers a reload, and after it the new version
 * of a page is what the reader gets, offline too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveSite, type SiteServer } from '../../scripts/serve-site';
import { builtSite } from '../site/built-site';
import { launch } from './harness';
import { waitForRun } from './setup';

let dist = '';
let site: SiteServer;
let browser: Browser;
/** Off: the server serves the build as it is. On: it serves a "second deploy" of one page and a service worker that lists it. */
let secondDeploy = false;
const NEW_TITLE = 'Second deploy of this page';

beforeAll(async () => {
  dist = await builtSite('/');
  const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
  const page = readFileSync(join(dist, '02-forward-pass/index.html'), 'utf8');
  const entry = /\{url:"02-forward-pass\/index\.html",revision:"([0-9a-f]+)"\}/.exec(sw);
  if (!entry) throw new Error('sw.js does not precache 02-forward-pass/index.html with a revision');
  const newSw = sw.replace(entry[0], entry[0].replace(entry[1]!, 'f'.repeat(entry[1]!.length)));
  const newPage = page.replace(/<title>[^<]*<\/title>/, `<title>${NEW_TITLE}</title>`);
  site = await serveSite(dist, {
    override: (path) => {
      if (!secondDeploy) return null;
      if (path === 'sw.js') return { body: newSw, type: 'text/javascript; charset=utf-8' };
      if (path === '02-forward-pass/' || path === '02-forward-pass/index.html') return { body: newPage, type: 'text/html; charset=utf-8' };
      return null;
    },
  });
  browser = await launch();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Opens a page and waits until the service worker has installed (its precache is complete) and controls the page. */
async function openControlled(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${site.url}${path}`);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  }
  return page;
}

describe('offline', () => {
  it('after one visit, another chapter opens offline and runs a cell that loads MNIST and plots', async () => {
    const context = await browser.newContext();
    const errors: string[] = [];
    await openControlled(context, '01-introduction/');
    await context.setOffline(true);
    const page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${site.url}09-training/`);
    expect(await page.title()).toMatch(/training/i);
    const cell = page.locator('figure.mlp-cell').filter({ hasText: 'loadMnist()' }).first();
    const index = Number(await cell.getAttribute('data-cell-index'));
    await cell.locator('.mlp-run').click();
    await waitForRun(page, index, 240_000);
    const output = cell.locator('.mlp-cell-output[data-origin="reader"]');
    expect(await output.textContent()).toMatch(/10,?000 digits/);
    expect(await output.locator('.mlp-out-error').count()).toBe(0);
    expect(await output.locator('svg').count()).toBeGreaterThan(0);
    // The search index is precached too.
    await page.locator('button[data-open-modal]').click();
    await page.locator('dialog[open] input').fill('softmax');
    await expect.poll(() => page.locator('dialog[open] .pagefind-ui__result').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  }, 400_000);

  it('a new deploy is offered as a reload, and after it the new page is served, offline too', async () => {
    const context = await browser.newContext();
    const page = await openControlled(context, '02-forward-pass/');
    expect(await page.title()).not.toBe(NEW_TITLE);
    secondDeploy = true;
    try {
      await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r?.update()));
      const bar = page.locator('.mlp-update[role="status"]');
      await bar.waitFor({ timeout: 60_000 });
      expect(await bar.textContent()).toContain('A new version of this course is ready');
      // Until the reader chooses, the old version keeps being served.
      expect(await page.title()).not.toBe(NEW_TITLE);
      await Promise.all([page.waitForEvent('load', { timeout: 60_000 }), bar.getByRole('button', { name: 'Reload' }).click()]);
      expect(await page.title()).toBe(NEW_TITLE);
    } finally {
      secondDeploy = false;
    }
    // The new version is in the cache now: offline, the reader still gets it.
    await context.setOffline(true);
    await page.reload();
    expect(await page.title()).toBe(NEW_TITLE);
    await context.close();
  }, 300_000);
});
