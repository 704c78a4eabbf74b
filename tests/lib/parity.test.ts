import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parityError, parseParityFile, runParityCase, type ParityFile } from '~/lib/parity';

const fixture = new URL('../fixtures/parity/reference.json', import.meta.url).pathname;
const file: ParityFile = parseParityFile(JSON.parse(readFileSync(fixture, 'utf8')));
const root = new URL('../../', import.meta.url).pathname;

describe('PyTorch reference cases (tolerance from the file, 1e-9)', () => {
  for (const backprop of ['efficient', 'kronecker'] as const) {
    for (const c of file.cases) {
      it(`${c.name} (${backprop})`, () => {
        const result = runParityCase(c, { backprop, tolerance: file.tolerance });
        if (backprop === 'kronecker' && c.name === 'kronecker-too-large') {
          expect(result.skipped).toMatch(/over the limit of 4,000,000/);
          return;
        }
        expect(result.skipped).toBeUndefined();
        expect(result.checks.length).toBeGreaterThan(0);
        for (const check of result.checks) expect(check.error, `${check.quantity}`).toBeLessThanOrEqual(file.tolerance);
      });
    }
  }

  it('covers every activation, loss and optimizer option', () => {
    const activations = new Set(file.cases.flatMap((c) => c.layers.map((l) => l.activation + (l.slope !== undefined ? '+slope' : ''))));
    for (const a of ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'leaky_relu+slope', 'softmax']) expect(activations).toContain(a);
    expect(new Set(file.cases.map((c) => c.loss))).toEqual(new Set(['mse', 'cross_entropy', 'softmax_cross_entropy']));
    const options = new Set(file.cases.flatMap((c) => (c.optimizer ? Object.keys(c.optimizer).map((k) => `${c.optimizer!.name}.${k}`) : [])));
    for (const o of ['sgd.momentum', 'sgd.dampening', 'sgd.nesterov', 'sgd.weight_decay', 'rmsprop.alpha', 'rmsprop.eps', 'rmsprop.weight_decay', 'adam.beta1', 'adam.beta2', 'adam.eps', 'adam.weight_decay', 'adam.decoupled']) {
      expect(options).toContain(o);
    }
    expect(file.cases.some((c) => c.batch_size !== undefined && c.x.length % c.batch_size !== 0)).toBe(true);
  });
});

describe('the parity check itself', () => {
  it('fails a case whose expected value is off by one part in a million', () => {
    const c = structuredClone(file.cases.find((k) => k.expect.grads0)!);
    c.expect.grads0![0]!.W[0]![0]! *= 1 + 1e-6;
    const result = runParityCase(c, { tolerance: file.tolerance });
    expect(result.passed).toBe(false);
    expect(result.checks.find((k) => k.quantity === 'grads0')!.error).toBeGreaterThan(1e-7);
  });

  it('measures |a − e| / (|e| + 1e-12) and treats a length mismatch as infinite', () => {
    expect(parityError([1, 2.002], [1, 2])).toBeCloseTo(1e-3, 12);
    expect(parityError([1e-13], [0])).toBeCloseTo(0.1, 12);
    expect(parityError([1, 2], [1])).toBe(Infinity);
    expect(parityError([NaN], [1])).toBe(Infinity);
  });

  it('rejects malformed files with the case and key', () => {
    expect(() => parseParityFile({ format: 'mlp-parity/2', cases: [] })).toThrow(`format is "mlp-parity/2", expected 'mlp-parity/1'`);
    const bad = structuredClone(file) as unknown as { cases: Record<string, unknown>[] };
    bad.cases[0]!.colour = 'red';
    expect(() => parseParityFile(bad)).toThrow(/case 1 \(.+\): unknown key "colour"/);
    const short = structuredClone(file);
    short.cases[1]!.y.pop();
    expect(() => parseParityFile(short)).toThrow(/case 2 \(.+\): y must be/);
  });
});

describe('npm run parity', () => {
  it('prints a line per case and the totals, and exits 2 on a bad option', async () => {
    const run = promisify(execFile);
    const tsx = `${root}node_modules/.bin/tsx`;
    const { stdout } = await run(tsx, ['scripts/parity.ts', '--backprop', 'kronecker'], { cwd: root });
    expect(stdout).toMatch(/^ok {3}logits-softmax_cross_entropy .*grads0/m);
    expect(stdout).toMatch(/^skip kronecker-too-large: /m);
    expect(stdout.trim().split('\n').at(-1)).toBe(`${file.cases.length - 1} passed, 0 failed, 1 skipped`);
    const failure = await run(tsx, ['scripts/parity.ts', '--backprop', 'sideways'], { cwd: root }).catch((e: { code: number; stderr: string }) => e);
    expect((failure as { code: number }).code).toBe(2);
    expect((failure as { stderr: string }).stderr).toMatch(/--backprop must be efficient or kronecker, got sideways/);
  }, 60_000);
});
