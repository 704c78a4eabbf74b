import { describe, expect, it } from 'vitest';
import { batches } from '~/lib/data/batches';
import { createRng } from '~/lib/random';

describe('batches', () => {
  it('cuts 0…M−1 into consecutive batches, the last one shorter', () => {
    expect(batches(7, 3).map((b) => Array.from(b))).toEqual([[0, 1, 2], [3, 4, 5], [6]]);
    expect(batches(4, 10).map((b) => Array.from(b))).toEqual([[0, 1, 2, 3]]);
  });

  it('with an rng, shuffles: every index exactly once, in a seeded order that differs per epoch', () => {
    const rng = createRng(42);
    const epoch1 = batches(100, 32, rng);
    const epoch2 = batches(100, 32, rng);
    expect(epoch1.map((b) => b.length)).toEqual([32, 32, 32, 4]);
    const seen = epoch1.flatMap((b) => Array.from(b)).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(epoch1.flatMap((b) => Array.from(b))).not.toEqual(epoch2.flatMap((b) => Array.from(b)));
    const again = batches(100, 32, createRng(42));
    expect(again.map((b) => Array.from(b))).toEqual(epoch1.map((b) => Array.from(b)));
  });

  it('rejects an empty dataset and a bad batch size', () => {
    expect(() => batches(0, 8)).toThrow('batches: the sample count M must be a positive integer, got 0');
    expect(() => batches(10, 0)).toThrow('batches: batchSize must be a positive integer, got 0');
    expect(() => batches(10, 2.5)).toThrow('batchSize must be a positive integer, got 2.5');
  });
});
