import { describe, expect, it } from 'vitest';
import { oneHot } from '~/lib/data/one-hot';

describe('oneHot', () => {
  it('turns class c into the row e_c', () => {
    expect(oneHot([2, 0, 1], 4).toArray()).toEqual([
      [0, 0, 1, 0],
      [1, 0, 0, 0],
      [0, 1, 0, 0],
    ]);
  });

  it('defaults the class count to the largest label plus one', () => {
    expect(oneHot(Int32Array.of(0, 3)).shape).toEqual([2, 4]);
  });

  it('rejects labels out of range, fractional labels and empty input', () => {
    expect(() => oneHot([0, 3], 3)).toThrow('oneHot: label 1 is 3, expected an integer in [0, 3)');
    expect(() => oneHot([0, -1], 3)).toThrow('oneHot: label 1 is -1');
    expect(() => oneHot([0.5], 2)).toThrow('oneHot: label 0 is 0.5');
    expect(() => oneHot([], 2)).toThrow('oneHot: no labels');
    expect(() => oneHot([0], 0)).toThrow('oneHot: classes must be a positive integer, got 0');
  });
});
