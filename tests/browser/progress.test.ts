/**
 * A reader works an exercise in Chromium: a wrong answer shows its diagnosis as an announced status,
 * the right one passes and moves the chapter's count, the count survives a reload and shows in the
 * sidebar and on the course page, and the record goes out as a file, is reset, and comes back in
 * (a bad file is refused with the reason). axe finds nothing with a verdict on the page.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { exercisesOf } from '~/cells/exercises';
import { extractPage } from '~/cells/extract';
import { axeViolations, builtSiteInChromium, cellFigure, readerOutput, runInCell, waitForRun } from './setup';

const chromium = builtSiteInChromium();
/** Page scripts run after load on a shared, busy machine: give them time. */
const POLL = { timeout: 20_000 };

const source = readFileSync(new URL('../../src/content/docs/01-introduction.mdx', import.meta.url), 'utf8');
const exercise = exercisesOf(source, extractPage(source).cells)[1]!;
const PLACEHOLDER = 'const Z2cols = zeros(2, 3);';
const withAnswer = (answer: string) => exercise.cell.code.replace(PLACEHOLDER, `const Z2cols = ${answer};`);
const WRONG = withAnswer('Z2rows');
const RIGHT = withAnswer('add(matmul(transpose(V), Zcols), matmul(transpose(c), full(1, Zcols.cols, 1)))');


const summary = (page: Page) => page.locator('.mlp-progress-summary').textContent();
const verdict = (page: Page) => readerOutput(page, exercise.cell.index).locator('[role="status"][data-verdict]');

describe('an exercise in the browser', () => {
  it('diagnoses a wrong answer, passes the right one, counts it, keeps it over a reload, and exports, resets and imports it', async () => {
    expect(exercise.cell.code).toContain(PLACEHOLDER);
    const context = await chromium.browser.newContext({ acceptDownloads: true });
    const page = await context.newPage();
    await page.goto(`${chromium.site.url}01-introduction/`);
    await expect.poll(() => summary(page), POLL).toBe('0 of 2 exercises solved');

    await runInCell(page, exercise.cell.index, WRONG);
    await waitForRun(page, exercise.cell.index, 90_000);
    await expect.poll(() => verdict(page).getAttribute('data-verdict'), POLL).toBe('fail');
    expect(await verdict(page).getAttribute('data-mistake')).toBe('transpose');
    expect(await verdict(page).textContent()).toMatch(/Check failed: Z2cols is the transpose of the right answer/);
    expect(await summary(page)).toBe('0 of 2 exercises solved');
    expect(await page.locator('.mlp-exercise-state[data-state="tried"]').textContent()).toBe('Tried, not solved yet.');
    expect(await axeViolations(page), 'axe with a failed verdict shown').toEqual([]);

    await runInCell(page, exercise.cell.index, RIGHT);
    await waitForRun(page, exercise.cell.index, 60_000);
    await expect.poll(() => verdict(page).getAttribute('data-verdict'), POLL).toBe('pass');
    await expect.poll(() => summary(page), POLL).toBe('1 of 2 exercises solved');
    expect(await page.locator('.mlp-exercise-state[data-state="solved"]').textContent()).toMatch(/^Solved on /);
    expect(await axeViolations(page), 'axe with a passed verdict shown').toEqual([]);

    await page.reload();
    await expect.poll(() => summary(page), POLL).toBe('1 of 2 exercises solved');
    expect(await page.locator('nav.sidebar a[href$="/01-introduction/"] .mlp-sidebar-count').textContent()).toBe('1/2, 1 of 2 exercises solved');

    await page.goto(`${chromium.site.url}`);
    const count = page.locator('.mlp-chapters [data-progress-chapter="01-introduction"]');
    await expect.poll(() => count.textContent(), POLL).toBe('1 of 2 exercises solved');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export progress' }).click()]);
    const exported = join(tmpdir(), `mlp-progress-${process.pid}.json`);
    await download.saveAs(exported);
    const file = JSON.parse(readFileSync(exported, 'utf8')) as { format: string; exercises: { chapter: string; exercise: string; solvedAt: string; code: string }[] };
    expect(file.format).toBe('mlp-from-scratch-progress');
    expect(file.exercises).toHaveLength(1);
    expect(file.exercises[0]).toMatchObject({ chapter: '01-introduction', exercise: 'exercise-2', code: RIGHT });
    expect(Date.parse(file.exercises[0]!.solvedAt)).toBeGreaterThan(Date.now() - 600_000);

    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('button', { name: 'Reset progress' }).click();
    await expect.poll(() => page.locator('[data-progress-status]').textContent(), POLL).toBe('Nothing was reset.');
    expect(await count.textContent()).toBe('1 of 2 exercises solved');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Reset progress' }).click();
    await expect.poll(() => count.textContent(), POLL).toBe('0 of 2 exercises solved');

    const bad = join(tmpdir(), `mlp-progress-bad-${process.pid}.json`);
    writeFileSync(bad, '{ "format": "mlp-from-scratch-progress", "version": 1, "exercises": [{ "chapter": "01-introduction" }] }');
    await page.locator('[data-progress-panel] input[type="file"]').setInputFiles(bad);
    await expect.poll(() => page.locator('[data-progress-status]').textContent(), POLL).toMatch(/^Nothing was imported: mlp-progress-bad-\d+\.json has a problem at exercises\.0\.exercise: /);
    expect(await count.textContent()).toBe('0 of 2 exercises solved');

    await page.locator('[data-progress-panel] input[type="file"]').setInputFiles(exported);
    await expect.poll(() => count.textContent(), POLL).toBe('1 of 2 exercises solved');
    expect(await page.locator('[data-progress-status]').textContent()).toMatch(/^Imported 1 exercise from mlp-progress-\d+\.json\.$/);
    expect(await axeViolations(page), 'axe on the course page with its progress panel').toEqual([]);

    // Another browser: the file carries the progress there, a share link does not.
    const other = await chromium.browser.newContext();
    const elsewhere = await other.newPage();
    await elsewhere.goto(`${chromium.site.url}01-introduction/`);
    await expect.poll(() => summary(elsewhere), POLL).toBe('0 of 2 exercises solved');
    await other.close();
    await context.close();
  }, 240_000);

  it('reports an exercise solved in an earlier version as changed since it was solved, not as solved', async () => {
    const context = await chromium.browser.newContext();
    const stale = { chapter: '01-introduction', exercise: exercise.id, state: 'solved', hash: '0000000000000000', solvedAt: '2026-01-01T00:00:00.000Z', code: RIGHT };
    expect(stale.hash).not.toBe(exercise.hash);
    await context.addInitScript((record) => localStorage.setItem('mlp-progress', record), JSON.stringify({ format: 'mlp-from-scratch-progress', version: 1, exercises: [stale] }));
    const page = await context.newPage();
    await page.goto(`${chromium.site.url}01-introduction/`);
    await expect.poll(() => summary(page), POLL).toBe('0 of 2 exercises solved; 1 changed since you solved it');
    expect(await page.locator('.mlp-exercise-state[data-state="changed"]').textContent()).toMatch(/^Changed since you solved it: run the exercise again/);
    expect(await page.locator('nav.sidebar a[href$="/01-introduction/"] .mlp-sidebar-count').textContent()).toBe('0/2, 0 of 2 exercises solved; 1 changed since you solved it');
    await context.close();
  });

  it('shows the static count without JavaScript', async () => {
    const context = await chromium.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${chromium.site.url}01-introduction/`);
    expect(await summary(page)).toMatch(/^\s*2 exercises, checked in the page\s*$/);
    expect(await cellFigure(page, exercise.cell.index).locator('[role="status"][data-verdict="fail"]').count()).toBe(1);
    await context.close();
  });
});
