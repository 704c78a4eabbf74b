/**
 * The engine in the reader's browser, where it can differ from Node: Chromium's
 * Float64Array.prototype.fill does nothing on arrays of 2^28 entries or more (Node fills them), so
 * an engine constructor that relied on it returned zeros without a word. The engine is bundled as
 * it is for the page and run in a blank Chromium page; no site build is needed.
 */
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch } from './harness';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    entryPoints: [new URL('../../src/lib/index.ts', import.meta.url).pathname],
    bundle: true,
    format: 'iife',
    globalName: 'mlp',
    write: false,
    logLevel: 'silent',
  });
  browser = await launch();
  page = await browser.newPage();
  await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the engine in Chromium', () => {
  it('fills a matrix of 2^28 entries (2 GiB) with the value asked for, not zeros', async () => {
    const seen = await page.evaluate(() => {
      const engine = (globalThis as unknown as { mlp: typeof import('~/lib/index') }).mlp;
      const n = 2 ** 14;
      let M: InstanceType<typeof engine.Matrix> | null = engine.full(n, n, 7);
      const entries = [M.data[0], M.data[2 ** 27], M.data[n * n - 1]];
      M = null;
      return entries;
    });
    expect(seen).toEqual([7, 7, 7]);
  }, 120_000);
});
