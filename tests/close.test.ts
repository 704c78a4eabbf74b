/** The closeness helper itself (./close.ts): it must be able to fail. */
import { describe, expect, it } from 'vitest';
import { fromArray } from '~/lib/matrix';
import { expectClose } from './close';

describe('expectClose', () => {
  it('passes equal and nearly equal values, within the stated tolerance', () => {
    expectClose(fromArray([[1, 2, 3], [4, 5, 6]]), fromArray([[1, 2, 3], [4, 5, 6 + 1e-13]]));
    expectClose([1, 2], [1.001, 2], { rtol: 1e-3 });
    expectClose(Number.NaN, Number.NaN);
  });

  it('fails on an entry outside the tolerance, naming it', () => {
    expect(() => expectClose([1, 2], [1, 2.1], { rtol: 1e-3 })).toThrow(/entry 1: got 2, expected 2.1/);
    expect(() => expectClose(1, Number.NaN)).toThrow(/entry 0/);
  });

  it('fails on a matrix of the wrong shape even when its entries line up', () => {
    const a = fromArray([[1, 2, 3], [4, 5, 6]]);
    const b = fromArray([[1, 2], [3, 4], [5, 6]]);
    expect(() => expectClose(a, b)).toThrow(/shape: expected '2×3' to be '3×2'/);
  });

  it('fails on a different number of entries', () => {
    expect(() => expectClose([1, 2, 3], [1, 2])).toThrow(/length/);
  });
});
