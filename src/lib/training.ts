/**
 * Training (chapter 09-training): one optimizer step on a batch (forward pass, loss, backward
 * pass, update), and `fit`, which runs such steps over shuffled mini-batches for some epochs with
 * progress callbacks, validation, and a clear stop when the loss stops being a number.
 * `Sequential` is the network of ./network with these two methods.
 */
import { SoftmaxInputError } from './activations/softmax';
import { batches } from './data/batches';
import { trainValidationSplit } from './data/split';
import { positiveInteger } from './errors';
import { resolveLoss, targetMatrix, type Loss, type LossName, type Targets } from './losses/loss';
import { firstNonFinite, Matrix, takeRows } from './matrix';
import { accuracy } from './metrics';
import { backwardPass, forwardPass, Network, type BackwardBuffers, type ForwardBuffers } from './network';
import { optimizerFromSpec, type OptimizerSpec } from './optimizers/from-spec';
import type { Optimizer } from './optimizers/optimizer';
import { createRng } from './random';

/**
 * Resolves on the event loop's next turn, after whatever messages and timers are waiting. Not
 * `setTimeout(0)`: browsers hold a timer set from a timer back to 4 ms, which cost an MNIST run in
 * the kernel worker about an eighth of its time. A message on a channel is not held back; Node
 * (the build) has `setImmediate`, whose channel-free turn does not keep the process alive.
 */
const nextTurn: () => Promise<void> =
  typeof setImmediate === 'function'
    ? () => new Promise((resolve) => setImmediate(resolve))
    : (() => {
        const channel = new MessageChannel();
        const waiting: (() => void)[] = [];
        channel.port1.onmessage = () => waiting.shift()?.();
        return () =>
          new Promise<void>((resolve) => {
            waiting.push(resolve);
            channel.port2.postMessage(null);
          });
      })();

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

/** Everything one training step writes, for one batch size, so a step allocates nothing after its first call. */
interface StepBuffers {
  forward: ForwardBuffers;
  backward: BackwardBuffers;
  /** ∂L/∂Ŷ, kept apart from the last δ because an activation's backward may not read and write one buffer. */
  dYhat: Matrix;
  /** The batch `fit` gathers: its inputs and its target rows. */
  X: Matrix;
  Y: Matrix;
}

function resolveOptimizer(o: Optimizer | OptimizerSpec): Optimizer {
  if (o !== null && typeof o === 'object' && typeof (o as Optimizer).step === 'function') return o as Optimizer;
  return optimizerFromSpec(o as OptimizerSpec);
}

/** A network of dense layers that trains: `Network` (forward pass, gradients) plus `trainStep` and `fit`. */
export class Sequential extends Network {
  static override readonly label: string = 'Sequential';
  private readonly buffers = new Map<number, StepBuffers>();

  private buffersFor(rows: number): StepBuffers {
    let b = this.buffers.get(rows);
    if (!b) {
      const sized = (cols: number) => new Matrix(rows, cols);
      const outputs = this.layers.at(-1)!.units;
      b = {
        forward: { Z: this.layers.map((l) => sized(l.units)), A: this.layers.map((l) => sized(l.units)) },
        backward: {
          dZ: this.layers.map((l) => sized(l.units)),
          grads: this.layers.flatMap((l) => [new Matrix(l.inputs, l.units), new Matrix(1, l.units)]),
          dA: this.layers.slice(1).map((l) => sized(l.inputs)),
        },
        dYhat: sized(outputs),
        X: sized(this.inputs),
        Y: sized(outputs),
      };
      this.buffers.set(rows, b);
    }
    return b;
  }

  /**
   * One step of training on one batch (chapter 09-training): the forward pass, the loss, the
   * backward pass (the δ recursion of chapter 05-backpropagation), the optimizer's update. Returns
   * the batch's loss before the update. Buffers are kept per batch size, and class indices are
   * expanded into a kept one-hot buffer, so the model allocates nothing after the first call for a
   * batch size. If the loss is NaN or ±Infinity the update is skipped: the parameters stay those
   * that produced it, for inspection, instead of being overwritten by a non-finite gradient.
   */
  trainStep(X: Matrix, targets: Targets, loss: Loss | LossName, optimizer: Optimizer): number {
    this.checkInput('trainStep', X);
    const L = resolveLoss(loss);
    const b = this.buffersFor(X.rows);
    const trace = forwardPass(this.layers, X, b.forward);
    const Yhat = trace.at(-1)!.A;
    const Y = targetMatrix(targets, X.rows, b.Y.cols, 'trainStep', b.Y);
    const value = L.value(Yhat, Y);
    if (!Number.isFinite(value)) return value;
    backwardPass(this.layers, trace, L.gradient(Yhat, Y, b.dYhat), { into: b.backward });
    optimizer.step(this.params(), b.backward.grads);
    return value;
  }

  /**
   * trainStep, with a softmax that refused non-finite logits counted as a NaN loss: the step is
   * skipped either way, and `fit` then says which layer went non-finite.
   */
  private trainStepOrNaN(X: Matrix, Y: Matrix, loss: Loss, optimizer: Optimizer): number {
    try {
      return this.trainStep(X, Y, loss, optimizer);
    } catch (error) {
      if (error instanceof SoftmaxInputError) return Number.NaN;
      throw error;
    }
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
      const z = at(b.forward.Z[l]!);
      if (z) return { layer: l + 1, where: `${label}: Z = A W + b (${z})` };
      const a = at(b.forward.A[l]!);
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
    positiveInteger('fit', 'epochs', epochs);
    positiveInteger('fit', 'batchSize', batchSize);
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
        const value = this.trainStepOrNaN(buf.X, buf.Y, L, optimizer);
        if (!Number.isFinite(value)) {
          const { layer, where } = this.locateNonFinite(buf.X, buf);
          throw new NonFiniteLossError(epoch, i + 1, value, layer, where);
        }
        // Ŷ of this batch (before the update) is still in the last layer's buffer.
        const metrics: BatchInfo['metrics'] = {};
        if (wantAccuracy) {
          metrics.accuracy = accuracy(buf.forward.A.at(-1)!, buf.Y);
          correct += metrics.accuracy * indices.length;
        }
        lossSum += value * indices.length;
        history.batchLosses.push(value);
        step++;
        await options.onBatch?.({ epoch, epochs, batch: i + 1, batches: order.length, loss: value, metrics, progress: step / totalSteps });
        if (Date.now() - lastYield >= yieldEveryMs) {
          await nextTurn();
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
