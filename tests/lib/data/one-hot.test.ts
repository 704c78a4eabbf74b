import { describe, expect, it } from 'vitest';
import { oneHot, oneHotInto } from '~/lib/data/one-hot';
import { targetMatrix } from '~/lib/losses/targets';
import { full } from '~/lib/matrix';

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
    expect(() => oneHot([0, 3], 3)).toThrow('oneHot: class index 1 is 3, expected an integer in [0, 3) for 3 classes');
    expect(() => oneHot([0, -1], 3)).toThrow('oneHot: class index 1 is -1');
    expect(() => oneHot([0.5], 2)).toThrow('oneHot: class index 0 is 0.5');
    expect(() => oneHot([], 2)).toThrow('oneHot: no labels');
    expect(() => oneHot([0], 0)).toThrow('oneHot: classes must be a positive integer, got 0');
  });

  it('writes into a kept buffer, clearing what an earlier batch left there, as the losses and training do', () => {
    const kept = full(3, 4, 7);
    expect(oneHotInto('op', [1, 3, 0], kept).toArray()).toEqual(oneHot([1, 3, 0], 4).toArray());
    expect(targetMatrix([2, 2, 1], 3, 4, 'op', kept)).toBe(kept);
    expect(kept.toArray()).toEqual(oneHot([2, 2, 1], 4).toArray());
    // A bad label leaves the buffer as it was.
    expect(() => oneHotInto('trainStep', [0, 9, 1], kept)).toThrow('trainStep: class index 1 is 9, expected an integer in [0, 4) for 4 classes');
    expect(kept.toArray()).toEqual(oneHot([2, 2, 1], 4).toArray());
  });
});
