/**
 * Backpropagation the explicit way (chapter 06-kronecker): every derivative is a dense Jacobian
 * matrix between vec'd matrices, and the chain rule is a product of those matrices. For a dense
 * layer Z = X W + 1_M b (X: M×N, W: N×Q, b: 1×Q) the identity vec(A X B) = (Bᵀ ⊗ A) vec(X)
 * (eq. 6.4) gives, with column-major vec (columns stacked) (eq. 6.8),
 *   ∂vec Z/∂vec X = Wᵀ ⊗ I_M,   ∂vec Z/∂vec W = I_Q ⊗ X,   ∂vec Z/∂b = I_Q ⊗ 1_M.
 * Row-major vec (rows stacked) is vec_r(A) = vec(Aᵀ), and vec_r(A X B) = vec((A X B)ᵀ) = vec(Bᵀ Xᵀ Aᵀ)
 * = (A ⊗ Bᵀ) vec_r(X) (eq. 6.6), so the same three Jacobians are (eq. 6.9)
 *   ∂vec_r Z/∂vec_r X = I_M ⊗ Wᵀ,   ∂vec_r Z/∂vec_r W = X ⊗ I_Q,   ∂vec_r Z/∂b = 1_M ⊗ I_Q.
 * These matrices grow like M² (and N·Q²), which is why the δ recursion of chapter 05-backpropagation exists; this
 * module is the reference it is checked against, and it refuses sizes it cannot afford.
 *
 * A witness, not a second opinion of the same code. What it shares with the efficient path
 * (network.ts, dense.ts and the activation and loss objects) is the forward pass only: Z and A of
 * every layer, the loss value L (which also checks the targets and turns class indices into
 * one-hot rows), and the matrix primitives (matmul, kron, transpose). Every derivative it computes
 * itself, from the chapters' formulas:
 *   ∂L/∂Ŷ of each loss: mse 2(Ŷ − Y)/(MQ) (eq. 4.2), cross_entropy −Y ⊘ Ŷ / M (eq. 4.4), and
 *     softmax_cross_entropy (softmax(Z) − Y)/M on the logits (eq. 7.17) with its own softmax;
 *   f′ of each elementwise activation, from z (eqs. 3.2–3.5), laid out as diag(vec f′(Z)) (eq. 6.10);
 *   the softmax's block Jacobian diag(sᵢ) − sᵢᵀsᵢ per sample (eqs. 7.10–7.11);
 *   the three Kronecker-product Jacobians of every dense layer above, and the chain rule as
 *     their product (eq. 6.12).
 * None of the activations' `backward` or `jacobian`, the losses' `gradient`, or `denseBackward`
 * is called here, so a wrong derivative in any of them makes the two paths disagree.
 */
import { DEFAULT_LEAKY_SLOPE, type Activation, type ActivationSpec } from './activations/activation';
import type { DenseParams } from './dense';
import { LOSS_NAMES, targetMatrix, type Loss, type Targets } from './losses/loss';
import {
  addRowVector,
  assertShape,
  assertVecOrder,
  full,
  identity,
  kron,
  Matrix,
  matmul,
  shapeOf,
  transpose,
  unvec,
  vec,
  vecIndex,
  type VecOrder,
} from './matrix';

export interface KroneckerOptions {
  /** The most entries any one Jacobian may have (default 4,000,000, i.e. 32 MB of float64). */
  maxEntries?: number;
  /** How matrices are stacked into vectors (default column-major); the gradients do not depend on it. */
  order?: VecOrder;
}

export const DEFAULT_MAX_JACOBIAN_ENTRIES = 4_000_000;

/** Thrown before a Jacobian too large for memory is allocated; says which one and what to do instead. */
export class JacobianTooLargeError extends Error {
  constructor(
    readonly where: string,
    readonly jacobian: string,
    readonly rows: number,
    readonly cols: number,
    readonly limit: number,
    readonly batchSize: number,
  ) {
    super(
      `${where}: the Jacobian ${jacobian} would be ${rows}×${cols} = ${(rows * cols).toLocaleString('en-US')} entries, ` +
        `over the limit of ${limit.toLocaleString('en-US')} (maxEntries). Use the efficient δ backpropagation ` +
        `(backprop: 'efficient'), or a batch smaller than M = ${batchSize}: these Jacobians grow with M, some with M².`,
    );
    this.name = 'JacobianTooLargeError';
  }

  get entries(): number {
    return this.rows * this.cols;
  }
}

/** One Jacobian's name and shape, for the size guard and for the size tables of chapter 06-kronecker. */
export interface JacobianShape {
  layer: number;
  jacobian: '∂vec(A)/∂vec(Z)' | '∂vec(Z)/∂vec(X)' | '∂vec(Z)/∂vec(W)' | '∂vec(Z)/∂b';
  rows: number;
  cols: number;
}

/** The shapes of every Jacobian the Kronecker path builds for a batch of M samples (layers numbered from 1). */
export function kroneckerJacobianShapes(layers: readonly { W: Matrix }[], M: number): JacobianShape[] {
  return layers.flatMap(({ W }, l) => {
    const [N, Q] = [W.rows, W.cols];
    const layer = l + 1;
    return [
      { layer, jacobian: '∂vec(A)/∂vec(Z)', rows: M * Q, cols: M * Q },
      { layer, jacobian: '∂vec(Z)/∂vec(W)', rows: M * Q, cols: N * Q },
      { layer, jacobian: '∂vec(Z)/∂b', rows: M * Q, cols: Q },
      { layer, jacobian: '∂vec(Z)/∂vec(X)', rows: M * Q, cols: M * N },
    ] satisfies JacobianShape[];
  });
}

/** Throw for the first Jacobian over the limit; `where` says where it is (e.g. "kroneckerGradients: layer 2"). */
function guardSizes(where: (layer: number) => string, shapes: readonly JacobianShape[], limit: number, M: number): void {
  for (const s of shapes) {
    if (s.rows * s.cols > limit) throw new JacobianTooLargeError(where(s.layer), s.jacobian, s.rows, s.cols, limit, M);
  }
}

/** The three Kronecker-product Jacobians, with no size check (callers check first). */
function buildDenseJacobians(X: Matrix, W: Matrix, order: VecOrder): { dZdX: Matrix; dZdW: Matrix; dZdb: Matrix } {
  const M = X.rows;
  const Q = W.cols;
  const ones = full(M, 1, 1);
  if (order === 'column-major') {
    return { dZdX: kron(transpose(W), identity(M)), dZdW: kron(identity(Q), X), dZdb: kron(identity(Q), ones) };
  }
  return { dZdX: kron(identity(M), transpose(W)), dZdW: kron(X, identity(Q)), dZdb: kron(ones, identity(Q)) };
}

/**
 * The three Jacobians of Z = X W + 1_M b as Kronecker products (chapter 06-kronecker, eqs. 6.8–6.9), in the
 * given vec order (default column-major). Refuses (JacobianTooLargeError) beyond 4,000,000 entries.
 */
export function denseJacobians(
  X: Matrix,
  W: Matrix,
  order: VecOrder = 'column-major',
): { dZdX: Matrix; dZdW: Matrix; dZdb: Matrix } {
  assertVecOrder('denseJacobians', order);
  if (X.cols !== W.rows) {
    throw new Error(`denseJacobians: X (${shapeOf(X)}) · W (${shapeOf(W)}): inner dimensions ${X.cols} and ${W.rows} differ`);
  }
  const shapes = kroneckerJacobianShapes([{ W }], X.rows).filter((s) => s.jacobian !== '∂vec(A)/∂vec(Z)');
  guardSizes(() => 'denseJacobians', shapes, DEFAULT_MAX_JACOBIAN_ENTRIES, X.rows);
  return buildDenseJacobians(X, W, order);
}

/** vec(A) laid down as a 1×n row: a gradient ∂L/∂vec(A), ready to multiply Jacobians from the left. */
function rowVec(A: Matrix, order: VecOrder): Matrix {
  const v = vec(A, order);
  return new Matrix(1, v.size, v.data);
}

function checkLayers(layers: readonly DenseParams[], X: Matrix): void {
  if (layers.length === 0) throw new Error('kroneckerGradients: no layers');
  let width = X.cols;
  layers.forEach(({ W, b }, l) => {
    if (W.rows !== width) {
      throw new Error(
        `kroneckerGradients: layer ${l + 1}: W is (${shapeOf(W)}), expected ${width} rows for its ${width} inputs`,
      );
    }
    assertShape(`kroneckerGradients: layer ${l + 1}`, 'b', b, 1, W.cols, `W's columns`);
    width = W.cols;
  });
}

/** f′ of an elementwise activation as a function of z (chapter 03-activations, eqs. 3.2–3.5); NaN stays NaN. */
function derivativeOf(spec: ActivationSpec): (z: number) => number {
  const name = typeof spec === 'string' ? spec : spec.name;
  switch (name) {
    case 'linear':
      return () => 1;
    case 'sigmoid':
      // σ′(z) = σ(z)(1 − σ(z)) (eq. 3.2)
      return (z) => {
        const s = 1 / (1 + Math.exp(-z));
        return s * (1 - s);
      };
    case 'tanh':
      // tanh′(z) = 1 − tanh²(z) (eq. 3.3)
      return (z) => 1 - Math.tanh(z) ** 2;
    case 'relu':
      // 1 for z > 0, 0 for z ≤ 0: PyTorch's choice at the kink (eq. 3.4)
      return (z) => (z > 0 ? 1 : z <= 0 ? 0 : Number.NaN);
    case 'leaky_relu': {
      // 1 for z > 0, the slope α for z ≤ 0 (eq. 3.5)
      const slope = typeof spec === 'object' ? spec.slope : DEFAULT_LEAKY_SLOPE;
      return (z) => (z > 0 ? 1 : z <= 0 ? slope : Number.NaN);
    }
    default:
      throw new Error(`kroneckerGradients: no derivative for the activation ${JSON.stringify(spec)}`);
  }
}

/**
 * ∂vec(A)/∂vec(Z) of layer activation f, (M·Q)×(M·Q): diag(vec f′(Z)) for an elementwise f
 * (eq. 6.10); for softmax, sample i's block diag(sᵢ) − sᵢᵀsᵢ at the rows and columns of its entries
 * (eqs. 7.10–7.11), so the blocks sit on the diagonal in row-major vec and are spread out in
 * column-major. S is the forward pass's A.
 */
function activationJacobian(f: Activation, Z: Matrix, S: Matrix, order: VecOrder): Matrix {
  const [M, Q] = [Z.rows, Z.cols];
  const n = M * Q;
  const J = new Matrix(n, n);
  if (f.spec === 'softmax') {
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < Q; j++) {
        const sij = S.data[i * Q + j];
        const r = vecIndex(i, j, M, Q, order);
        for (let l = 0; l < Q; l++) J.data[r * n + vecIndex(i, l, M, Q, order)] = (j === l ? sij : 0) - sij * S.data[i * Q + l];
      }
    }
    return J;
  }
  const fPrime = derivativeOf(f.spec);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < Q; j++) {
      const k = vecIndex(i, j, M, Q, order);
      J.data[k * n + k] = fPrime(Z.data[i * Q + j]);
    }
  }
  return J;
}

/**
 * ∂L/∂Ŷ for the built-in losses (chapter 04-losses, eqs. 4.2 and 4.4; chapter 07-softmax-jacobian,
 * eq. 7.17), from the predictions Ŷ and the one-hot or real target rows Y.
 */
function lossGradient(loss: Loss, Yhat: Matrix, Y: Matrix): Matrix {
  const [M, Q] = [Yhat.rows, Yhat.cols];
  const G = new Matrix(M, Q);
  switch (loss.name) {
    case 'mse': {
      const factor = 2 / (M * Q);
      for (let k = 0; k < G.size; k++) G.data[k] = factor * (Yhat.data[k] - Y.data[k]);
      return G;
    }
    case 'cross_entropy':
      // A class with y = 0 contributes nothing to L, so nothing to its gradient (not −0/ŷ = NaN at ŷ = 0).
      for (let k = 0; k < G.size; k++) G.data[k] = Y.data[k] === 0 ? 0 : -Y.data[k] / (M * Yhat.data[k]);
      return G;
    case 'softmax_cross_entropy':
      // Ŷ are logits: softmax each row (shifted by its maximum, eq. 7.2), then (S − Y)/M.
      for (let i = 0; i < M; i++) {
        let max = -Infinity;
        for (let j = 0; j < Q; j++) max = Math.max(max, Yhat.data[i * Q + j]);
        let total = 0;
        for (let j = 0; j < Q; j++) total += Math.exp(Yhat.data[i * Q + j] - max);
        for (let j = 0; j < Q; j++) G.data[i * Q + j] = (Math.exp(Yhat.data[i * Q + j] - max) / total - Y.data[i * Q + j]) / M;
      }
      return G;
    default:
      throw new Error(`kroneckerGradients: no gradient for the loss ${JSON.stringify(loss.name)}, expected one of ${LOSS_NAMES.join(', ')}`);
  }
}

/**
 * Loss and gradients by the chain rule written as explicit Jacobian products (chapter
 * 06-kronecker, eq. 6.12): with g = ∂L/∂vec(Ŷ) as a row vector, each layer from the last down does
 *   g_Z = g · ∂vec A/∂vec Z,   ∂L/∂vec W = g_Z · ∂vec Z/∂vec W,   ∂L/∂b = g_Z · ∂vec Z/∂b,
 *   g   = g_Z · ∂vec Z/∂vec X  (the gradient for the layer below, and finally ∂L/∂X).
 * Every Jacobian's size is checked before anything is allocated. Layers are plain
 * { W, b, activation } objects; grads come back as W1, b1, W2, b2, … in their shapes.
 */
export function kroneckerGradients(
  layers: readonly DenseParams[],
  X: Matrix,
  targets: Targets,
  loss: Loss,
  options: KroneckerOptions = {},
): { loss: number; grads: Matrix[]; inputGrad: Matrix } {
  const order = options.order ?? 'column-major';
  const limit = options.maxEntries ?? DEFAULT_MAX_JACOBIAN_ENTRIES;
  assertVecOrder('kroneckerGradients', order);
  if (!(limit > 0)) throw new Error(`kroneckerGradients: maxEntries must be a positive number, got ${limit}`);
  checkLayers(layers, X);
  guardSizes((l) => `kroneckerGradients: layer ${l}`, kroneckerJacobianShapes(layers, X.rows), limit, X.rows);

  // The forward pass, keeping each layer's input, pre-activation and output: the one shared part.
  const inputs: Matrix[] = [];
  const preActivations: Matrix[] = [];
  const outputs: Matrix[] = [];
  let A = X;
  for (const layer of layers) {
    inputs.push(A);
    const Z = addRowVector(matmul(A, layer.W), layer.b);
    A = layer.activation.forward(Z);
    preActivations.push(Z);
    outputs.push(A);
  }
  const value = loss.value(A, targets);

  // Backward: multiply the row vector g by one Jacobian after another, each built here.
  let g = rowVec(lossGradient(loss, A, targetMatrix(targets, A.rows, A.cols, 'kroneckerGradients')), order);
  const grads: Matrix[] = new Array(2 * layers.length);
  for (let l = layers.length - 1; l >= 0; l--) {
    const { W, activation } = layers[l];
    const gZ = matmul(g, activationJacobian(activation, preActivations[l], outputs[l], order));
    const { dZdX, dZdW, dZdb } = buildDenseJacobians(inputs[l], W, order);
    grads[2 * l] = unvec(matmul(gZ, dZdW), W.rows, W.cols, order);
    grads[2 * l + 1] = new Matrix(1, W.cols, matmul(gZ, dZdb).data);
    g = matmul(gZ, dZdX);
  }
  return { loss: value, grads, inputGrad: unvec(g, X.rows, X.cols, order) };
}
