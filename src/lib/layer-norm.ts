/**
 * Layer normalisation (chapter 06-kronecker: its Jacobian), with PyTorch's semantics
 * (torch.nn.functional.layer_norm over the last dimension). Each sample — each row x of X, with n
 * entries — is centred and scaled by its own statistics, then given a gain γ and a bias β (1×n
 * rows shared by all samples):
 *   μ = (1/n) Σ_j x_j,   σ² = (1/n) Σ_j (x_j − μ)²  (the biased variance),
 *   x̂ = (x − μ) / √(σ² + ε),   a = γ ⊙ x̂ + β.
 * ε sits inside the root, so a constant row (σ = 0) gives x̂ = 0 and a = β instead of 0/0.
 *
 * The Jacobian of one row. From ∂μ/∂x_k = 1/n and ∂√(σ² + ε)/∂x_k = (x_k − μ)/(n √(σ² + ε)) = x̂_k/n,
 *   ∂x̂_j/∂x_k = ([j = k] − 1/n − x̂_j x̂_k / n) / √(σ² + ε),
 * so with 1 the n×1 column of ones and x̂ a 1×n row,
 *   ∂a/∂x = diag(γ) · (I_n − (1/n) 1 1ᵀ − (1/n) x̂ᵀ x̂) / √(σ² + ε).
 * The bracket is symmetric, so the backward pass (the vector-Jacobian product, chapter
 * 05-backpropagation) of a row with upstream gradient ā = ∂L/∂a is, with ḡ = γ ⊙ ā,
 *   ∂L/∂x = (ḡ − mean(ḡ) 1ᵀ − mean(ḡ ⊙ x̂) x̂) / √(σ² + ε),
 * O(n) per row instead of the n×n matrix; and since γ and β are shared by the rows,
 *   ∂L/∂γ = Σ_i ā_i ⊙ x̂_i (column sums of Ā ⊙ X̂),   ∂L/∂β = Σ_i ā_i = 1ᵀĀ.
 * Rows never mix, so the Jacobian of the whole batch is block diagonal in row-major vec, one such
 * n×n block per sample (like the softmax's, chapter 07-softmax-jacobian).
 */
import { checkRange } from './errors';
import { assertMatrix, assertShape, columnSums, hadamard, Matrix, shapeOf } from './matrix';

/** PyTorch's default ε. */
export const DEFAULT_LAYER_NORM_EPS = 1e-5;

export interface LayerNormOptions {
  /** γ, 1×n (default: ones, PyTorch's initial weight). */
  gain?: Matrix;
  /** β, 1×n (default: zeros). */
  bias?: Matrix;
  /** ε > 0 inside the square root (default 1e-5). */
  eps?: number;
}

/** What the backward pass needs from the forward pass. */
export interface LayerNormCache {
  /** X̂, the normalised rows (x − μ)/√(σ² + ε), M×n. */
  Xhat: Matrix;
  /** 1/√(σ² + ε) of every row, M×1. */
  inverseStd: Matrix;
  /** γ as given to the forward pass, or null for ones. */
  gain: Matrix | null;
}

export interface LayerNormGradients {
  /** ∂L/∂X, M×n. */
  dX: Matrix;
  /** ∂L/∂γ, 1×n. */
  dGain: Matrix;
  /** ∂L/∂β, 1×n. */
  dBias: Matrix;
}

/** γ, β and ε checked against rows of n entries. */
function checkOptions(op: string, n: number, options: LayerNormOptions): { gain: Matrix | null; bias: Matrix | null; eps: number } {
  if (options === null || typeof options !== 'object') throw new Error(`${op}: options must be an object { gain, bias, eps }, got ${String(options)}`);
  const { gain, bias } = options;
  if (gain !== undefined) assertShape(op, 'the gain γ', gain, 1, n, 'a row of X');
  if (bias !== undefined) assertShape(op, 'the bias β', bias, 1, n, 'a row of X');
  const eps = checkRange(op, 'eps', options.eps ?? DEFAULT_LAYER_NORM_EPS, 0, Infinity, { minOpen: true });
  return { gain: gain ?? null, bias: bias ?? null, eps };
}

function checkRows(op: string, name: string, X: Matrix): void {
  assertMatrix(op, name, X);
  if (X.cols === 0) throw new Error(`${op}: ${name} is (${shapeOf(X)}): a row needs at least one entry to have a mean`);
}

/**
 * a = γ ⊙ (x − μ)/√(σ² + ε) + β for every row x of X (see the file's comment), and the cache the
 * backward pass reads. The variance is computed from the centred entries (two passes over the
 * row), so a large common offset does not cancel it away.
 */
export function layerNormForward(X: Matrix, options: LayerNormOptions = {}): { A: Matrix; cache: LayerNormCache } {
  const op = 'layerNormForward';
  checkRows(op, 'X', X);
  const n = X.cols;
  const { gain, bias, eps } = checkOptions(op, n, options);
  const Xhat = new Matrix(X.rows, n);
  const inverseStd = new Matrix(X.rows, 1);
  const A = new Matrix(X.rows, n);
  for (let i = 0; i < X.rows; i++) {
    const row = i * n;
    let total = 0;
    for (let j = 0; j < n; j++) total += X.data[row + j];
    const mean = total / n;
    let squares = 0;
    for (let j = 0; j < n; j++) squares += (X.data[row + j] - mean) ** 2;
    const r = 1 / Math.sqrt(squares / n + eps);
    inverseStd.data[i] = r;
    for (let j = 0; j < n; j++) {
      const xhat = (X.data[row + j] - mean) * r;
      Xhat.data[row + j] = xhat;
      A.data[row + j] = (gain ? gain.data[j] * xhat : xhat) + (bias ? bias.data[j] : 0);
    }
  }
  return { A, cache: { Xhat, inverseStd, gain } };
}

/**
 * The backward pass from dA = ∂L/∂A (see the file's comment): per row
 * ∂L/∂x = (ḡ − mean(ḡ) − mean(ḡ ⊙ x̂) x̂)/√(σ² + ε) with ḡ = γ ⊙ ā, and ∂L/∂γ, ∂L/∂β summed over the rows.
 */
export function layerNormBackward(dA: Matrix, cache: LayerNormCache): LayerNormGradients {
  const op = 'layerNormBackward';
  if (cache === null || typeof cache !== 'object') throw new Error(`${op}: cache must be the cache layerNormForward returned, got ${String(cache)}`);
  const { Xhat, inverseStd, gain } = cache;
  checkRows(op, 'the cache\'s Xhat', Xhat);
  assertShape(op, 'dA', dA, Xhat.rows, Xhat.cols, 'the layer\'s output A');
  assertShape(op, 'the cache\'s inverseStd', inverseStd, Xhat.rows, 1, 'one entry per row');
  if (gain !== null) assertShape(op, 'the cache\'s gain', gain, 1, Xhat.cols, 'a row');
  const n = Xhat.cols;
  const dX = new Matrix(Xhat.rows, n);
  for (let i = 0; i < Xhat.rows; i++) {
    const row = i * n;
    let meanG = 0;
    let meanGXhat = 0;
    for (let j = 0; j < n; j++) {
      const g = gain ? gain.data[j] * dA.data[row + j] : dA.data[row + j];
      meanG += g;
      meanGXhat += g * Xhat.data[row + j];
    }
    meanG /= n;
    meanGXhat /= n;
    const r = inverseStd.data[i];
    for (let j = 0; j < n; j++) {
      const g = gain ? gain.data[j] * dA.data[row + j] : dA.data[row + j];
      dX.data[row + j] = r * (g - meanG - meanGXhat * Xhat.data[row + j]);
    }
  }
  return { dX, dGain: columnSums(hadamard(dA, Xhat)), dBias: columnSums(dA) };
}

/**
 * The n×n Jacobian ∂a/∂x of one sample, a 1×n row x (see the file's comment):
 * entry (j, k) is γ_j ([j = k] − 1/n − x̂_j x̂_k / n) / √(σ² + ε).
 */
export function layerNormJacobian(x: Matrix, options: Omit<LayerNormOptions, 'bias'> = {}): Matrix {
  const op = 'layerNormJacobian';
  checkRows(op, 'x', x);
  if (x.rows !== 1) throw new Error(`${op}: expected one sample as a 1×n row, got (${shapeOf(x)})`);
  const n = x.cols;
  const { gain, eps } = checkOptions(op, n, options);
  const { Xhat, inverseStd } = layerNormForward(x, { eps }).cache;
  const r = inverseStd.data[0];
  const J = new Matrix(n, n);
  for (let j = 0; j < n; j++) {
    const gj = gain ? gain.data[j] : 1;
    for (let k = 0; k < n; k++) {
      J.data[j * n + k] = gj * r * ((j === k ? 1 : 0) - 1 / n - (Xhat.data[j] * Xhat.data[k]) / n);
    }
  }
  return J;
}
