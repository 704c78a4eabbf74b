/**
 * Derivatives along one direction of parameter space (chapter 10-checking): the central difference
 * of eq. 10.1 with all of θ moved a distance h along a direction θ̇ instead of one coordinate,
 *   ḟ ≈ ‖θ̇‖ · (f(θ + h θ̇/‖θ̇‖) − f(θ − h θ̇/‖θ̇‖)) / 2h,
 * where ḟ = ⟨∇f, θ̇⟩ is the tangent of f along θ̇ (chapter 11-autodiff, eq. 11.5), with the error of
 * eq. 10.3 times ‖θ̇‖. Two evaluations of f, whatever the number P of
 * parameters, where numericGradient needs 2P: that is what makes a gradient check of a whole MNIST
 * network affordable, and a Hessian-vector product (./hessian-vector) the same difference taken of
 * the gradient.
 */
import { checkRange } from './errors';
import { relativeError } from './gradcheck';
import type { Matrix } from './matrix';
import { assertShapesLike, innerProduct, randomDirection, unitDirection, vectorNorm } from './parameter-vector';
import { createRng } from './random';

/** h = ε_mach^{1/3} ≈ 6.1e-6, the step that balances truncation and rounding in a central difference (chapter 10-checking, eq. 10.4). */
export const DEFAULT_DIRECTIONAL_STEP = Math.cbrt(Number.EPSILON);

/**
 * `evaluate()` at θ + sθ̇ and at θ − sθ̇ with s = h/‖θ̇‖ (θ moves a distance h), the parameters
 * moved in place and restored to their exact values afterwards, also when `evaluate` throws; null
 * for a zero direction, without a call. `keep` copies what `evaluate` returns before the parameters move again (a model may
 * return the same buffers on every call). The central difference of both directional derivatives
 * and Hessian-vector products.
 */
export function evaluateAlong<T>(
  op: string,
  evaluate: () => T,
  params: readonly Matrix[],
  direction: readonly Matrix[],
  h: number,
  keep: (value: T) => T = (value) => value,
): { plus: T; minus: T; s: number } | null {
  assertShapesLike(op, 'direction', direction, params, 'params');
  checkRange(op, 'h', h, 0, Infinity, { minOpen: true });
  const length = vectorNorm(direction);
  if (!Number.isFinite(length)) throw new Error(`${op}: the direction must have finite entries, its length is ${length}`);
  if (length === 0) return null;
  // Copies: the direction may share memory with the parameters it moves (θ̇ = θ is a direction too).
  const theta = params.map((p) => p.data.slice());
  const thetaDot = direction.map((d) => d.data.slice());
  const s = h / length;
  const at = (sign: 1 | -1): T => {
    params.forEach((p, k) => {
      for (let e = 0; e < p.size; e++) p.data[e] = theta[k][e] + sign * s * thetaDot[k][e];
    });
    return keep(evaluate());
  };
  try {
    const plus = at(1);
    const minus = at(-1);
    return { plus, minus, s };
  } finally {
    params.forEach((p, k) => p.data.set(theta[k]));
  }
}

/** ḟ = ⟨∇f, θ̇⟩ by the central difference along θ̇ (see the file's comment); 0 for a zero direction. */
export function directionalDerivative(
  f: () => number,
  params: readonly Matrix[],
  direction: readonly Matrix[],
  options: { h?: number } = {},
): number {
  const op = 'directionalDerivative';
  if (typeof f !== 'function') throw new Error(`${op}: f must be a function () => number evaluating the loss at the current parameters`);
  const values = evaluateAlong(op, f, params, direction, options.h ?? DEFAULT_DIRECTIONAL_STEP);
  if (values === null) return 0;
  return (values.plus - values.minus) / (2 * values.s);
}

export interface DirectionalCheckResult {
  /** ⟨g, u⟩ from the analytic gradient. */
  analytic: number;
  /** The central difference of f along u. */
  numeric: number;
  /** |analytic − numeric| / max(|analytic| + |numeric|, tiny), the relative error of chapter 10-checking, eq. 10.5. */
  relError: number;
  /** u, the unit direction used. */
  direction: Matrix[];
}

/**
 * A gradient check along one direction (chapter 10-checking): ⟨g, u⟩ against the central difference
 * of f along a unit direction u (random from `seed`, default 0, unless `direction` is given), for
 * two evaluations of f instead of gradientCheck's 2P. An error e in the analytic gradient moves
 * ⟨g, u⟩ by ⟨e, u⟩; for a random u both are about their norm over √P, so the relative error is
 * about ‖e‖/‖g‖. One entry wrong by as much as a typical entry is ‖g‖/√P of error: about 4e-3 for
 * the 79,510 parameters of a 784-100-10 network, still far above the ~1e-8 of a right gradient,
 * though not pinned to an entry as gradientCheck's coordinates are.
 */
export function directionalCheck(
  f: () => number,
  params: readonly Matrix[],
  analytic: readonly Matrix[],
  options: { direction?: readonly Matrix[]; seed?: number; h?: number; tiny?: number } = {},
): DirectionalCheckResult {
  const op = 'directionalCheck';
  assertShapesLike(op, 'the analytic gradient', analytic, params, 'params');
  const tiny = checkRange(op, 'tiny', options.tiny ?? 1e-8, 0, Infinity, { minOpen: true });
  const u = options.direction !== undefined ? unitDirection(op, 'direction', options.direction, params) : randomDirection(params, createRng(options.seed ?? 0));
  const a = innerProduct(analytic, u);
  const n = directionalDerivative(f, params, u, { h: options.h });
  return { analytic: a, numeric: n, relError: relativeError(a, n, tiny), direction: u };
}
