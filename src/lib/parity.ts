/**
 * Reference parity (chapter 10-checking): replays experiments that PyTorch computed (files in the
 * 'mlp-parity/1' format of `./parity-format`) with this engine and measures how far every number
 * lands from the reference. The error of a quantity is its worst element's |a − e| / (|e| + 1e-12),
 * relative where e is large and absolute (scaled by 1e12) where e is 0; a case passes when every
 * error is at most the file's tolerance.
 */
import type { ActivationSpec } from './activations/activation';
import { loadAsset } from './data/assets';
import type { DenseSpec } from './dense';
import { JacobianTooLargeError } from './kronecker';
import { fromArray, Matrix, sliceRows } from './matrix';
import type { Backprop } from './network';
import { Sequential } from './training';
import { optimizerFromSpec } from './optimizers/from-spec';
import {
  DEFAULT_PARITY_TOLERANCE,
  optimizerSpecFromParity,
  parseParityFile,
  type ParityCase,
  type ParityFile,
  type ParityLayer,
  type ParityParams,
} from './parity-format';

/** The quantities a case can check, in the order they are computed. */
export type ParityQuantity = 'forward' | 'loss0' | 'grads0' | 'input_grad0' | 'batch_losses' | 'params';

export interface ParityCheck {
  quantity: ParityQuantity;
  /** Worst element's |a − e| / (|e| + 1e-12). */
  error: number;
}

export interface ParityResult {
  name: string;
  /** The quantities checked so far; a skipped case keeps those computed before it stopped. */
  checks: ParityCheck[];
  passed: boolean;
  /** Why the case was not run to the end (its explicit Jacobians are too large); `passed` is then false. */
  skipped?: string;
  /** The engine threw (anything but a too-large Jacobian); `passed` is then false. Only set by runParityFile. */
  error?: string;
}

export interface ParityOptions {
  /** Which backpropagation computes the gradients (the δ recursion of chapter 05-backpropagation or the Kronecker Jacobians of chapter 06-kronecker). Default 'efficient'. */
  backprop?: Backprop;
  /** Largest error that still passes; default 1e-9 (runParityFile uses the file's). */
  tolerance?: number;
}

/** Worst |a − e| / (|e| + 1e-12) over the elements; Infinity when the lengths differ or a value is NaN. */
export function parityError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const error = Math.abs(actual[i]! - e) / (Math.abs(e) + 1e-12);
    if (Number.isNaN(error)) return Infinity;
    if (error > worst) worst = error;
  }
  return worst;
}

function layerSpec(layer: ParityLayer): DenseSpec {
  const activation: ActivationSpec = layer.activation === 'leaky_relu' && layer.slope !== undefined ? { name: 'leaky_relu', slope: layer.slope } : layer.activation;
  return { units: layer.units, activation };
}

/** W1, b1, W2, b2, … flattened row by row: the order of `Sequential.params()` and of Matrix.data. */
function flatParams(params: readonly ParityParams[]): number[] {
  return params.flatMap((p) => [...p.W.flat(), ...p.b]);
}

function flatMatrices(matrices: readonly Matrix[]): number[] {
  return matrices.flatMap((m) => Array.from(m.data));
}

/**
 * Runs one case with the engine: Ŷ with the initial parameters, the loss and its gradients (by δ
 * recursion or explicit Kronecker Jacobians), then — with an optimizer — `epochs` passes over
 * consecutive batches (the last one shorter), recording each batch's loss before its update.
 * Under 'kronecker', a case whose Jacobians exceed the size limit comes back skipped.
 */
export function runParityCase(c: ParityCase, options: ParityOptions = {}): ParityResult {
  const backprop = options.backprop ?? 'efficient';
  const tolerance = options.tolerance ?? DEFAULT_PARITY_TOLERANCE;
  const model = Sequential.fromParams(c.inputs, c.layers.map(layerSpec), c.params);
  const X = fromArray(c.x);
  const Y = fromArray(c.y);
  const { expect } = c;
  const checks: ParityCheck[] = [];
  const check = (quantity: ParityQuantity, actual: ArrayLike<number>, expected: ArrayLike<number>) => {
    checks.push({ quantity, error: parityError(actual, expected) });
  };

  try {
    if (expect.forward) check('forward', model.predict(X).data, expect.forward.flat());
    if (expect.loss0 !== undefined || expect.grads0 || expect.input_grad0) {
      const g = model.gradients(X, Y, c.loss, { backprop });
      if (expect.loss0 !== undefined) check('loss0', [g.loss], [expect.loss0]);
      if (expect.grads0) check('grads0', flatMatrices(g.grads), flatParams(expect.grads0));
      if (expect.input_grad0) check('input_grad0', g.inputGrad.data, expect.input_grad0.flat());
    }
    if (c.optimizer) {
      const optimizer = optimizerFromSpec(optimizerSpecFromParity(c.optimizer));
      const batchSize = c.batch_size ?? X.rows;
      const losses: number[] = [];
      for (let epoch = 0; epoch < (c.epochs ?? 1); epoch++) {
        for (let start = 0; start < X.rows; start += batchSize) {
          const end = Math.min(start + batchSize, X.rows);
          const Xb = sliceRows(X, start, end);
          const Yb = sliceRows(Y, start, end);
          if (backprop === 'efficient') {
            losses.push(model.trainStep(Xb, Yb, c.loss, optimizer));
          } else {
            const g = model.gradients(Xb, Yb, c.loss, { backprop });
            optimizer.step(model.params(), g.grads);
            losses.push(g.loss);
          }
        }
      }
      if (expect.batch_losses) check('batch_losses', losses, expect.batch_losses);
      if (expect.params) check('params', flatMatrices(model.params()), flatParams(expect.params));
    }
  } catch (error) {
    if (error instanceof JacobianTooLargeError) return { name: c.name, checks, passed: false, skipped: error.message };
    throw error;
  }
  return { name: c.name, checks, passed: checks.every((k) => k.error <= tolerance) };
}

export interface ParitySummary {
  backprop: Backprop;
  tolerance: number;
  results: ParityResult[];
  passed: number;
  /** Cases with an error above the tolerance or that threw. */
  failed: number;
  skipped: number;
  /** The largest error of each quantity over the cases that ran (skipped cases excluded). */
  worst: ParityCheck[];
}

/**
 * Runs every case of a file with the file's tolerance. A case whose engine call throws counts as
 * failed (with the message in `error`) instead of stopping the others.
 */
export function runParityFile(file: ParityFile, options: { backprop?: Backprop } = {}): ParitySummary {
  const backprop = options.backprop ?? 'efficient';
  const results = file.cases.map((c): ParityResult => {
    try {
      return runParityCase(c, { backprop, tolerance: file.tolerance });
    } catch (error) {
      return { name: c.name, checks: [], passed: false, error: (error as Error).message };
    }
  });
  const worst = new Map<ParityQuantity, number>();
  for (const r of results) {
    if (r.skipped) continue;
    for (const k of r.checks) worst.set(k.quantity, Math.max(worst.get(k.quantity) ?? 0, k.error));
  }
  const skipped = results.filter((r) => r.skipped !== undefined).length;
  const passed = results.filter((r) => r.passed).length;
  return {
    backprop,
    tolerance: file.tolerance,
    results,
    passed,
    failed: results.length - passed - skipped,
    skipped,
    worst: [...worst].map(([quantity, error]) => ({ quantity, error })),
  };
}

/**
 * The reference cases shipped with the site (tests/fixtures/parity/reference.json, copied to
 * public/data by `npm run data`), loaded the same way in Node and in the browser through the
 * registered asset loader.
 */
export async function loadParityFile(name = 'data/parity-reference.json'): Promise<ParityFile> {
  const bytes = await loadAsset(name);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    throw new Error(`loadParityFile("${name}"): not JSON: ${(error as Error).message}`);
  }
  return parseParityFile(json);
}
