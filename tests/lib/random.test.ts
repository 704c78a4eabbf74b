import { describe, expect, it } from 'vitest';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';

const draws = (seed: number, n: number) => Array.from({ length: n }, ((r) => () => r.next())(createRng(seed)));

function meanAndStd(xs: ArrayLike<number>): { mean: number; std: number } {
  let mean = 0;
  for (let i = 0; i < xs.length; i++) mean += xs[i];
  mean /= xs.length;
  let v = 0;
  for (let i = 0; i < xs.length; i++) v += (xs[i] - mean) ** 2;
  return { mean, std: Math.sqrt(v / xs.length) };
}

describe('createRng', () => {
  it('matches an independent Python implementation bit for bit (scripts/reference/xoshiro.py)', () => {
    expect(draws(0, 4)).toEqual([0.8868539502021594, 0.012474988946590604, 0.032522145755498943, 0.024408060085556516]);
    expect(draws(42, 4)).toEqual([0.6606157208001621, 0.1117019639532224, 0.0791056456144914, 0.015209237180418]);
    expect(draws(2 ** 40 + 7, 4)).toEqual([0.6522551597866604, 0.6689572404532267, 0.9806952827109542, 0.6346107339775945]);
  });

  it('gives the same stream for the same seed and different streams for different seeds', () => {
    expect(draws(7, 100)).toEqual(draws(7, 100));
    expect(draws(7, 10)).not.toEqual(draws(8, 10));
    expect(draws(-1, 10)).not.toEqual(draws(2 ** 32 - 1, 10));
    expect(draws(5, 10)).not.toEqual(draws(5 + 2 ** 32, 10));
  });

  it('draws uniformly from [0, 1): mean 1/2 and std 1/√12 within 0.005 over 10⁵ draws (≈ 5 standard errors)', () => {
    const xs = draws(1, 100_000);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const { mean, std } = meanAndStd(xs);
    expectClose(mean, 0.5, { atol: 0.005, rtol: 0 });
    expectClose(std, 1 / Math.sqrt(12), { atol: 0.005, rtol: 0 });
  });

  it('draws standard normals: mean 0 and std 1 within 0.015 over 10⁵ draws, and honours mean and std', () => {
    const rng = createRng(3);
    const z = Array.from({ length: 100_000 }, () => rng.normal());
    const s = meanAndStd(z);
    expectClose(s.mean, 0, { atol: 0.015, rtol: 0 });
    expectClose(s.std, 1, { atol: 0.015, rtol: 0 });
    // About 4.55 % of a normal lies beyond ±2σ.
    const tail = z.filter((v) => Math.abs(v) > 2).length / z.length;
    expectClose(tail, 0.0455, { atol: 0.003, rtol: 0 });
    const shifted = meanAndStd(Array.from({ length: 100_000 }, () => rng.normal(5, 0.5)));
    expectClose(shifted.mean, 5, { atol: 0.01, rtol: 0 });
    expectClose(shifted.std, 0.5, { atol: 0.01, rtol: 0 });
    expect(() => rng.normal(0, -1)).toThrow('normal: expected a finite mean and a finite std ≥ 0, got mean 0, std -1');
  });

  it('draws integers 0..n−1 evenly: each of 6 faces within 5 % of 10⁴ in 6·10⁴ throws', () => {
    const rng = createRng(11);
    const counts = new Array(6).fill(0);
    for (let i = 0; i < 60_000; i++) counts[rng.int(6)]++;
    for (const c of counts) expectClose(c, 10_000, { rtol: 0.05, atol: 0 });
    expect(() => rng.int(0)).toThrow('int: n must be an integer in [1, 2³²], got 0');
    expect(() => rng.int(2.5)).toThrow('got 2.5');
  });

  it('permutes 0..n−1 and shuffles in place', () => {
    const rng = createRng(5);
    const p = rng.permutation(50);
    expect(Array.from(p).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(p)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(createRng(5).permutation(50)).toEqual(p);
    expect(rng.permutation(0).length).toBe(0);
    const items = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];
    const same = rng.shuffle(items);
    expect(same).toBe(items);
    expect([...items].sort()).toEqual(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
  });

  it('puts each element of a 4-permutation first about equally often', () => {
    const rng = createRng(9);
    const first = [0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) first[rng.permutation(4)[0]]++;
    for (const c of first) expectClose(c, 10_000, { rtol: 0.05, atol: 0 });
  });

  it('rejects seeds that are not safe integers', () => {
    expect(() => createRng(0.5)).toThrow('createRng: seed must be a safe integer, got 0.5');
    expect(() => createRng(Number.NaN)).toThrow('got NaN');
  });
});
