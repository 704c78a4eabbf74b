/**
 * The largest curvature κ_max of the loss, by power iteration on Hessian-vector products
 * (chapter 08-optimizers). On a quadratic the curvatures κ_i are the eigenvalues of the Hessian H
 * and gradient descent is stable for η < 2/κ_max (eq. 8.3); near a minimum of any loss the same
 * holds for the eigenvalues of H there, which is what this estimates.
 *
 * Power iteration: from a seeded random unit direction θ̇₀, repeat
 *   w = (H − cI) θ̇_k,   κ_k = ⟨θ̇_k, w⟩,   r_k = ‖w − κ_k θ̇_k‖,   θ̇_{k+1} = w / ‖w‖,
 * with c the shift (default 0). Writing θ̇₀ in the eigenvectors of H, each step multiplies the
 * component along eigenvalue κ_i by κ_i − c, so θ̇_k turns towards the eigenvector whose κ_i − c is
 * largest in magnitude, by the factor |κ₂ − c| / |κ₁ − c| per step (κ₁, κ₂ the two largest in
 * that sense). κ_k + c is the Rayleigh quotient θ̇_kᵀ H θ̇_k, and r_k is the residual
 * ‖Hθ̇_k − (κ_k + c)θ̇_k‖: H is symmetric, so some eigenvalue of H lies within r_k of κ_k + c. The
 * iteration stops when r_k ≤ tolerance · |κ_k|, or after maxIterations steps.
 *
 * What it finds is the curvature largest in magnitude. At a minimum every κ_i ≥ 0 and that is
 * κ_max; away from one the most negative curvature can be larger in magnitude, and then a second
 * run with that value as the shift c finds κ_max (the largest κ_i − c is then κ_max − c).
 */
import { checkRange, positiveInteger } from './errors';
import { Matrix } from './matrix';
import { assertShapesLike, innerProduct, randomDirection, unitDirection, vectorNorm } from './parameter-vector';
import { createRng } from './random';

export interface CurvatureOptions {
  /** Seed of the random start θ̇₀ (default 0); ignored when `start` is given. */
  seed?: number;
  /** A start direction instead of a random one (its length does not matter; it must not be 0). */
  start?: readonly Matrix[];
  /**
   * Stop when the residual r is at most this times |κ − c| (default 1e-4): κ is then within 0.01 % of
   * an eigenvalue of H, and usually much closer, since a Rayleigh quotient's error is about r²/gap.
   */
  tolerance?: number;
  /** Give up after this many products (default 100); `converged` then says false. */
  maxIterations?: number;
  /** The shift c: iterate with H − cI (default 0). */
  shift?: number;
}

export interface CurvatureEstimate {
  /** κ, the Rayleigh quotient θ̇ᵀHθ̇ of the last direction (the shift added back). */
  curvature: number;
  /** θ̇, the last direction, of length 1 and shaped like the parameters. */
  direction: Matrix[];
  /** How many Hessian-vector products were taken. */
  iterations: number;
  /** Whether the residual came below tolerance · |κ − c| before maxIterations. */
  converged: boolean;
  /** r = ‖Hθ̇ − κθ̇‖: some eigenvalue of H lies within r of κ. */
  residual: number;
  /** κ after every product, in order: how the estimate converged. */
  estimates: number[];
}

/**
 * κ_max by power iteration (see the file's comment). `hessianTimes(θ̇)` returns H θ̇ shaped like
 * `params` (which give only the shapes and are not changed), e.g. `(v) => hessianVectorProduct(grad, net.params(), v)`; any exact
 * product, or an explicit matrix times θ̇, serves as well.
 */
export function largestCurvature(
  hessianTimes: (direction: readonly Matrix[]) => readonly Matrix[],
  params: readonly Matrix[],
  options: CurvatureOptions = {},
): CurvatureEstimate {
  const op = 'largestCurvature';
  if (typeof hessianTimes !== 'function') throw new Error(`${op}: hessianTimes must be a function (direction) => Matrix[] returning H·direction`);
  assertShapesLike(op, 'params', params, params, 'params');
  const tolerance = checkRange(op, 'tolerance', options.tolerance ?? 1e-4, 0, Infinity, { minOpen: true });
  const maxIterations = positiveInteger(op, 'maxIterations', options.maxIterations ?? 100);
  const shift = options.shift ?? 0;
  if (typeof shift !== 'number' || !Number.isFinite(shift)) throw new Error(`${op}: shift must be a finite number, got ${String(shift)}`);

  let direction =
    options.start !== undefined ? unitDirection(op, 'start direction', options.start, params) : randomDirection(params, createRng(options.seed ?? 0));

  const estimates: number[] = [];
  for (let k = 1; k <= maxIterations; k++) {
    const product = hessianTimes(direction);
    assertShapesLike(op, 'the Hessian-vector product', product, params, 'the parameters');
    // w = (H − cI)θ̇, then κ = ⟨θ̇, w⟩ and the residual w − κθ̇.
    const w = product.map((m, j) => new Matrix(m.rows, m.cols, m.data.map((x, e) => x - shift * direction[j].data[e])));
    const kappa = innerProduct(direction, w);
    if (!Number.isFinite(kappa)) throw new Error(`${op}: the Hessian-vector product of iteration ${k} has a non-finite entry (κ = ${kappa})`);
    let squares = 0;
    w.forEach((m, j) => m.data.forEach((x, e) => (squares += (x - kappa * direction[j].data[e]) ** 2)));
    const residual = Math.sqrt(squares);
    estimates.push(kappa + shift);
    const converged = residual <= tolerance * Math.abs(kappa);
    if (converged || k === maxIterations) {
      return { curvature: kappa + shift, direction, iterations: k, converged, residual, estimates };
    }
    // w ≠ 0 here: w = 0 would have given κ = 0 and r = 0, which counts as converged.
    const length = vectorNorm(w);
    direction = w.map((m) => new Matrix(m.rows, m.cols, m.data.map((x) => x / length)));
  }
  throw new Error(`${op}: unreachable: the loop returns at iteration maxIterations`);
}
