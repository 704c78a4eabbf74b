/**
 * The engine reproduces every PyTorch reference case (tests/fixtures/parity/reference.json, made by
 * scripts/reference/parity.py) with both backprop paths, within the file's tolerance; and
 * the parity check itself can fail: a reference number moved by one part in a million is caught.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { setAssetLoader } from '~/lib/data/assets';
import { loadParityFile, parityError, runParityCase, runParityFile } from '~/lib/parity';
import { parseParityFile, type ParityCase, type ParityFile } from '~/lib/parity-format';
import { expectClose } from '../close';

const fixturePath = new URL('../fixtures/parity/reference.json', import.meta.url);
const fixtureText = readFileSync(fixturePath, 'utf8');
const file: ParityFile = parseParityFile(JSON.parse(fixtureText));
const TOO_LARGE = 'kronecker-too-large';

describe('PyTorch reference cases (tolerance from the file)', () => {
  it('the file asks for 1e-9, the format default', () => {
    expect(file.tolerance).toBe(1e-9);
  });

  for (const backprop of ['efficient', 'kronecker'] as const) {
    for (const c of file.cases) {
      it(`${c.name} (${backprop})`, () => {
        const result = runParityCase(c, { backprop, tolerance: file.tolerance });
        if (backprop === 'kronecker' && c.name === TOO_LARGE) {
          expect(result.passed).toBe(false);
          expect(result.skipped).toMatch(/Jacobian .* over the limit of 4,000,000/);
          return;
        }
        expect(result.skipped).toBeUndefined();
        const expected = Object.keys(c.expect).sort();
        expect(result.checks.map((k) => k.quantity).sort(), 'every expected quantity is checked').toEqual(expected);
        for (const check of result.checks) expect(check.error, check.quantity).toBeLessThanOrEqual(file.tolerance);
        expect(result.passed).toBe(true);
      });
    }
  }

  it('covers every activation, loss and optimizer option, widths 1 to 16, softmax inside, batches of 1, short or oversized, input gradients and ±1e4 logits', () => {
    const activations = new Set(file.cases.flatMap((c) => c.layers.map((l) => l.activation + (l.slope !== undefined ? '+slope' : ''))));
    for (const a of ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'leaky_relu+slope', 'softmax']) expect(activations).toContain(a);
    expect(new Set(file.cases.map((c) => c.loss))).toEqual(new Set(['mse', 'cross_entropy', 'softmax_cross_entropy']));
    const options = new Set(file.cases.flatMap((c) => (c.optimizer ? Object.keys(c.optimizer).map((k) => `${c.optimizer!.name}.${k}`) : [])));
    for (const o of ['sgd.momentum', 'sgd.dampening', 'sgd.nesterov', 'sgd.weight_decay', 'rmsprop.alpha', 'rmsprop.eps', 'rmsprop.weight_decay', 'adam.beta1', 'adam.beta2', 'adam.eps', 'adam.weight_decay', 'adam.decoupled']) {
      expect(options).toContain(o);
    }
    expect(new Set(file.cases.map((c) => c.layers.length))).toEqual(new Set([1, 2, 3, 4]));
    expect(file.cases.some((c) => c.batch_size !== undefined && c.x.length % c.batch_size !== 0 && (c.epochs ?? 1) > 1)).toBe(true);
    expect(file.cases.some((c) => c.expect.input_grad0 !== undefined)).toBe(true);
    const hidden = file.cases.flatMap((c) => c.layers.slice(0, -1));
    expect(Math.min(...hidden.map((l) => l.units))).toBe(1);
    expect(hidden.map((l) => l.units)).toContain(16);
    expect(hidden.some((l) => l.activation === 'softmax')).toBe(true);
    expect(file.cases.some((c) => c.batch_size === 1)).toBe(true);
    expect(file.cases.some((c) => c.batch_size !== undefined && c.batch_size > c.x.length)).toBe(true);
    const largestLogit = Math.max(...file.cases.filter((c) => c.loss === 'softmax_cross_entropy').flatMap((c) => c.expect.forward?.flat().map(Math.abs) ?? []));
    expect(largestLogit).toBeGreaterThanOrEqual(1e4);
  });

  it('runParityFile: all cases pass with efficient backprop; kronecker skips exactly the oversized case', () => {
    const efficient = runParityFile(file, { backprop: 'efficient' });
    expect([efficient.passed, efficient.failed, efficient.skipped]).toEqual([file.cases.length, 0, 0]);
    const kronecker = runParityFile(file, { backprop: 'kronecker' });
    expect([kronecker.passed, kronecker.failed, kronecker.skipped]).toEqual([file.cases.length - 1, 0, 1]);
    expect(kronecker.results.filter((r) => r.skipped).map((r) => r.name)).toEqual([TOO_LARGE]);
    for (const summary of [efficient, kronecker]) {
      expect(summary.worst.map((w) => w.quantity).sort()).toEqual(['batch_losses', 'forward', 'grads0', 'input_grad0', 'loss0', 'params']);
      for (const w of summary.worst) expect(w.error, w.quantity).toBeLessThanOrEqual(file.tolerance);
    }
  });
});

/** A copy of the named case with one expected number multiplied by (1 + 1e-6). */
function corrupted(name: string, perturb: (c: ParityCase) => void): ParityCase {
  const c = structuredClone(file.cases.find((k) => k.name === name)!);
  perturb(c);
  return c;
}

describe('the parity check catches a reference number off by one part in a million', () => {
  const perturbations: [string, string, (c: ParityCase) => void][] = [
    ['forward', 'four-layers', (c) => (c.expect.forward![2]![1]! *= 1 + 1e-6)],
    ['loss0', 'logits-softmax_cross_entropy', (c) => (c.expect.loss0! *= 1 + 1e-6)],
    ['grads0', 'sigmoid-hidden-mse', (c) => (c.expect.grads0![1]!.b[0]! *= 1 + 1e-6)],
    ['input_grad0', 'relu-near-kink', (c) => (c.expect.input_grad0![3]![2]! *= 1 + 1e-6)],
    ['batch_losses', 'train-adamw', (c) => (c.expect.batch_losses![8]! *= 1 + 1e-6)],
    ['params', 'train-rmsprop', (c) => (c.expect.params![0]!.W[1]![1]! *= 1 + 1e-6)],
  ];
  for (const [quantity, name, perturb] of perturbations) {
    for (const backprop of ['efficient', 'kronecker'] as const) {
      it(`${quantity} in ${name} (${backprop})`, () => {
        const result = runParityCase(corrupted(name, perturb), { backprop, tolerance: file.tolerance });
        expect(result.passed).toBe(false);
        // The moved number's relative error is 1e-6/(1 + 1e-6); the others stay at rounding level.
        const [moved, ...more] = result.checks.filter((check) => check.quantity === quantity);
        expect(moved, `${quantity} is checked`).toBeDefined();
        expect(more, `${quantity} is checked once`).toEqual([]);
        expectClose(moved!.error, 1e-6, { rtol: 1e-3 });
        for (const check of result.checks) if (check !== moved) expect(check.error, check.quantity).toBeLessThanOrEqual(file.tolerance);
      });
    }
  }

  it('runParityFile counts the corrupted case as failed and the rest as passed', () => {
    const bad = { ...file, cases: [corrupted('train-adam', (c) => (c.expect.params![1]!.b[0]! *= 1 + 1e-6)), ...file.cases.slice(0, 3)] };
    const summary = runParityFile(bad);
    expect([summary.passed, summary.failed, summary.skipped]).toEqual([3, 1, 0]);
    expect(summary.results[0]).toMatchObject({ name: 'train-adam', passed: false });
  });

  it('runParityFile reports a case the engine cannot run as failed, with the message, and runs the others', () => {
    // Not through parseParityFile, which would reject it: the engine's own shape check throws.
    const broken = corrupted('train-sgd', (c) => c.params[0]!.W.pop());
    const summary = runParityFile({ ...file, cases: [broken, file.cases[0]!] });
    expect([summary.passed, summary.failed]).toEqual([1, 1]);
    expect(summary.results[0]).toMatchObject({ name: 'train-sgd', passed: false, checks: [] });
    expect(summary.results[0]!.error).toMatch(/^Sequential\.fromParams: layer 1: W is \(2×6\), expected \(3×6\)/);
  });

  it('a NaN input makes every quantity it reaches infinitely wrong', () => {
    const result = runParityCase(corrupted('train-sgd-weight-decay', (c) => (c.x[0]![0] = NaN)));
    expect(result.passed).toBe(false);
    const errors = Object.fromEntries(result.checks.map((k) => [k.quantity, k.error]));
    for (const quantity of ['forward', 'loss0', 'grads0', 'batch_losses']) expect(errors[quantity], quantity).toBe(Infinity);
    // trainStep refuses to apply a step whose loss is not finite, so the parameters stay finite but untrained.
    expect(errors.params).toBeGreaterThan(file.tolerance);
    expect(errors.params).toBeLessThan(Infinity);
  });

  it('a NaN input that reaches a softmax fails the case with the softmax error, naming where it is', () => {
    const summary = runParityFile({ ...file, cases: [corrupted('train-sgd', (c) => (c.x[0]![0] = NaN))] });
    expect(summary.failed).toBe(1);
    expect(summary.results[0]!.error).toMatch(/^softmax\.forward: row 0, column \d is NaN/);
  });
});

describe('parityError', () => {
  it('is |a − e| / (|e| + 1e-12), worst over the elements', () => {
    expectClose(parityError([1, 2.002], [1, 2]), 1e-3, { rtol: 1e-9 });
    expectClose(parityError([-3, 5], [-3.3, 5]), 0.3 / (3.3 + 1e-12), { rtol: 1e-12 });
    // Where the reference is 0 the metric is absolute, scaled by 1e12.
    expectClose(parityError([1e-13], [0]), 0.1, { rtol: 1e-9 });
    expect(parityError([0, 0], [0, 0])).toBe(0);
  });

  it('is infinite for a length mismatch or a NaN anywhere', () => {
    expect(parityError([1, 2], [1])).toBe(Infinity);
    expect(parityError([NaN, 1], [1, 1])).toBe(Infinity);
    expect(parityError([1, NaN], [1, 1])).toBe(Infinity);
  });
});

describe('loadParityFile', () => {
  afterEach(() => setAssetLoader(async (name) => Promise.reject(new Error(`no asset ${name} in this test`))));

  it('reads data/parity-reference.json through the registered asset loader and parses it', async () => {
    const asked: string[] = [];
    setAssetLoader(async (name) => {
      asked.push(name);
      return new TextEncoder().encode(fixtureText);
    });
    const loaded = await loadParityFile();
    expect(asked).toEqual(['data/parity-reference.json']);
    expect(loaded.cases.map((c) => c.name)).toEqual(file.cases.map((c) => c.name));
    expect(runParityCase(loaded.cases[0]!, { backprop: 'efficient' }).passed).toBe(true);
  });

  it('says which asset is not JSON, and passes format errors through', async () => {
    setAssetLoader(async () => new TextEncoder().encode('<!doctype html>'));
    await expect(loadParityFile('data/other.json')).rejects.toThrow(/loadParityFile\("data\/other.json"\): not JSON/);
    setAssetLoader(async () => new TextEncoder().encode('{"format":"mlp-parity/1","cases":[]}'));
    await expect(loadParityFile()).rejects.toThrow('parseParityFile: cases must be a non-empty array');
  });
});
