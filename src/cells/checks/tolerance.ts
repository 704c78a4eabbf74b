/**
 * The one closeness rule of the checks (and of the test suite's expectClose): an entry a is close
 * to its expected value e when
 *   |a − e| ≤ atol + rtol·|e|
 * (numpy's allclose). Equal values are close, infinities included, and NaN is close to NaN only.
 */
export interface Tolerance {
  /** Relative part, in units of |expected|. */
  rtol: number;
  /** Absolute part, for entries whose expected value is (near) zero. */
  atol: number;
}

/**
 * For an answer compared with an exact reference (the engine, or a formula in the page). Two ways of
 * computing the same float64 quantity agree to about 1e-15 relative; 1e-6 leaves room for a
 * reader's equivalent formula with some cancellation, and is still far below any real mistake.
 */
export const ANSWER_TOLERANCE: Readonly<Tolerance> = Object.freeze({ rtol: 1e-6, atol: 1e-9 });

/**
 * For an answer compared with central differences (step h = 1e-6), whose own error is about
 * 1e-10·|f| from rounding plus h²·|f‴|/6 from truncation (chapter 10-checking, eq. 10.3).
 */
export const NUMERIC_TOLERANCE: Readonly<Tolerance> = Object.freeze({ rtol: 1e-5, atol: 1e-7 });

/** How far `actual` is from `expected` in units of its allowance: ≤ 1 means close, Infinity for NaN. */
export function excess(actual: number, expected: number, { rtol, atol }: Tolerance): number {
  if (actual === expected || (Number.isNaN(actual) && Number.isNaN(expected))) return 0;
  const ratio = Math.abs(actual - expected) / (atol + rtol * Math.abs(expected));
  return Number.isNaN(ratio) ? Infinity : ratio;
}

/** The worst `excess` over equally long lists, and where it is (-1 when every entry is equal). */
export function worstExcess(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: Tolerance): { worst: number; at: number } {
  if (actual.length !== expected.length) throw new Error(`worstExcess: ${actual.length} values against ${expected.length}`);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const r = excess(actual[i], expected[i], tolerance);
    if (r > worst) {
      worst = r;
      at = i;
    }
  }
  return { worst, at };
}

export function allClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: Tolerance): boolean {
  return actual.length === expected.length && worstExcess(actual, expected, tolerance).worst <= 1;
}

/** The largest |a − e| over all entries (NaN against NaN counts as 0, against a number as Infinity). */
export function largestError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let largest = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (a === e || (Number.isNaN(a) && Number.isNaN(e))) continue;
    const d = Math.abs(a - e);
    largest = Number.isNaN(d) ? Infinity : Math.max(largest, d);
  }
  return largest;
}

/** A tolerance from a check's options, each part defaulting separately; negative or NaN parts are refused. */
export function toleranceFrom(options: { rtol?: number; atol?: number }, defaults: Readonly<Tolerance>, who: string): Tolerance {
  const tolerance = { rtol: options.rtol ?? defaults.rtol, atol: options.atol ?? defaults.atol };
  for (const key of ['rtol', 'atol'] as const) {
    const value = tolerance[key];
    if (typeof value !== 'number' || !(value >= 0)) throw new Error(`${who}: ${key} must be a number ≥ 0, got ${String(value)}`);
  }
  return tolerance;
}
