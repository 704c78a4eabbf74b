/**
 * The one closeness helper every numeric test uses. Tolerances are stated at each call:
 * `rtol` relative to the expected entry, `atol` absolute, entry passes when
 * |actual − expected| ≤ atol + rtol·|expected| (numpy's allclose rule). Two matrices must also have
 * the same shape. The rule itself is the one the exercise checks use (src/cells/checks/tolerance.ts),
 * so tests and readers are held to the same.
 */
import { expect } from 'vitest';
import { worstExcess } from '~/cells/checks/tolerance';
import type { Matrix } from '~/lib/matrix';

export interface Tolerance {
  rtol?: number;
  atol?: number;
}

export function expectClose(
  actual: ArrayLike<number> | Matrix | number,
  expected: ArrayLike<number> | Matrix | number,
  { rtol = 1e-12, atol = 1e-12 }: Tolerance = {},
): void {
  const isMatrix = (x: ArrayLike<number> | Matrix | number): x is Matrix => typeof x === 'object' && 'data' in x && x.data instanceof Float64Array;
  const toArr = (x: ArrayLike<number> | Matrix | number): ArrayLike<number> => (typeof x === 'number' ? [x] : isMatrix(x) ? x.data : x);
  // Two matrices must agree in shape, not only in their number of entries (a 2×3 is no 3×2).
  if (isMatrix(actual) && isMatrix(expected)) expect(`${actual.rows}×${actual.cols}`, 'shape').toBe(`${expected.rows}×${expected.cols}`);
  const a = toArr(actual);
  const e = toArr(expected);
  expect(a.length, 'length').toBe(e.length);
  const { worst, at } = worstExcess(a, e, { rtol, atol });
  if (worst > 1) {
    expect.fail(`entry ${at}: got ${a[at]}, expected ${e[at]} (rtol ${rtol}, atol ${atol})`);
  }
}
