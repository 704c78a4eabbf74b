/**
 * How the checks write numbers, positions and sizes in their sentences, so every diagnosis says
 * them the same way. Positions count from 0, as in code (the chapters' hints do the same).
 */
import { formatEntry } from '~/lib/format';
import { shapeOf, type Matrix } from '~/lib/matrix';
import type { Tolerance } from './tolerance';

export { shapeOf };

/**
 * A number in a diagnosis: the outputs' format with 6 significant digits instead of 4, so a got
 * and an expected value that differ in the fifth digit do not read as the same number.
 */
export function formatNumber(x: number): string {
  return formatEntry(x, 6);
}

/** Names an entry of a matrix, e.g. "(1, 2)", "entry 3" of a vector, or "at x = 40" for sampled points. */
export type EntryNamer = (m: Matrix, index: number) => string;

export const entryName: EntryNamer = (m, index) => {
  if (m.size === 1) return 'its only entry';
  if (m.rows === 1 || m.cols === 1) return `entry ${index}`;
  return `(${Math.floor(index / m.cols)}, ${index % m.cols})`;
};

/** An error size to two significant digits: "0", "0.42", "32", "2.2e-16", "1e-9". */
export function formatError(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  if (x >= 1e-3 && x < 1e4) return String(Number(x.toPrecision(2)));
  return x.toExponential(1).replace('.0e', 'e').replace('e+', 'e');
}

/** "1e-9 + 1e-6·|expected|": the allowance of one entry. */
export function formatTolerance({ rtol, atol }: Tolerance): string {
  const a = formatError(atol);
  const r = formatError(rtol);
  if (rtol === 0) return a;
  if (atol === 0) return `${r}·|expected|`;
  return `${a} + ${r}·|expected|`;
}

/** A factor as a reader would write it: "6", "1/6", "2.5", "−3". */
export function formatFactor(x: number): string {
  const sign = x < 0 ? '−' : '';
  const v = Math.abs(x);
  const near = (y: number) => Math.abs(y - Math.round(y)) <= 1e-9 * Math.max(1, Math.abs(y));
  if (near(v)) return `${sign}${Math.round(v)}`;
  if (v < 1 && near(1 / v)) return `${sign}1/${Math.round(1 / v)}`;
  // Enough digits that a factor close to an integer (1.0001) is not written as that integer.
  let digits = 4;
  while (digits < 12 && near(Number(v.toPrecision(digits)))) digits += 2;
  return `${sign}${String(Number(v.toPrecision(digits)))}`;
}

/** "3 entries", "1 entry". */
export function count(n: number, noun: string, plural = `${noun === 'entry' ? 'entries' : `${noun}s`}`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** "got 0.5, expected 0.25" for one entry. */
export function gotExpected(got: number, expected: number): string {
  return `got ${formatNumber(got)}, expected ${formatNumber(expected)}`;
}

