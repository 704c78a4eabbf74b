/**
 * Inverted dropout (chapter 09-training: a regulariser for training). In training every entry of
 * the input X (M×n, one sample per row) is kept with probability 1 − p and set to 0 with
 * probability p, and the kept ones are divided by 1 − p:
 *   A = X ⊙ R / (1 − p),   R_ij = 1 with probability 1 − p and 0 otherwise, independently.
 * Then E[R_ij / (1 − p)] = 1, so E[A] = X: at test time the mask R/(1 − p) is replaced by its
 * expectation, the matrix of ones, and the layer is the identity. ("Inverted" because the scaling
 * happens in training, so that the trained network needs no change to be used.)
 *
 * Backward: A is X times a constant entry by entry, so ∂a_ij/∂x_kl = r_ij/(1 − p) where (k, l) = (i, j)
 * and 0 elsewhere — the Jacobian is diag(vec R)/(1 − p), as for an elementwise activation
 * (chapter 06-kronecker, eq. 6.10) — and
 *   ∂L/∂X = ∂L/∂A ⊙ R / (1 − p),
 * with the same mask the forward pass drew: a dropped unit passes no gradient back.
 *
 * These are functions for a network written out layer by layer (denseForward, dropoutForward,
 * denseForward, …, then the backward calls in reverse); `Network` stays a stack of dense layers.
 */
import { checkRange } from './errors';
import { assertMatrix, assertShape, full, hadamard, Matrix } from './matrix';
import type { Rng } from './random';

export interface DropoutOptions {
  /** Training draws a mask and scales; test mode (false) is the identity. Required, so the mode is always visible. */
  training: boolean;
  /**
   * The random stream the mask is drawn from (createRng(seed)). Keep one stream for a whole
   * training run so each step draws a new mask; a fresh createRng(seed) per step repeats one mask.
   */
  rng?: Rng;
  /** Instead of a random draw, the 0/1 pattern R to use (1 keeps an entry), shaped like X. */
  keep?: Matrix;
}

export interface DropoutResult {
  /** A = X ⊙ mask. */
  A: Matrix;
  /** R/(1 − p): 1/(1 − p) where an entry was kept and 0 where it was dropped; all ones at test time. The backward pass needs it. */
  mask: Matrix;
}

function checkProbability(op: string, p: unknown): number {
  if (p === 1) throw new Error(`${op}: p = 1 drops every entry, and the kept ones would be scaled by 1/(1 − p) = ∞; p must be in [0, 1)`);
  return checkRange(op, 'p (the probability of dropping an entry)', p, 0, 1, { maxOpen: true });
}

/** The mask R/(1 − p), with r_ij = 1 where a uniform draw from [0, 1) is ≥ p (probability 1 − p), drawn row by row. */
export function dropoutMask(rows: number, cols: number, p: number, rng: Rng): Matrix {
  const op = 'dropoutMask';
  checkProbability(op, p);
  if (rng === null || typeof rng !== 'object' || typeof rng.next !== 'function') {
    throw new Error(`${op}: rng must be a random stream from createRng(seed), got ${String(rng)}`);
  }
  const mask = new Matrix(rows, cols);
  const kept = 1 / (1 - p);
  for (let e = 0; e < mask.size; e++) mask.data[e] = rng.next() >= p ? kept : 0;
  return mask;
}

/** The mask R/(1 − p) of a given 0/1 pattern R, each entry checked. */
function maskFromPattern(op: string, keep: Matrix, p: number): Matrix {
  const mask = new Matrix(keep.rows, keep.cols);
  const kept = 1 / (1 - p);
  for (let e = 0; e < keep.size; e++) {
    const r = keep.data[e];
    if (r !== 0 && r !== 1) {
      throw new Error(`${op}: keep must hold only 0 (drop) and 1 (keep), but entry (${Math.floor(e / keep.cols)}, ${e % keep.cols}) is ${r}`);
    }
    mask.data[e] = r * kept;
  }
  return mask;
}

/**
 * A = X ⊙ R/(1 − p) (see the file's comment). Training draws R from `rng`, or takes the given 0/1
 * pattern `keep`; test mode returns a copy of X and a mask of ones, so the backward pass is the
 * identity too. p is checked in both modes.
 */
export function dropoutForward(X: Matrix, p: number, options: DropoutOptions): DropoutResult {
  const op = 'dropoutForward';
  assertMatrix(op, 'X', X);
  checkProbability(op, p);
  if (options === null || typeof options !== 'object' || typeof options.training !== 'boolean') {
    throw new Error(`${op}: say which mode: { training: true, rng } draws a mask, { training: false } is the identity`);
  }
  if (!options.training) return { A: X.clone(), mask: full(X.rows, X.cols, 1) };
  let mask: Matrix;
  if (options.keep !== undefined) {
    if (options.rng !== undefined) throw new Error(`${op}: give either rng (a random mask) or keep (a given one), not both`);
    assertShape(op, 'keep', options.keep, X.rows, X.cols, 'X');
    mask = maskFromPattern(op, options.keep, p);
  } else if (options.rng !== undefined) {
    mask = dropoutMask(X.rows, X.cols, p, options.rng);
  } else {
    throw new Error(`${op}: training draws a random mask: pass { rng: createRng(seed) } (one stream for the whole run) or a 0/1 pattern { keep }`);
  }
  return { A: hadamard(X, mask), mask };
}

/** ∂L/∂X = ∂L/∂A ⊙ mask, with the mask R/(1 − p) of the forward pass (see the file's comment). */
export function dropoutBackward(dA: Matrix, mask: Matrix): Matrix {
  const op = 'dropoutBackward';
  assertMatrix(op, 'mask', mask);
  assertShape(op, 'dA', dA, mask.rows, mask.cols, 'the mask');
  return hadamard(dA, mask);
}
