/**
 * How a matrix is shown, wherever it is shown: `String(M)` and `formatMatrix(M)` (./matrix),
 * `console.log(M)` in a cell, and the table a cell draws for a matrix value. One number format
 * and one elision rule serve them all, so the same matrix reads the same everywhere.
 *
 * Four significant digits: a display is for reading a matrix's pattern and magnitude (comparisons
 * are made numerically, by maxAbs or a gradient check), it is PyTorch's print precision, and it
 * keeps a row of twelve entries within the width of a page. Integers are shown exactly, so counts,
 * labels and one-hot rows never look rounded.
 */
import type { Matrix } from './matrix';

export interface FormatOptions {
  /** Significant digits of an entry that is not an integer (default 4). */
  digits?: number;
  /** Rows and columns shown whole; beyond that the middle is elided (default 12 each). */
  maxRows?: number;
  maxCols?: number;
}

export const MATRIX_DISPLAY = { digits: 4, maxRows: 12, maxCols: 12 } as const;

/**
 * One entry as shown: an integer below 10¹⁵ in full, another number to `digits` significant
 * digits (trailing zeros dropped), in exponent form below 10⁻⁴ or from 10⁶ on; NaN, Infinity and
 * -Infinity as JavaScript spells them, and −0 as 0.
 */
export function formatEntry(x: number, digits: number = MATRIX_DISPLAY.digits): string {
  if (!Number.isFinite(x)) return String(x);
  if (x === 0) return '0';
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  const ax = Math.abs(x);
  if (ax >= 1e-4 && ax < 1e6) return String(Number(x.toPrecision(digits)));
  return x.toExponential(Math.max(0, digits - 1));
}

/**
 * The indices shown along an axis of n entries: all of them when n ≤ limit, else the first
 * ⌈limit/2⌉, a null where the rest are left out, and the last ⌊limit/2⌋.
 */
export function shownIndices(n: number, limit: number): (number | null)[] {
  const range = (start: number, count: number) => Array.from({ length: count }, (_, k) => start + k);
  if (n <= limit) return range(0, n);
  const head = Math.ceil(limit / 2);
  const tail = Math.floor(limit / 2);
  return [...range(0, head), null, ...range(n - tail, tail)];
}

/** The entries of a matrix as they are shown: left-out rows are "⋮", left-out columns "⋯", and "⋱" where the two meet. */
export interface MatrixCells {
  cells: string[][];
  /** True when rows or columns were left out. */
  truncated: boolean;
}

export function matrixCells(m: Matrix, options: FormatOptions = {}): MatrixCells {
  const digits = options.digits ?? MATRIX_DISPLAY.digits;
  const rows = shownIndices(m.rows, options.maxRows ?? MATRIX_DISPLAY.maxRows);
  const cols = shownIndices(m.cols, options.maxCols ?? MATRIX_DISPLAY.maxCols);
  const cells = rows.map((i) =>
    cols.map((j) => (i === null ? (j === null ? '⋱' : '⋮') : j === null ? '⋯' : formatEntry(m.data[i * m.cols + j]!, digits))),
  );
  return { cells, truncated: rows.includes(null) || cols.includes(null) };
}
