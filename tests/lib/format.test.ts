import { describe, expect, it } from 'vitest';
import { formatEntry, matrixCells, shownIndices } from '~/lib/format';
import { formatMatrix, fromArray, fromFunction, Matrix } from '~/lib/matrix';

describe('formatEntry', () => {
  it('shows integers exactly, other numbers to 4 significant digits, tiny and huge ones in exponent form', () => {
    expect([0, -0, 7, -42, 123456, 2 ** 49, 2 ** 52].map((x) => formatEntry(x))).toEqual(['0', '0', '7', '-42', '123456', '562949953421312', '4.504e+15']);
    expect([1 / 3, -2 / 3, 0.1 + 0.2, 12345.678, 1e-4].map((x) => formatEntry(x))).toEqual(['0.3333', '-0.6667', '0.3', '12350', '0.0001']);
    expect([9.99e-5, 1234567.5, -3e20, 1e15].map((x) => formatEntry(x))).toEqual(['9.990e-5', '1.235e+6', '-3.000e+20', '1.000e+15']);
    expect([Number.NaN, Infinity, -Infinity].map((x) => formatEntry(x))).toEqual(['NaN', 'Infinity', '-Infinity']);
    expect(formatEntry(Math.PI, 6)).toBe('3.14159');
  });
});

describe('shownIndices', () => {
  it('keeps every index up to the limit, then the first and last halves around a gap', () => {
    expect(shownIndices(3, 12)).toEqual([0, 1, 2]);
    expect(shownIndices(12, 12)).toHaveLength(12);
    expect(shownIndices(20, 12)).toEqual([0, 1, 2, 3, 4, 5, null, 14, 15, 16, 17, 18, 19]);
    expect(shownIndices(10, 5)).toEqual([0, 1, 2, null, 8, 9]);
  });
});

describe('formatMatrix', () => {
  it('aligns the columns under a shape line', () => {
    expect(formatMatrix(fromArray([[1, -0.5], [10, 2 / 3]]))).toBe('Matrix 2×2\n[  1    -0.5 ]\n[ 10  0.6667 ]');
    expect(formatMatrix(new Matrix(0, 3))).toBe('Matrix 0×3');
  });

  it('elides the middle of a large matrix with the same markers as the cell table', () => {
    const big = fromFunction(30, 30, (i, j) => i * 30 + j);
    const { cells, truncated } = matrixCells(big);
    expect(truncated).toBe(true);
    expect(cells).toHaveLength(13);
    expect(cells[6]).toEqual([...Array(6).fill('⋮'), '⋱', ...Array(6).fill('⋮')]);
    const text = formatMatrix(big).split('\n');
    expect(text[0]).toBe('Matrix 30×30');
    expect(text[1]).toMatch(/^\[ +0 +1 +2 +3 +4 +5 +⋯ +24 +25 +26 +27 +28 +29 \]$/);
    expect(text).toHaveLength(14);
    expect(matrixCells(fromArray([[1, 2]])).truncated).toBe(false);
  });

  it('is what String(M) gives', () => {
    const M = fromFunction(3, 4, (i, j) => Math.sin(i + j));
    expect(String(M)).toBe(formatMatrix(M));
    expect(`${M}`).toBe(formatMatrix(M));
  });
});
