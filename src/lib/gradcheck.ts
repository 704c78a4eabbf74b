/**
 * Gradient checking (chapter 10-checking, eqs. 10.1–10.4): compare an analytic gradient with central differences
 *   ∂f/∂θ ≈ (f(θ + h) − f(θ − h)) / 2h,
 * whose truncation error is O(h²) and whose rounding error is about ε·|f|/h (ε = 2⁻⁵² in float64),
 * so h = 1e-6 leaves roughly 1e-10 absolute noise for |f| ≈ 1.
 */
import { assertMatrix, assertShape, Matrix } from './matrix';

export interface GradientCheckOptions {
  /** The step h (default 1e-6). */
  eps?: number;
  /** The floor of the relative error's denominator (default 1e-8); see gradientCheck. */
  tiny?: number;
}

export interface GradientCheckResult {
  /** The largest relative error over every entry of every parameter (NaN if any gradient is NaN). */
  maxRelError: number;
  /** The largest absolute difference |analytic − numeric|. */
  maxAbsError: number;
  /** Where maxRelError occurs: the parameter's index in `params`, and the entry. */
  where: { param: number; row: number; col: number };
  /** The central-difference gradients, shaped like `params`. */
  numeric: Matrix[];
}

/**
 * The relative error of one entry (chapter 10-checking, eq. 10.5): |a − n| / max(|a| + |n|, tiny),
 * symmetric in the analytic a and numeric n, at most 1 when they disagree completely, and measured
 * in units of `tiny` where both are below it. NaN when either is NaN.
 */
export function relativeError(a: number, n: number, tiny: number): number {
  return Math.abs(a - n) / Math.max(Math.abs(a) + Math.abs(n), tiny);
}

/**
 * Central-difference gradients of f with respect to every entry of `params` (chapter 10-checking).
 * Each entry is nudged in place to θ ± h, f is called twice, and the entry is restored to its exact
 * original value, so the parameters are unchanged afterwards (unless f throws).
 */
export function numericGradient(f: () => number, params: readonly Matrix[], eps = 1e-6): Matrix[] {
  if (!(eps > 0 && Number.isFinite(eps))) throw new Error(`numericGradient: eps must be finite and > 0, got ${eps}`);
  return params.map((p) => {
    const g = new Matrix(p.rows, p.cols);
    for (let k = 0; k < p.size; k++) {
      const original = p.data[k];
      p.data[k] = original + eps;
      const plus = f();
      p.data[k] = original - eps;
      const minus = f();
      p.data[k] = original;
      g.data[k] = (plus - minus) / (2 * eps);
    }
    return g;
  });
}

/**
 * Check `analytic` (one gradient per parameter, same shapes) against central differences of f
 * (chapter 10-checking, eq. 10.5). The relative error of an entry is
 *   |a − n| / max(|a| + |n|, tiny),
 * symmetric in a and n, at most 1 when they disagree completely (e.g. opposite signs), and scale
 * free. The floor `tiny` keeps entries where both gradients are ≈ 0 from dividing noise by noise:
 * below it the error is the absolute difference measured in units of `tiny`. A correct gradient
 * typically gives 1e-7 or less; a wrong one gives 1e-2 or more.
 */
export function gradientCheck(
  f: () => number,
  params: readonly Matrix[],
  analytic: readonly Matrix[],
  options: GradientCheckOptions = {},
): GradientCheckResult {
  const tiny = options.tiny ?? 1e-8;
  if (!(tiny > 0)) throw new Error(`gradientCheck: tiny must be > 0, got ${tiny}`);
  if (params.length !== analytic.length) {
    throw new Error(`gradientCheck: ${params.length} parameters but ${analytic.length} analytic gradients`);
  }
  params.forEach((p, k) => {
    assertMatrix('gradientCheck', `parameter ${k}`, p);
    assertShape('gradientCheck', `analytic gradient ${k}`, analytic[k], p.rows, p.cols, `parameter ${k}`);
  });
  const numeric = numericGradient(f, params, options.eps ?? 1e-6);
  let maxRelError = 0;
  let maxAbsError = 0;
  let where = { param: 0, row: 0, col: 0 };
  numeric.forEach((n, k) => {
    const a = analytic[k];
    for (let e = 0; e < n.size; e++) {
      const diff = Math.abs(a.data[e] - n.data[e]);
      const rel = relativeError(a.data[e], n.data[e], tiny);
      // `!(rel <= max)` also catches NaN, so a NaN gradient cannot pass as error 0.
      if (!(rel <= maxRelError) && !Number.isNaN(maxRelError)) {
        maxRelError = rel;
        where = { param: k, row: Math.floor(e / n.cols), col: e % n.cols };
      }
      if (!(diff <= maxAbsError)) maxAbsError = Number.isNaN(diff) ? Number.NaN : Math.max(diff, maxAbsError);
    }
  });
  return { maxRelError, maxAbsError, where, numeric };
}
