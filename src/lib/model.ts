/**
 * A multilayer perceptron as a stack of dense layers (chapter 02-forward-pass, eq. 2.6):
 * A⁽⁰⁾ = X, Z⁽ˡ⁾ = A⁽ˡ⁻¹⁾W⁽ˡ⁾ + 1b⁽ˡ⁾, A⁽ˡ⁾ = f_l(Z⁽ˡ⁾), Ŷ = A⁽ᴸ⁾; trained by backpropagation
 * (chapter 05-backpropagation) with an optimizer (chapter 08-optimizers) on shuffled mini-batches
 * (chapter 09-training).
 */
import { batches } from './data/batches';
import { trainValidationSplit } from './data/split';
import { withContext } from './errors';
import { Dense, denseBackward, denseForward, type DenseSpec } from './dense';
import { kroneckerGradients, type KroneckerOptions } from './kronecker';
import { lossFromName, targetMatrix, type Loss, type LossName, type Targets } from './losses/loss';
import { assertMatrix, assertShape, firstNonFinite, fromArray, Matrix, rowVector, shapeOf, takeRows } from './matrix';
import { accuracy } from './metrics';
import { optimizerFromSpec, type OptimizerSpec } from './optimizers/from-spec';
import type { Optimizer } from './optimizers/optimizer';
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

export interface BatchInfo {
  /** 1-based epoch and batch numbers. */
  epoch: number;
  epochs: number;
  batch: number;
  batches: number;
  /** The batch's loss, before this step's update. */
  loss: number;
  /** The batch's measurements (before this step's update), one per name in `FitOptions.metrics`. */
  metrics: { accuracy?: number };
  /** Fraction of all training steps done, in (0, 1]. */
  progress: number;
}

export interface EpochInfo {
  epoch: number;
  epochs: number;
  /** Mean training loss over the epoch's samples (each batch weighted by its size). */
  loss: number;
  /** Training accuracy over the epoch's batches, if 'accuracy' is in `metrics`. */
  accuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  progress: number;
}

export interface FitOptions {
  loss: Loss | LossName;
  /** An optimizer, or a plain description such as { name: 'adam', lr: 1e-3 }. */
  optimizer: Optimizer | OptimizerSpec;
  /** Passes over the training data (default 1). */
  epochs?: number;
  /** Samples per step (default 32); the last batch of an epoch may be shorter. */
  batchSize?: number;
  /** Reshuffle the samples every epoch (default true), from `seed`. */
  shuffle?: boolean;
  /** Seed of the shuffling (default 0): same seed, same batches. */
  seed?: number;
  /** Held-out data, evaluated after every epoch. */
  validation?: { X: Matrix; targets: Targets };
  /**
   * Instead of `validation`: hold out this fraction of the samples (a seeded random subset, from
   * `seed`) before training; they are never trained on.
   */
  validationSplit?: number;
  /** Extra measurements per epoch; 'accuracy' for classifiers. */
  metrics?: readonly 'accuracy'[];
  onBatch?: (info: BatchInfo) => void | Promise<void>;
  onEpoch?: (info: EpochInfo) => void | Promise<void>;
  /** Aborting stops training between two steps; `fit` then resolves with stopped: 'aborted'. */
  signal?: AbortSignal;
  /** Give the event loop a turn after this many milliseconds of work (default 30), so pages stay live. */
  yieldEveryMs?: number;
}

export interface History {
  epochs: EpochInfo[];
  /** Every step's batch loss, in order. */
  batchLosses: number[];
  stopped: 'completed' | 'aborted';
}

/** Training produced NaN or ±Infinity; says when, and where the first non-finite number appeared. */
export class NonFiniteLossError extends Error {
  constructor(
    readonly epoch: number,
    readonly batch: number,
    readonly lossValue: number,
    /** 1-based layer that first produced a non-finite value; 0 for the input, -1 if only the loss did. */
    readonly layer: number,
    readonly where: string,
  ) {
    super(
      `fit: the loss became ${lossValue} at epoch ${epoch}, batch ${batch}. First non-finite value: ${where}. ` +
        'Check the input data for NaN/Infinity, lower the learning rate, or use a numerically stable loss (softmax_cross_entropy on logits).',
    );
    this.name = 'NonFiniteLossError';
  }
}

/** Buffers for one batch size, so a training step allocates nothing after its first call. */
interface StepBuffers {
  rows: number;
  Z: Matrix[];
  A: Matrix[];
  dZ: Matrix[];
  /** dA[l] = ∂L/∂A⁽ˡ⁾ for l = 0…L−1 (dA[0] unused: no input gradient is needed to train). */
  dA: Matrix[];
  dW: Matrix[];
  db: Matrix[];
  grads: Matrix[];
  /** ∂L/∂Ŷ, kept apart from dZ because activations' backward may not read and write one buffer. */
  dYhat: Matrix;
  X: Matrix;
  Y: Matrix;
}

function resolveLoss(l: Loss | LossName): Loss {
  return typeof l === 'string' ? lossFromName(l) : l;
}

function resolveOptimizer(o: Optimizer | OptimizerSpec): Optimizer {
  if (o !== null && typeof o === 'object' && typeof (o as Optimizer).step === 'function') return o as Optimizer;
  return optimizerFromSpec(o as OptimizerSpec);
}

/** A sequential stack of dense layers, seeded so that the same seed always gives the same model. */
export class Sequential {
  readonly inputs: number;
  readonly layers: Dense[];
  private readonly buffers = new Map<number, StepBuffers>();

  constructor(inputs: number, specs: readonly DenseSpec[], options: { seed?: number } = {}) {
    if (!Number.isInteger(inputs) || inputs < 1) {
      throw new Error(`Sequential: inputs must be a positive integer (features per sample), got ${inputs}`);
    }
    if (!Array.isArray(specs) || specs.length === 0) {
      throw new Error('Sequential: expected at least one layer spec, e.g. [{ units: 10, activation: "relu" }]');
    }
    const rng = createRng(options.seed ?? 0);
    this.inputs = inputs;
    let width = inputs;
    this.layers = specs.map((spec, i) => {
      const layer = withContext(`Sequential: layer ${i + 1} of ${specs.length}`, () => new Dense(width, spec, rng));
      width = layer.units;
      return layer;
    });
  }

  /**
   * A model with the given parameters instead of random ones (e.g. a reference case's); each W
   * must be (previous width)×units and each b have `units` entries. Errors name the layer.
   */
  static fromParams(
    inputs: number,
    specs: readonly DenseSpec[],
    params: readonly { W: readonly (readonly number[])[] | Matrix; b: readonly number[] | Matrix }[],
  ): Sequential {
    if (params.length !== specs.length) {
      throw new Error(`Sequential.fromParams: ${specs.length} layer specs but ${params.length} parameter sets`);
    }
    const model = new Sequential(inputs, specs.map((s) => ({ ...s, init: 'zeros' as const })));
    model.layers.forEach((layer, i) => {
      const { W, b } = params[i]!;
      const where = `Sequential.fromParams: layer ${i + 1}`;
      const Wm = W instanceof Matrix ? W.clone() : withContext(`${where}: W`, () => fromArray(W));
      const bm = b instanceof Matrix ? b.clone() : withContext(`${where}: b`, () => rowVector(b));
      assertShape(`Sequential.fromParams: layer ${i + 1}`, 'W', Wm, layer.inputs, layer.units, '(inputs × units)');
      if (bm.size !== layer.units) {
        throw new Error(`Sequential.fromParams: layer ${i + 1}: b has ${bm.size} entries, expected ${layer.units}`);
      }
      layer.W = Wm;
      layer.b = new Matrix(1, layer.units, bm.data);
    });
    return model;
  }

  /** Rebuilds a model saved with `toJSON` (format 'mlp-params/1'). */
  static fromJSON(json: unknown): Sequential {
    const saved = paramsFromJSON(json);
    return Sequential.fromParams(
      saved.inputs,
      saved.layers.map((l) => ({ units: l.W.cols, activation: l.activation })),
      saved.layers,
    );
  }

  /** The parameters as JSON-ready data (format 'mlp-params/1'). */
  toJSON(): ParamsJSON {
    return paramsToJSON({
      inputs: this.inputs,
      layers: this.layers.map((l) => ({ activation: l.activationSpec, W: l.W, b: l.b })),
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

  private checkInput(op: string, X: Matrix): void {
    assertMatrix(op, 'X', X);
    if (X.rows === 0) throw new Error(`${op}: the batch is empty (X has 0 rows), expected at least one sample`);
    if (X.cols !== this.inputs) {
      throw new Error(`${op}: X is (${shapeOf(X)}) but the model takes ${this.inputs} inputs per sample, expected (M×${this.inputs})`);
    }
  }

  /** Ŷ = A⁽ᴸ⁾ for the rows of X (logits when the last activation is linear). */
  predict(X: Matrix): Matrix {
    this.checkInput('predict', X);
    let A = X;
    for (const layer of this.layers) A = denseForward(layer, A).A;
    return A;
  }

  /** The loss of the model's predictions for X against the targets. */
  evaluate(X: Matrix, targets: Targets, loss: Loss | LossName): number {
    return resolveLoss(loss).value(this.predict(X), targets);
  }

  /**
   * The loss and its gradient for every parameter on one batch. 'efficient' is the δ recursion of
   * chapter 05-backpropagation (eqs. 5.11 and 5.12); 'kronecker' builds every Jacobian explicitly (chapter 06-kronecker)
   * and refuses batches whose Jacobians exceed `maxEntries`. Both give the same numbers.
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
    const caches: { X: Matrix; Z: Matrix; A: Matrix }[] = [];
    let A = X;
    for (const layer of this.layers) {
      const { Z, A: next } = denseForward(layer, A);
      caches.push({ X: A, Z, A: next });
      A = next;
    }
    const value = L.value(A, targets);
    let dA = L.gradient(A, targets);
    const grads: Matrix[] = new Array(2 * this.layers.length);
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const g = denseBackward(this.layers[l]!, caches[l]!, dA);
      grads[2 * l] = g.dW;
      grads[2 * l + 1] = g.db;
      dA = g.dX!;
    }
    return { loss: value, grads, inputGrad: dA };
  }

  private buffersFor(rows: number): StepBuffers {
    let b = this.buffers.get(rows);
    if (!b) {
      const units = this.layers.map((l) => l.units);
      const sized = (cols: number) => new Matrix(rows, cols);
      const dW = this.layers.map((l) => new Matrix(l.inputs, l.units));
      const db = this.layers.map((l) => new Matrix(1, l.units));
      b = {
        rows,
        Z: units.map(sized),
        A: units.map(sized),
        dZ: units.map(sized),
        dA: this.layers.map((l) => sized(l.inputs)),
        dW,
        db,
        grads: dW.flatMap((w, i) => [w, db[i]!]),
        dYhat: sized(units[units.length - 1]!),
        X: sized(this.inputs),
        Y: sized(units[units.length - 1]!),
      };
      this.buffers.set(rows, b);
    }
    return b;
  }

  /** Forward pass into the step buffers; returns Ŷ. */
  private forwardInto(X: Matrix, b: StepBuffers): Matrix {
    let A = X;
    this.layers.forEach((layer, l) => {
      A = denseForward(layer, A, { Z: b.Z[l]!, A: b.A[l]! }).A;
    });
    return A;
  }

  /**
   * One step of training on one batch (chapter 09-training): forward, loss, backward (the δ
   * recursion of chapter 05-backpropagation), optimizer update. Returns the batch's loss before
   * the update. Buffers are kept per batch size, and class indices are expanded into a kept
   * one-hot buffer, so the model allocates nothing after the first call for a batch size.
   * If the loss is NaN or ±Infinity the update is skipped: the parameters stay those that
   * produced it, for inspection, instead of being overwritten by a non-finite gradient.
   */
  trainStep(X: Matrix, targets: Targets, loss: Loss | LossName, optimizer: Optimizer): number {
    this.checkInput('trainStep', X);
    const L = resolveLoss(loss);
    const b = this.buffersFor(X.rows);
    const last = this.layers.length - 1;
    const Yhat = this.forwardInto(X, b);
    const Y = targetMatrix(targets, X.rows, b.Y.cols, 'trainStep', b.Y);
    const value = L.value(Yhat, Y);
    if (!Number.isFinite(value)) return value;
    let dA = L.gradient(Yhat, Y, b.dYhat);
    for (let l = last; l >= 0; l--) {
      const layer = this.layers[l]!;
      const input = l === 0 ? X : b.A[l - 1]!;
      denseBackward(layer, { X: input, Z: b.Z[l]!, A: b.A[l]! }, dA, {
        needInputGrad: l > 0,
        out: { dZ: b.dZ[l], dW: b.dW[l], db: b.db[l], dX: b.dA[l] },
      });
      dA = b.dA[l]!;
    }
    optimizer.step(this.params(), b.grads);
    return value;
  }

  /** Where the first NaN/Infinity is, after a step whose loss was not finite. */
  private locateNonFinite(X: Matrix, b: StepBuffers): { layer: number; where: string } {
    const at = (m: Matrix) => {
      const p = firstNonFinite(m);
      return p && `row ${p[0]}, column ${p[1]} is ${m.get(p[0], p[1])}`;
    };
    const inX = at(X);
    if (inX) return { layer: 0, where: `the input X (${inX})` };
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l]!;
      const label = `layer ${l + 1} (${layer.activation.description})`;
      // The step that failed skipped its update, so W and b are the ones this forward pass used.
      const bad = at(layer.W) ? `its weights W (${at(layer.W)})` : at(layer.b) ? `its bias b (${at(layer.b)})` : null;
      if (bad) return { layer: l + 1, where: `${label}: ${bad}, after an update diverged` };
      const z = at(b.Z[l]!);
      if (z) return { layer: l + 1, where: `${label}: Z = A W + b (${z})` };
      const a = at(b.A[l]!);
      if (a) return { layer: l + 1, where: `${label}: its output A = f(Z) (${a})` };
    }
    return {
      layer: -1,
      where: 'the loss itself (every layer output was finite: check the targets, or use softmax_cross_entropy on logits instead of cross_entropy on probabilities that can reach 0)',
    };
  }

  /**
   * Mini-batch training (chapter 09-training): every epoch shuffles the samples (seeded), splits them
   * into batches, and takes one optimizer step per batch. Callbacks report progress; an aborted
   * `signal` stops between steps. A NaN/Infinity loss throws NonFiniteLossError, with the
   * parameters left as they were when that loss was computed.
   */
  async fit(X: Matrix, targets: Targets, options: FitOptions): Promise<History> {
    this.checkInput('fit', X);
    if (options === null || typeof options !== 'object') {
      throw new Error("fit: expected options like { loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.1 } }");
    }
    if (options.validationSplit !== undefined) {
      if (options.validation) throw new Error('fit: give either validation or validationSplit, not both');
      const { train, validation } = trainValidationSplit(X, targets, options.validationSplit, options.seed ?? 0);
      const rest = { ...options, validationSplit: undefined, validation: { X: validation.X, targets: validation.y } };
      return this.fit(train.X, train.y, rest);
    }
    const L = resolveLoss(options.loss);
    const optimizer = resolveOptimizer(options.optimizer);
    const epochs = options.epochs ?? 1;
    const batchSize = options.batchSize ?? 32;
    if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`fit: epochs must be a positive integer, got ${epochs}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`fit: batchSize must be a positive integer, got ${batchSize}`);
    const outputs = this.layers[this.layers.length - 1]!.units;
    const Y = targetMatrix(targets, X.rows, outputs, 'fit');
    const wantAccuracy = options.metrics?.includes('accuracy') ?? false;
    if (options.validation) {
      this.checkInput('fit (validation)', options.validation.X);
      targetMatrix(options.validation.targets, options.validation.X.rows, outputs, 'fit (validation)');
    }
    const rng = options.shuffle === false ? undefined : createRng(options.seed ?? 0);
    const yieldEveryMs = options.yieldEveryMs ?? 30;
    const batchesPerEpoch = Math.ceil(X.rows / batchSize);
    const totalSteps = epochs * batchesPerEpoch;
    const history: History = { epochs: [], batchLosses: [], stopped: 'completed' };
    let step = 0;
    let lastYield = Date.now();

    for (let epoch = 1; epoch <= epochs; epoch++) {
      const order = batches(X.rows, batchSize, rng);
      let lossSum = 0;
      let correct = 0;
      for (let i = 0; i < order.length; i++) {
        if (options.signal?.aborted) {
          history.stopped = 'aborted';
          return history;
        }
        const indices = order[i]!;
        const buf = this.buffersFor(indices.length);
        takeRows(X, indices, buf.X);
        takeRows(Y, indices, buf.Y);
        const value = this.trainStep(buf.X, buf.Y, L, optimizer);
        if (!Number.isFinite(value)) {
          const { layer, where } = this.locateNonFinite(buf.X, buf);
          throw new NonFiniteLossError(epoch, i + 1, value, layer, where);
        }
        // Ŷ of this batch (before the update) is still in the last layer's buffer.
        const metrics: BatchInfo['metrics'] = {};
        if (wantAccuracy) {
          metrics.accuracy = accuracy(buf.A[this.layers.length - 1]!, buf.Y);
          correct += metrics.accuracy * indices.length;
        }
        lossSum += value * indices.length;
        history.batchLosses.push(value);
        step++;
        await options.onBatch?.({ epoch, epochs, batch: i + 1, batches: order.length, loss: value, metrics, progress: step / totalSteps });
        if (Date.now() - lastYield >= yieldEveryMs) {
          await new Promise((resolve) => setTimeout(resolve, 0));
          lastYield = Date.now();
        }
      }
      const info: EpochInfo = { epoch, epochs, loss: lossSum / X.rows, progress: step / totalSteps };
      if (wantAccuracy) info.accuracy = correct / X.rows;
      if (options.validation) {
        const prediction = this.predict(options.validation.X);
        info.valLoss = L.value(prediction, options.validation.targets);
        if (wantAccuracy) info.valAccuracy = accuracy(prediction, options.validation.targets);
      }
      history.epochs.push(info);
      await options.onEpoch?.(info);
    }
    return history;
  }
}
