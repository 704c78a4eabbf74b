/**
 * Whatever a cell does, the page stays the reader's: a flood of messages is stopped, Stop works,
 * forged messages show nothing, a kernel that stops answering is noticed, every run ends with its
 * outputs or a clear error, built-ins a cell changes do not break later cells, and timers report
 * on their own cell. In Chromium, against the built site.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { builtSiteInChromium, cellFigure as cell, readerOutput, runInCell, timeStop, waitForRun } from './setup';

const chromium = builtSiteInChromium();
const chapter = '02-forward-pass/';

async function open(): Promise<Page> {
  const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error('page error:', error.message));
  await page.goto(chromium.site.url + chapter);
  return page;
}

const barStatus = (page: Page) => page.locator('.mlp-page-status').textContent();
const cellStatus = (page: Page, index: number) => cell(page, index).locator('.mlp-cell-status').textContent();
const isRunning = (page: Page, index: number) => cell(page, index).evaluate((f) => f.hasAttribute('data-running'));
/** How long the page takes to answer a trivial evaluation: a frozen main thread does not. */
async function roundTrip(page: Page): Promise<number> {
  const start = Date.now();
  await page.evaluate(() => document.title);
  return Date.now() - start;
}

describe('floods', () => {
  it("a cell posting messages without end on the worker's own channel is stopped, and the page stays responsive", async () => {
    const page = await open();
    const started = Date.now();
    const out = await runInCell(page, 0, 'for (;;) self.postMessage({ type: "output", runId: 1, output: { kind: "log", level: "log", text: "x".repeat(1000) } });');
    // Stop at 1 s, if the page has not stopped it already; either way the run ends (a generous bound: it must work, not be fast).
    await page.waitForTimeout(1000);
    const stop = cell(page, 0).getByRole('button', { name: 'Stop' });
    if (await stop.isVisible()) await stop.click({ timeout: 5_000 });
    await expect.poll(() => isRunning(page, 0), { timeout: 10_000 }).toBe(false);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await out.textContent()).toMatch(/stopped to keep the page responsive|Stopped/);
    expect(await out.locator('pre').count(), 'none of the forged outputs is shown').toBe(0);
    expect(await roundTrip(page)).toBeLessThan(2_000);
    expect(await barStatus(page), 'the page does not call a stopped kernel ready').toMatch(/shut down.*fresh one/);
    // A fresh kernel runs the cell's next code.
    const next = await runInCell(page, 0, '"after the flood"');
    await expect.poll(() => next.textContent(), { timeout: 20_000 }).toContain('"after the flood"');
    await page.context().close();
  }, 90_000);

  it('Stop ends a run that floods through the runner (a progress bar and a live display updated without pause) within a generous bound', async () => {
    const page = await open();
    const out = await runInCell(
      page,
      0,
      'import { progress, display } from "mlp/notebook";\nfor (let i = 0; ; i++) {\n  progress((i % 100) / 100, `step ${i}`);\n  display(i, { id: "live" });\n  if (i % 1000 === 0) await null;\n}',
    );
    await out.locator('progress').waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1000);
    const elapsed = await timeStop(page, 0);
    expect(elapsed).toBeLessThan(3_000);
    expect(await out.textContent()).toMatch(/Stopped/);
    expect(await roundTrip(page)).toBeLessThan(2_000);
    await page.context().close();
  }, 90_000);

  it('an interval that prints and throws without end after its run is reported on its cell, capped, and stopped', async () => {
    const page = await open();
    const out = await runInCell(page, 0, 'setInterval(() => {\n  for (let i = 0; i < 1000; i++) console.log(`late ${i}`);\n  throw new Error("and a throw");\n}, 1);\n"set"');
    await expect.poll(() => out.textContent(), { timeout: 20_000 }).toMatch(/timers it set with setTimeout and setInterval were stopped/);
    const shown = await out.locator('.mlp-out').count();
    await page.waitForTimeout(1000);
    expect(await out.locator('.mlp-out').count()).toBe(shown);
    expect(shown).toBeLessThan(250);
    expect(await roundTrip(page)).toBeLessThan(2_000);
    await page.context().close();
  }, 90_000);

  it("hundreds of timer chains on the worker's own setTimeout that throw: reported on the cell, capped, the page responsive", async () => {
    const page = await open();
    const out = await runInCell(page, 0, 'for (let k = 0; k < 300; k++) {\n  (function chain() {\n    self.setTimeout(() => {\n      chain();\n      throw new Error(`chain ${k}`);\n    }, 0);\n  })();\n}\n"started"');
    await expect.poll(() => out.textContent(), { timeout: 20_000 }).toMatch(/what they send from now on is not shown/);
    await page.waitForTimeout(1000);
    expect(await out.locator('.mlp-out').count()).toBeLessThan(250);
    expect(await roundTrip(page)).toBeLessThan(2_000);
    const stop = page.getByRole('button', { name: 'Restart kernel' });
    await stop.click({ timeout: 5_000 });
    await page.context().close();
  }, 90_000);
});

describe('every run ends with its outputs or a clear error', () => {
  it('an error message of two million characters, a label and an id of a million, a thrown Proxy, a message getter that throws', async () => {
    const page = await open();
    const huge = await runInCell(page, 0, 'import { progress } from "mlp/notebook";\nprogress(0.3, "L".repeat(1e6), "I".repeat(1e6));\nthrow new Error("M".repeat(2e6));');
    await expect.poll(() => huge.textContent(), { timeout: 20_000 }).toMatch(/more characters cut\]/);
    expect(await huge.textContent()).toMatch(/was cut, as marked/);
    expect((await huge.textContent())!.length).toBeLessThan(60_000);
    await waitForRun(page, 0, 20_000);

    const proxy = await runInCell(page, 1, 'const trap = () => { throw new Error("trap"); };\nthrow new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });');
    await expect.poll(() => proxy.textContent(), { timeout: 20_000 }).toMatch(/Uncaught: a thrown object that could not be read/);
    await waitForRun(page, 1, 20_000);

    const getter = await runInCell(page, 2, 'throw { get message(): string { throw new Error("no"); }, name: "Odd" };');
    await expect.poll(() => getter.textContent(), { timeout: 20_000 }).toMatch(/Uncaught: \{ message: \[getter threw Error: no\], name: "Odd" \}/);
    await page.context().close();
  }, 90_000);
});

describe("the kernel's state comes from its runner", () => {
  it('a forged done shows no result while the cell is still busy', async () => {
    const page = await open();
    const forged = '{ type: "done", runId: r, result: { status: "ok", outputs: [{ kind: "value", text: "\\"forged result\\"" }] } }';
    const out = await runInCell(page, 0, `for (let r = 0; r < 10; r++) self.postMessage(${forged});\nconst t = Date.now();\nwhile (Date.now() - t < 2500) {}\n"real result"`);
    await page.waitForTimeout(1200);
    expect(await isRunning(page, 0), 'still running after the forged done').toBe(true);
    expect(await out.textContent()).not.toContain('forged result');
    await expect.poll(() => out.textContent(), { timeout: 20_000 }).toContain('"real result"');
    expect(await out.textContent()).not.toContain('forged result');
    expect(await out.textContent()).toMatch(/10 messages this page could not accept/);
    await page.context().close();
  }, 60_000);

  it("a cell that silences the worker's global handlers changes nothing: the next cell runs", async () => {
    const page = await open();
    const first = await runInCell(page, 0, 'self.onmessage = null;\nself.postMessage = () => {};\n(self as any).addEventListener = () => {};\n"silenced"');
    await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain('"silenced"');
    const next = await runInCell(page, 1, '6 * 7');
    await expect.poll(() => next.textContent(), { timeout: 20_000 }).toContain('42');
    await page.context().close();
  }, 60_000);

  it('self.close() is noticed: the page says the kernel is not answering, and Restart brings a working one', async () => {
    const page = await open();
    await runInCell(page, 0, 'self.close();\n"closing"');
    await expect.poll(() => barStatus(page), { timeout: 20_000 }).toMatch(/not answering|No word from the kernel/);
    await page.getByRole('button', { name: 'Restart kernel' }).click();
    const next = await runInCell(page, 0, '1 + 1');
    await expect.poll(() => next.textContent(), { timeout: 20_000 }).toContain('2');
    await page.context().close();
  }, 60_000);

  it('an endless microtask chain left by a cell is noticed, and the next run says it has not started', async () => {
    const page = await open();
    const out = await runInCell(page, 0, '(function spin() {\n  queueMicrotask(spin);\n})();\n"spinning"');
    await expect.poll(() => out.textContent(), { timeout: 20_000 }).toContain('"spinning"');
    await expect.poll(() => barStatus(page), { timeout: 20_000 }).toMatch(/not answering/);
    await runInCell(page, 1, '"next"');
    await expect.poll(() => cellStatus(page, 1), { timeout: 20_000 }).toMatch(/has not started: the kernel is not answering/);
    await cell(page, 1).getByRole('button', { name: 'Stop' }).click();
    const again = await runInCell(page, 0, '"fresh"');
    await expect.poll(() => again.textContent(), { timeout: 20_000 }).toContain('"fresh"');
    await page.context().close();
  }, 90_000);
});

describe('cells that change globals do not break later cells', () => {
  it('Object.prototype, Array.prototype.push, Promise.prototype.then and console.log replaced by one cell; the next cells, Plot included, run as usual', async () => {
    const page = await open();
    const first = await runInCell(
      page,
      0,
      'Object.prototype.then = function (resolve: (v: unknown) => void) { resolve(String("hijacked")); };\n(Object.prototype as any).polluted = "yes";\n' +
        'Array.prototype.push = function () { throw new Error("push is gone"); };\nPromise.prototype.then = function () { return this; } as any;\n' +
        'console.log = () => { throw new Error("log is gone"); };\n"patched"',
    );
    await expect.poll(() => first.textContent(), { timeout: 20_000 }).toMatch(/This cell changed built-ins.*put back/);
    await waitForRun(page, 0, 20_000);
    const second = await runInCell(page, 1, 'const xs: number[] = [];\nxs.push(await Promise.resolve(2));\nconsole.log("pushed", xs.length, ({} as any).polluted);\nxs');
    await expect.poll(() => second.textContent(), { timeout: 20_000 }).toMatch(/pushed 1 undefined/);
    expect(await second.textContent()).not.toMatch(/SyntaxError|hijacked|gone/);
    await waitForRun(page, 1, 20_000);
    const plot = await runInCell(page, 2, 'import * as Plot from "@observablehq/plot";\nPlot.plot({ marks: [Plot.lineY([1, 3, 2])] })');
    await plot.locator('svg').first().waitFor({ timeout: 30_000 });
    expect(await plot.textContent(), 'loading Plot changes no built-in').not.toMatch(/changed built-ins/);
    await page.context().close();
  }, 90_000);
});

describe('timers and promises belong to their cell', () => {
  it('an interval prints on the cell that set it, never under the cell running next, and stops when its cell runs again', async () => {
    const page = await open();
    const first = await runInCell(page, 0, 'let n = 0;\nsetInterval(() => console.log(`tick ${++n}`), 100);\n"set"');
    await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain('"set"');
    const second = await runInCell(page, 1, 'await new Promise((r) => setTimeout(r, 800));\n"second"');
    await expect.poll(() => second.textContent(), { timeout: 20_000 }).toContain('"second"');
    expect(await second.textContent()).not.toContain('tick');
    await expect.poll(() => first.textContent(), { timeout: 5_000 }).toMatch(/its timers or promises sent:[\s\S]*tick 3/);
    const again = await runInCell(page, 0, '"no timer now"');
    await expect.poll(() => again.textContent(), { timeout: 20_000 }).toContain('"no timer now"');
    await page.waitForTimeout(500);
    expect(await again.textContent()).not.toContain('tick');
    await page.context().close();
  }, 60_000);

  it('a rejection nobody handles, from an async callback and with a plain value, is reported on its cell', async () => {
    const page = await open();
    const first = await runInCell(page, 0, 'setTimeout(async () => {\n  await null;\n  throw new Error("async late");\n}, 300);\nPromise.reject(42);\n"started"');
    await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain('"started"');
    await runInCell(page, 1, '"second"');
    await expect.poll(() => first.textContent(), { timeout: 20_000 }).toMatch(/unhandled rejection: async late/);
    expect(await first.textContent()).toMatch(/unhandled rejection: 42/);
    expect(await readerOutput(page, 1).textContent()).not.toMatch(/async late|42/);
    await page.context().close();
  }, 60_000);
});
