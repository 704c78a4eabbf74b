/**
 * Same seed, same numbers, in Node and in the browser: seeded normals, the initial weights drawn
 * from them and the data sets are bit-identical in the build (Node) and in a reader's Chromium.
 * They would not be with Math.log/Math.sin/Math.cos, which differ in the last bit between the two
 * V8 versions (src/lib/portable-math.ts). The same cell runs in both places and prints a hash of
 * every byte drawn.
 */
import { describe, expect, it } from 'vitest';
import { defaultModules } from '~/cells/modules';
import { Session } from '~/cells/runner';
import { builtSiteInChromium, cellFigure, typeIntoCell } from './setup';

const chromium = builtSiteInChromium();

const cell = `import { createRng, initWeights, makeMoons, makeSpirals } from "mlp";

const rng = createRng(2024);
const drawn = [
  Float64Array.from({ length: 50_000 }, () => rng.normal()),
  initWeights("he-normal", 784, 128, createRng(1)).data,
  initWeights("glorot-normal", 128, 10, createRng(2)).data,
  makeSpirals({ samples: 3000, seed: 3 }).X.data,
  makeMoons({ samples: 3000, noise: 0.2, seed: 4 }).X.data,
];
let hash = 0x811c9dc5;
for (const values of drawn) {
  for (const byte of new Uint8Array(values.buffer)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
}
"FNV-1a of every draw: " + hash.toString(16)`;

describe('seeded draws', () => {
  it('are bit-identical in Node (the build) and in Chromium (the reader)', async () => {
    const node = await new Session({ modules: await defaultModules() }).run(cell);
    expect(node.status).toBe('ok');
    const nodeText = node.outputs.map((o) => ('text' in o ? o.text : '')).join('');
    expect(nodeText).toMatch(/FNV-1a of every draw: [0-9a-f]+/);

    const page = await chromium.browser.newPage();
    await page.goto(`${chromium.site.url}02-forward-pass/`);
    await typeIntoCell(page, 0, cell);
    const figure = cellFigure(page, 0);
    await figure.getByRole('button', { name: 'Run', exact: true }).click();
    const output = figure.locator('.mlp-cell-output[data-origin="reader"]');
    await expect.poll(() => output.textContent(), { timeout: 60_000 }).toMatch(/FNV-1a of every draw/);
    expect(await output.textContent()).toBe(nodeText);
    await page.close();
  }, 120_000);
});
