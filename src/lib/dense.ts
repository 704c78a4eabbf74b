/**
 * The dense (fully connected) layer: Z = X W + 1_M b, A = f(Z) (chapter 02-forward-pass, eqs. 2.1 and 2.4),
 * and its backward pass (chapter 05-backpropagation, eqs. 5.5–5.8): from dA = ∂L/∂A,
 *   dZ = f'(Z) applied to dA (the activation's vector-Jacobian product, eq. 5.8),
 *   ∂L/∂W = Xᵀ dZ (eq. 5.5),   ∂L/∂b = 1ᵀ dZ (eq. 5.6),   ∂L/∂X = dZ Wᵀ (eq. 5.7).
 * X is M×N (one sample per row), W is N×Q, b is 1×Q.
 */
import { activationFromSpec, type Activation, type ActivationSpec } from './activations/activation';
import { positiveInteger } from './errors';
import { initWeights, type Initializer } from './init';
import { addRowVector, assertMatrix, assertShape, Matrix, matmul, matmulTransposeA, matmulTransposeB, shapeOf, columnSums } from './matrix';
import type { Rng } from './random';

export interface DenseSpec {
  /** Q, the number of units (outputs) of the layer. */
  units: number;
  /** f, applied to Z (default 'linear'). */
  activation?: ActivationSpec;
  /** How W is drawn (default: He for ReLU-like activations, Glorot otherwise); b starts at 0. */
  init?: Initializer;
}

/** The parameters and activation a dense layer computes with. */
export interface DenseParams {
  W: Matrix;
  b: Matrix;
  activation: Activation;
}

/** He keeps the variance of ReLU outputs steady through layers; Glorot does it for symmetric activations. */
export function defaultInitializer(f: Activation): Initializer {
  return f.name === 'relu' || f.name === 'leaky_relu' ? 'he-normal' : 'glorot-uniform';
}

/** A dense layer with its own W (inputs×units) and b (1×units), drawn from a seeded generator. */
export class Dense implements DenseParams {
  readonly inputs: number;
  readonly units: number;
  readonly activation: Activation;
  W: Matrix;
  b: Matrix;

  constructor(inputs: number, spec: DenseSpec, rng: Rng) {
    positiveInteger('Dense', 'inputs', inputs);
    if (spec === null || typeof spec !== 'object') {
      throw new Error(`Dense: expected a spec like { units: 4, activation: 'relu' }, got ${String(spec)}`);
    }
    positiveInteger('Dense', 'units', spec.units);
    this.inputs = inputs;
    this.units = spec.units;
    this.activation = activationFromSpec(spec.activation ?? 'linear');
    this.W = initWeights(spec.init ?? defaultInitializer(this.activation), inputs, spec.units, rng);
    this.b = new Matrix(1, spec.units);
  }

  /** Number of trainable numbers: N·Q weights and Q biases. */
  get parameterCount(): number {
    return this.inputs * this.units + this.units;
  }
}

function checkInput(op: string, layer: DenseParams, X: Matrix): void {
  assertMatrix(op, 'the input X', X);
  if (X.cols !== layer.W.rows) {
    throw new Error(
      `${op}: input (${shapeOf(X)}) · W (${shapeOf(layer.W)}): the input has ${X.cols} columns but the layer expects ${layer.W.rows} inputs`,
    );
  }
  assertShape(op, 'b', layer.b, 1, layer.W.cols, "W's columns");
}

/**
 * Z = X W + 1_M b and A = f(Z) (chapter 02-forward-pass, eqs. 2.1 and 2.4). With `out`, results go into
 * the given buffers (the training loop reuses them); otherwise new matrices are returned.
 */
export function denseForward(
  layer: DenseParams,
  X: Matrix,
  out?: { Z: Matrix; A: Matrix },
): { Z: Matrix; A: Matrix } {
  checkInput('denseForward', layer, X);
  const Z = addRowVector(matmul(X, layer.W, out?.Z), layer.b, out?.Z);
  const A = layer.activation.forward(Z, out?.A);
  return { Z, A };
}

export interface DenseGradients {
  /** ∂L/∂Z = f'(Z) ⊙ dA for elementwise f (the softmax product otherwise). */
  dZ: Matrix;
  /** ∂L/∂W = Xᵀ dZ. */
  dW: Matrix;
  /** ∂L/∂b = 1ᵀ dZ (column sums). */
  db: Matrix;
  /** ∂L/∂X = dZ Wᵀ, the dA of the layer below; omitted when `needInputGrad` is false. */
  dX?: Matrix;
}

/**
 * The backward pass of one dense layer (chapter 05-backpropagation): given X, Z and A from the
 * forward pass and dA = ∂L/∂A, the gradients of W, b and X. `out` buffers are reused when given.
 */
export function denseBackward(
  layer: DenseParams,
  cache: { X: Matrix; Z: Matrix; A: Matrix },
  dA: Matrix,
  options: { needInputGrad?: boolean; out?: Partial<DenseGradients> } = {},
): DenseGradients {
  const op = 'denseBackward';
  checkInput(op, layer, cache.X);
  assertShape(op, 'dA', dA, cache.A.rows, cache.A.cols, "the layer's output A");
  const out = options.out ?? {};
  const dZ = layer.activation.backward(cache.Z, cache.A, dA, out.dZ);
  const dW = matmulTransposeA(cache.X, dZ, out.dW);
  const db = columnSums(dZ, out.db);
  const gradients: DenseGradients = { dZ, dW, db };
  if (options.needInputGrad ?? true) gradients.dX = matmulTransposeB(dZ, layer.W, out.dX);
  return gradients;
}
