/**
 * A multilayer perceptron as a stack of dense layers and its two passes.
 *
 * The forward pass (chapter 02-forward-pass, eq. 2.6): A⁽⁰⁾ = X, Z⁽ˡ⁾ = A⁽ˡ⁻¹⁾W⁽ˡ⁾ + 1b⁽ˡ⁾,
 * A⁽ˡ⁾ = f_l(Z⁽ˡ⁾), Ŷ = A⁽ᴸ⁾. The backward pass (chapter 05-backpropagation, eqs. 5.11–5.12): from
 * ∂L/∂Ŷ, each layer from the last down turns ∂L/∂A⁽ˡ⁾ into δ⁽ˡ⁾ = ∂L/∂Z⁽ˡ⁾, its gradients
 * A⁽ˡ⁻¹⁾ᵀδ⁽ˡ⁾ and 1ᵀδ⁽ˡ⁾, and ∂L/∂A⁽ˡ⁻¹⁾ = δ⁽ˡ⁾W⁽ˡ⁾ᵀ for the layer below.
 *
 * Both passes are written once: they allocate their results, or write them into buffers the
 * caller keeps (the training loop of ./training, which then allocates nothing per step).
 */
import { Dense, denseBackward, denseForward, type DenseParams, type DenseSpec } from './dense';
import { positiveInteger, withContext } from './errors';
import { kroneckerGradients, type KroneckerOptions } from './kronecker';
import { resolveLoss, type Loss, type LossName, type Targets } from './losses/loss';
import { assertMatrix, assertShape, fromArray, Matrix, rowVector, shapeOf } from './matrix';
import { paramsFromJSON, paramsToJSON, type ParamsJSON } from './params';
import { createRng } from './random';

export type Backprop = 'efficient' | 'kronecker';

export interface GradientResult {
  /** The loss of the batch. */
  loss: number;
  /** ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, … in the order of `params()`. */
  grads: Matrix[];
  /** ∂L/∂X, M×N. */
  inputGrad: Matrix;
}

/** What the forward pass keeps for the backward pass: for each layer its input A⁽ˡ⁻¹⁾ (X), Z⁽ˡ⁾ and A⁽ˡ⁾. */
export type ForwardTrace = { X: Matrix; Z: Matrix; A: Matrix }[];

/** Where a forward pass writes: Z⁽ˡ⁾ and A⁽ˡ⁾ of every layer, M rows each. */
export interface ForwardBuffers {
  Z: Matrix[];
  A: Matrix[];
}

/** Where a backward pass writes, for one batch size. */
export interface BackwardBuffers {
  /** δ⁽ˡ⁾ = ∂L/∂Z⁽ˡ⁾ of every layer. */
  dZ: Matrix[];
  /** ∂L/∂W1, ∂L/∂b1, ∂L/∂W2, …: the list an optimizer steps with. */
  grads: Matrix[];
  /** ∂L/∂A⁽ˡ⁾ for the hidden layers l = 1…L−1, at index l − 1: where each layer but the first writes its input gradient. */
  dA: Matrix[];
}

/** The forward pass: A⁽⁰⁾ = X, then Z⁽ˡ⁾ and A⁽ˡ⁾ layer by layer (into `into` when given). Ŷ is the last A. */
export function forwardPass(layers: readonly DenseParams[], X: Matrix, into?: ForwardBuffers): ForwardTrace {
  const trace: ForwardTrace = new Array(layers.length);
  let A = X;
  for (let l = 0; l < layers.length; l++) {
    const out = denseForward(layers[l]!, A, into && { Z: into.Z[l]!, A: into.A[l]! });
    trace[l] = { X: A, Z: out.Z, A: out.A };
    A = out.A;
  }
  return trace;
}

/**
 * The backward pass, the δ recursion, from dYhat = ∂L/∂Ŷ down to the first layer (each layer's
 * step is `denseBackward`). Returns the gradients in the order of `params()` and, when
 * `inputGrad` is set, ∂L/∂X (training does not need it, so the first layer skips δ⁽¹⁾W⁽¹⁾ᵀ).
 * With `into`, every result is written into those buffers and nothing is allocated.
 */
export function backwardPass(
  layers: readonly DenseParams[],
  trace: ForwardTrace,
  dYhat: Matrix,
  options: { inputGrad?: boolean; into?: BackwardBuffers } = {},
): { grads: Matrix[]; inputGrad: Matrix | null } {
  const { into } = options;
  const grads = into?.grads ?? new Array<Matrix>(2 * layers.length);
  let dA = dYhat;
  let inputGrad: Matrix | null = null;
  for (let l = layers.length - 1; l >= 0; l--) {
    const out = into && { dZ: into.dZ[l], dW: into.grads[2 * l], db: into.grads[2 * l + 1], dX: l > 0 ? into.dA[l - 1] : undefined };
    const g = denseBackward(layers[l]!, trace[l]!, dA, { needInputGrad: l > 0 || options.inputGrad === true, out });
    grads[2 * l] = g.dW;
    grads[2 * l + 1] = g.db;
    if (l > 0) dA = g.dX!;
    else inputGrad = g.dX ?? null;
  }
  return { grads, inputGrad };
}

/** The constructor of a Network or of a subclass (Sequential), as the static factories see it. */
type NetworkClass<T extends Network> = (new (inputs: number, specs: readonly DenseSpec[]) => T) & { readonly label: string };

/**
 * A sequential stack of dense layers with its forward and backward passes, seeded so that the same
 * seed always gives the same model. `Sequential` (./training) is this network plus training.
 */
export class Network {
  /** The class as error messages name it (a minified bundle renames classes, so not `name`). */
  static readonly label: string = 'Network';
  readonly inputs: number;
  readonly layers: Dense[];

  constructor(inputs: number, specs: readonly DenseSpec[], options: { seed?: number } = {}) {
    const op = (new.target as unknown as NetworkClass<Network>).label;
    positiveInteger(op, 'inputs (features per sample)', inputs);
    if (!Array.isArray(specs) || specs.length === 0) {
      throw new Error(`${op}: expected at least one layer spec, e.g. [{ units: 10, activation: "relu" }]`);
    }
    const rng = createRng(options.seed ?? 0);
    this.inputs = inputs;
    let width = inputs;
    this.layers = specs.map((spec, i) => {
      const layer = withContext(`${op}: layer ${i + 1} of ${specs.length}`, () => new Dense(width, spec, rng));
      width = layer.units;
      return layer;
    });
  }

  /**
   * A model with the given parameters instead of random ones (e.g. a reference case's); each W
   * must be (previous width)×units and each b have `units` entries. Errors name the layer.
   */
  static fromParams<T extends Network>(this: NetworkClass<T>, inputs: number, specs: readonly DenseSpec[], params: readonly LayerParams[]): T {
    return withParams(this, inputs, specs, params);
  }

  /** Rebuilds a model saved with `toJSON` (format 'mlp-params/1'). */
  static fromJSON<T extends Network>(this: NetworkClass<T>, json: unknown): T {
    const saved = paramsFromJSON(json);
    return withParams(this, saved.inputs, saved.layers.map((l) => ({ units: l.W.cols, activation: l.activation })), saved.layers);
  }

  /** The parameters as JSON-ready data (format 'mlp-params/1'). */
  toJSON(): ParamsJSON {
    return paramsToJSON({
      inputs: this.inputs,
      layers: this.layers.map((l) => ({ activation: l.activation.spec, W: l.W, b: l.b })),
    });
  }

  /** The trainable matrices W1, b1, W2, b2, …: the model's own, so updating them updates the model. */
  params(): Matrix[] {
    return this.layers.flatMap((l) => [l.W, l.b]);
  }

  /** Total number of trainable numbers, Σ (N_l·Q_l + Q_l). */
  parameterCount(): number {
    return this.layers.reduce((total, l) => total + l.parameterCount, 0);
  }

  /** A table of the layers: activation, output shape (M samples), parameter count, and the total. */
  summary(): string {
    const rows = [['layer', 'activation', 'output', 'params']];
    this.layers.forEach((l, i) =>
      rows.push([`${i + 1} dense`, l.activation.description, `M×${l.units}`, l.parameterCount.toLocaleString('en-US')]),
    );
    const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
    const line = (r: string[]) => r.map((cell, c) => (c === 3 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ');
    const rule = '─'.repeat(line(rows[0]!).length);
    return [
      `input: M×${this.inputs}`,
      line(rows[0]!),
      rule,
      ...rows.slice(1).map(line),
      rule,
      `total parameters: ${this.parameterCount().toLocaleString('en-US')}`,
    ].join('\n');
  }

  /** Throws unless X is a non-empty batch with one column per model input. */
  protected checkInput(op: string, X: Matrix): void {
    assertMatrix(op, 'X', X);
    if (X.rows === 0) throw new Error(`${op}: the batch is empty (X has 0 rows), expected at least one sample`);
    if (X.cols !== this.inputs) {
      throw new Error(`${op}: X is (${shapeOf(X)}) but the model takes ${this.inputs} inputs per sample, expected (M×${this.inputs})`);
    }
  }

  /** Ŷ = A⁽ᴸ⁾ for the rows of X (logits when the last activation is linear). */
  predict(X: Matrix): Matrix {
    this.checkInput('predict', X);
    return forwardPass(this.layers, X).at(-1)!.A;
  }

  /** The loss of the model's predictions for X against the targets. */
  evaluate(X: Matrix, targets: Targets, loss: Loss | LossName): number {
    return resolveLoss(loss).value(this.predict(X), targets);
  }

  /**
   * The loss and its gradient for every parameter on one batch. 'efficient' is the δ recursion of
   * chapter 05-backpropagation (eqs. 5.11–5.12); 'kronecker' builds every Jacobian explicitly
   * (chapter 06-kronecker) and refuses batches whose Jacobians exceed `maxEntries`. Both give the
   * same numbers.
   */
  gradients(
    X: Matrix,
    targets: Targets,
    loss: Loss | LossName,
    options: { backprop?: Backprop } & KroneckerOptions = {},
  ): GradientResult {
    this.checkInput('gradients', X);
    const L = resolveLoss(loss);
    const backprop = options.backprop ?? 'efficient';
    if (backprop === 'kronecker') return kroneckerGradients(this.layers, X, targets, L, options);
    if (backprop !== 'efficient') {
      throw new Error(`gradients: backprop must be 'efficient' or 'kronecker', got ${JSON.stringify(backprop)}`);
    }
    const trace = forwardPass(this.layers, X);
    const Yhat = trace.at(-1)!.A;
    const value = L.value(Yhat, targets);
    const { grads, inputGrad } = backwardPass(this.layers, trace, L.gradient(Yhat, targets), { inputGrad: true });
    return { loss: value, grads, inputGrad: inputGrad! };
  }
}

/** One layer's parameters as `fromParams` takes them: matrices, or nested arrays (W) and a list (b). */
export interface LayerParams {
  W: readonly (readonly number[])[] | Matrix;
  b: readonly number[] | Matrix;
}

/** A `cls` model whose parameters are copies of `params`, each checked against its layer's shape. */
function withParams<T extends Network>(cls: NetworkClass<T>, inputs: number, specs: readonly DenseSpec[], params: readonly LayerParams[]): T {
  const op = `${cls.label}.fromParams`;
  if (params.length !== specs.length) {
    throw new Error(`${op}: ${specs.length} layer specs but ${params.length} parameter sets`);
  }
  const model = new cls(inputs, specs.map((s) => ({ ...s, init: 'zeros' as const })));
  model.layers.forEach((layer, i) => {
    const { W, b } = params[i]!;
    const where = `${op}: layer ${i + 1}`;
    const Wm = W instanceof Matrix ? W.clone() : withContext(`${where}: W`, () => fromArray(W));
    const bm = b instanceof Matrix ? b.clone() : withContext(`${where}: b`, () => rowVector(b));
    assertShape(where, 'W', Wm, layer.inputs, layer.units, '(inputs × units)');
    if (bm.size !== layer.units) throw new Error(`${where}: b has ${bm.size} entries, expected ${layer.units}`);
    layer.W = Wm;
    layer.b = new Matrix(1, layer.units, bm.data);
  });
  return model;
}
