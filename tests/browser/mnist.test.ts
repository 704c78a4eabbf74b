/**
 * The chapter on training in practice promises a 784-128-10 network trained on real MNIST digits in
 * the reader's browser to at least 95 % validation accuracy. Its full run is a browser-only cell (too
 * long for the build), so this test presses its Run button in Chromium and reads the result the
 * reader would see: the progress bar, the live curves, and the final accuracy line.
 */
import { describe, expect, it } from 'vitest';
import { builtSiteInChromium } from './setup';

const chromium = builtSiteInChromium();

describe('MNIST in the browser (chapter 9)', () => {
  it('trains the full run to at least 95 % validation accuracy, with progress and live curves', async () => {
    const page = await chromium.browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${chromium.site.url}09-training/`);
    const cell = page.locator('figure.mlp-cell[data-flags~="browser-only"]').filter({ hasText: 'fullModel' });
    expect(await cell.count()).toBe(1);
    const started = Date.now();
    await cell.getByRole('button', { name: 'Run', exact: true }).click();
    const output = cell.locator('.mlp-cell-output[data-origin="reader"]');
    // While it trains: a progress bar, then the curves drawn after the first epoch.
    await output.locator('progress').waitFor({ timeout: 120_000 });
    await output.locator('svg').first().waitFor({ timeout: 120_000 });
    await expect.poll(() => output.textContent(), { timeout: 400_000, interval: 1000 }).toMatch(/validation accuracy [\d.]+ %/);
    const seconds = (Date.now() - started) / 1000;
    const text = (await output.textContent()) ?? '';
    const accuracy = Number(/validation accuracy ([\d.]+) %/.exec(text)![1]);
    console.log(`MNIST in Chromium: ${accuracy} % validation accuracy, ${seconds.toFixed(1)} s from Run to the result`);
    expect(accuracy).toBeGreaterThanOrEqual(95);
    expect(text).not.toMatch(/Error/);
    // The misclassified digits are drawn too (curves, digits and more: several figures).
    expect(await output.locator('svg').count()).toBeGreaterThanOrEqual(2);
    expect(errors).toEqual([]);
    await page.close();
  }, 600_000);
});
