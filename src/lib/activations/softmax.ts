/**
 * Row-wise softmax (chapter 07-softmax-jacobian, eq. 7.1): s = softmax(z) with s_j = e^{z_j} / Σ_k e^{z_k}
 * for each sample (row) z. Unlike the elementwise activations, every output of a row depends on
 * every input of that row.
 */
import { assertMatrix, assertShape, assertVecOrder, Matrix, outputBuffer, shapeOf, vecIndex, type VecOrder } from '../matrix';
import type { Activation } from './activation';

/**
 * The largest entry of row i; NaN if the row holds a NaN (Math.max propagates it, a `>` loop
 * would skip it), so a NaN is never passed over.
 */
function rowMax(Z: Matrix, i: number): number {
  let m = -Infinity;
  for (let j = 0; j < Z.cols; j++) m = Math.max(m, Z.data[i * Z.cols + j]);
  return m;
}

/**
 * A row of logits with no softmax: one holding NaN or +∞ (Infinity/Infinity is NaN), or one that is
 * −∞ everywhere (0/0). The max shift makes every finite row safe, so such a row means something
 * upstream already overflowed; the error says where, and `fit` turns it into a NonFiniteLossError
 * that names the layer.
 */
export class SoftmaxInputError extends RangeError {
  constructor(
    readonly op: string,
    readonly row: number,
    readonly column: number,
    readonly value: number,
  ) {
    super(
      Number.isNaN(value) || value === Infinity
        ? `${op}: row ${row}, column ${column} is ${value}; softmax needs logits that are numbers below Infinity (a row with NaN or +∞ has no distribution)`
        : `${op}: row ${row} is -Infinity everywhere, so every e^z is 0 and the row has no distribution`,
    );
    this.name = 'SoftmaxInputError';
  }
}

/** Throws a SoftmaxInputError for row i of Z, whose maximum m is not finite. */
function rejectRow(op: string, Z: Matrix, i: number, m: number): never {
  for (let j = 0; j < Z.cols; j++) {
    const z = Z.data[i * Z.cols + j];
    if (Number.isNaN(z) || z === Infinity) throw new SoftmaxInputError(op, i, j, z);
  }
  throw new SoftmaxInputError(op, i, 0, m);
}

/**
 * softmax(z) = softmax(z − c) for any constant c, so we subtract c = max_j z_j: every exponent is
 * then ≤ 0 (no overflow) and the largest term is e⁰ = 1 (the sum is ≥ 1, no division by 0).
 */
function softmaxForward(Z: Matrix, out?: Matrix, op = 'softmax.forward'): Matrix {
  assertMatrix(op, 'Z', Z);
  const S = outputBuffer(op, out, Z.rows, Z.cols, 'Z');
  const Q = Z.cols;
  for (let i = 0; i < Z.rows; i++) {
    const m = rowMax(Z, i);
    if (!Number.isFinite(m)) rejectRow(op, Z, i, m);
    let total = 0;
    for (let j = 0; j < Q; j++) {
      const e = Math.exp(Z.data[i * Q + j] - m);
      S.data[i * Q + j] = e;
      total += e;
    }
    for (let j = 0; j < Q; j++) S.data[i * Q + j] /= total;
  }
  return S;
}

/**
 * The vector-Jacobian product per row (chapter 07-softmax-jacobian, eqs. 7.13–7.14): with J = diag(s) − s sᵀ (symmetric),
 * Jᵀ δ = s ⊙ δ − s ⟨s, δ⟩ = s ⊙ (δ − ⟨δ, s⟩). O(Q) per row instead of the O(Q²) matrix.
 */
function softmaxBackward(Z: Matrix, S: Matrix, dA: Matrix, out?: Matrix): Matrix {
  const op = 'softmax.backward';
  assertMatrix(op, 'Z', Z);
  assertShape(op, 'A', S, Z.rows, Z.cols, 'Z');
  assertShape(op, 'dA', dA, Z.rows, Z.cols, 'Z');
  const dZ = outputBuffer(op, out, Z.rows, Z.cols, 'Z');
  const Q = Z.cols;
  for (let i = 0; i < Z.rows; i++) {
    let dot = 0;
    for (let j = 0; j < Q; j++) dot += dA.data[i * Q + j] * S.data[i * Q + j];
    for (let j = 0; j < Q; j++) dZ.data[i * Q + j] = S.data[i * Q + j] * (dA.data[i * Q + j] - dot);
  }
  return dZ;
}

/**
 * The explicit Jacobian of the whole batch (chapter 07-softmax-jacobian, eqs. 7.10–7.11): ∂A[i,j]/∂Z[k,l] = 0 for samples k ≠ i, and the
 * sample's block diag(sᵢ) − sᵢᵀsᵢ otherwise. In row-major vec the blocks sit on the diagonal;
 * in column-major the same entries are spread out by the index permutation.
 */
function softmaxBatchJacobian(Z: Matrix, A?: Matrix, order: VecOrder = 'column-major'): Matrix {
  const op = 'softmax.jacobian';
  assertMatrix(op, 'Z', Z);
  assertVecOrder(op, order);
  if (A) assertShape(op, 'A', A, Z.rows, Z.cols, 'Z');
  const S = A ?? softmaxForward(Z, undefined, op);
  const M = Z.rows;
  const Q = Z.cols;
  const n = M * Q;
  const J = new Matrix(n, n);
  for (let i = 0; i < M; i++) {
    // Sample i's block, entry (j, l) of softmaxJacobian(sᵢ), placed where vec puts (i, j) and (i, l).
    const block = softmaxJacobian(new Matrix(1, Q, S.data.subarray(i * Q, (i + 1) * Q)));
    for (let j = 0; j < Q; j++) {
      const row = vecIndex(i, j, M, Q, order);
      for (let l = 0; l < Q; l++) J.data[row * n + vecIndex(i, l, M, Q, order)] = block.data[j * Q + l];
    }
  }
  return J;
}

export const softmax: Activation = {
  name: 'softmax',
  spec: 'softmax',
  description: 'softmax',
  elementwise: false,
  forward: (Z, out) => softmaxForward(Z, out),
  backward: softmaxBackward,
  jacobian: softmaxBatchJacobian,
};

/** One sample's softmax Jacobian ∂s/∂z = diag(s) − sᵀs for a 1×Q row s (chapter 07-softmax-jacobian, eq. 7.6). */
export function softmaxJacobian(s: Matrix): Matrix {
  assertMatrix('softmaxJacobian', 's', s);
  if (s.rows !== 1) throw new Error(`softmaxJacobian: expected one sample as a 1×Q row, got (${shapeOf(s)})`);
  const Q = s.cols;
  const J = new Matrix(Q, Q);
  for (let j = 0; j < Q; j++) {
    for (let l = 0; l < Q; l++) J.data[j * Q + l] = (j === l ? s.data[j] : 0) - s.data[j] * s.data[l];
  }
  return J;
}

/**
 * log Σ_j e^{Z[i,j]} for every row i, as an M×1 column (chapter 04-losses): computed as
 * m + log Σ_j e^{Z[i,j] − m} with m the row maximum, so it is finite wherever the answer is.
 * (eq. 4.8; the same max shift as the softmax, eq. 3.10.) A row whose maximum is ±Infinity or NaN returns that maximum (all −∞ → −∞, any +∞ → +∞).
 */
export function logSumExp(Z: Matrix): Matrix {
  assertMatrix('logSumExp', 'Z', Z);
  const out = new Matrix(Z.rows, 1);
  for (let i = 0; i < Z.rows; i++) out.data[i] = rowLogSumExp(Z, i);
  return out;
}

/** Row i of `logSumExp(Z)` without allocating the column (the training loss needs one row at a time). */
export function rowLogSumExp(Z: Matrix, i: number): number {
  const m = rowMax(Z, i);
  if (!Number.isFinite(m)) return m;
  let total = 0;
  for (let j = 0; j < Z.cols; j++) total += Math.exp(Z.data[i * Z.cols + j] - m);
  return m + Math.log(total);
}
