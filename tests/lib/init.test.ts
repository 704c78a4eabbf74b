import { describe, expect, it } from 'vitest';
import { initWeights, type Initializer } from '~/lib/init';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';

function stats(data: Float64Array) {
  let mean = 0;
  let max = 0;
  for (const v of data) {
    mean += v;
    max = Math.max(max, Math.abs(v));
  }
  mean /= data.length;
  let variance = 0;
  for (const v of data) variance += (v - mean) ** 2;
  return { mean, std: Math.sqrt(variance / data.length), maxAbs: max };
}

// 400×500 = 2·10⁵ draws: the relative standard error of a sample std is about 1/√(2n) ≈ 0.16 %,
// so a 1 % tolerance is over 6 standard errors.
const INPUTS = 400;
const UNITS = 500;

describe('initWeights', () => {
  it('gives an inputs×units matrix, identical for the same seed and different for another seed', () => {
    const kinds: Initializer[] = ['normal', 'uniform', 'glorot-uniform', 'glorot-normal', 'he-normal', 'he-uniform'];
    for (const kind of kinds) {
      const a = initWeights(kind, 3, 4, createRng(1));
      expect(a.shape).toEqual([3, 4]);
      expect(initWeights(kind, 3, 4, createRng(1)).data).toEqual(a.data);
      expect(initWeights(kind, 3, 4, createRng(2)).data).not.toEqual(a.data);
    }
  });

  it('zeros is all zero', () => {
    expect(Array.from(initWeights('zeros', 2, 3, createRng(0)).data)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it.each([
    ['he-normal', Math.sqrt(2 / INPUTS)],
    ['glorot-normal', Math.sqrt(2 / (INPUTS + UNITS))],
  ] as const)('%s has mean 0 and std %f within 1 %%', (kind, std) => {
    const s = stats(initWeights(kind, INPUTS, UNITS, createRng(4)).data);
    expectClose(s.std, std, { rtol: 0.01, atol: 0 });
    expectClose(s.mean, 0, { atol: 0.01 * std, rtol: 0 });
  });

  it.each([
    ['he-uniform', Math.sqrt(6 / INPUTS)],
    ['glorot-uniform', Math.sqrt(6 / (INPUTS + UNITS))],
  ] as const)('%s stays inside ±%f, reaches within 0.1 %% of it, and has std limit/√3 within 1 %%', (kind, limit) => {
    const s = stats(initWeights(kind, INPUTS, UNITS, createRng(4)).data);
    expect(s.maxAbs).toBeLessThanOrEqual(limit);
    expect(s.maxAbs).toBeGreaterThan(0.999 * limit);
    expectClose(s.std, limit / Math.sqrt(3), { rtol: 0.01, atol: 0 });
  });

  it('normal and uniform take std and limit options (defaults 0.01 and 0.05)', () => {
    expectClose(stats(initWeights('normal', INPUTS, UNITS, createRng(5)).data).std, 0.01, { rtol: 0.01, atol: 0 });
    expectClose(stats(initWeights('normal', INPUTS, UNITS, createRng(5), { std: 2 }).data).std, 2, { rtol: 0.01, atol: 0 });
    const u = stats(initWeights('uniform', INPUTS, UNITS, createRng(5), { limit: 3 }).data);
    expect(u.maxAbs).toBeLessThanOrEqual(3);
    expectClose(u.std, 3 / Math.sqrt(3), { rtol: 0.01, atol: 0 });
    expect(stats(initWeights('uniform', INPUTS, UNITS, createRng(5)).data).maxAbs).toBeLessThanOrEqual(0.05);
  });

  it('rejects unknown kinds, bad sizes and misplaced or bad options', () => {
    const rng = createRng(0);
    expect(() => initWeights('xavier' as Initializer, 2, 2, rng)).toThrow(
      'initWeights: unknown initializer "xavier", expected one of zeros, normal, uniform, glorot-uniform, glorot-normal, he-normal, he-uniform',
    );
    expect(() => initWeights('he-normal', 0, 2, rng)).toThrow('initWeights: inputs must be a positive integer, got 0');
    expect(() => initWeights('he-normal', 2, 1.5, rng)).toThrow('initWeights: units must be a positive integer, got 1.5');
    expect(() => initWeights('he-normal', 2, 2, rng, { std: 1 })).toThrow("initWeights: option std applies to 'normal' only, not 'he-normal'");
    expect(() => initWeights('uniform', 2, 2, rng, { std: 1 })).toThrow("option std applies to 'normal' only");
    expect(() => initWeights('normal', 2, 2, rng, { std: -1 })).toThrow('initWeights: std must be finite and ≥ 0, got -1');
    expect(() => initWeights('uniform', 2, 2, rng, { limit: Infinity })).toThrow('initWeights: limit must be finite and ≥ 0, got Infinity');
  });
});
