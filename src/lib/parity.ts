/**
 * Reference parity (chapter 10-checking): replays experiments that PyTorch computed (files in the
 * 'mlp-parity/1' format: a network, its initial parameters, data, a loss and maybe an optimizer)
 * with this engine, and measures how far every number lands from the reference. The error of a
 * quantity is its worst element's |a − e| / (|e| + 1e-12); a case passes when every error is at
 * most the file's tolerance.
 */
import type { ActivationName, ActivationSpec } from './activations/activation';
import { loadAsset } from './data/assets';
import type { DenseSpec } from './dense';
import { JacobianTooLargeError } from './kronecker';
import type { LossName } from './losses/loss';
import { fromArray, Matrix, sliceRows } from './matrix';
import { Sequential, type Backprop } from './model';
import { optimizerFromSpec, type OptimizerSpec } from './optimizers/from-spec';

export const PARITY_FORMAT = 'mlp-parity/1';

export interface ParityLayer {
  units: number;
  activation: ActivationName;
  slope?: number;
}

export interface ParityParams {
  W: number[][];
  b: number[];
}

export interface ParityCase {
  name: string;
  inputs: number;
  layers: ParityLayer[];
  params: ParityParams[];
  loss: LossName;
  x: number[][];
  y: number[][];
  optimizer?: OptimizerSpec;
  batch_size?: number;
  epochs?: number;
  expect: {
    forward?: number[][];
    loss0?: number;
    grads0?: ParityParams[];
    input_grad0?: number[][];
    batch_losses?: number[];
    params?: ParityParams[];
  };
}

export interface ParityFile {
  format: typeof PARITY_FORMAT;
  tolerance: number;
  cases: ParityCase[];
}

export interface ParityCheck {
  quantity: string;
  error: number;
}

export interface ParityResult {
  name: string;
  checks: ParityCheck[];
  passed: boolean;
  /** Why the case was not run (e.g. its explicit Jacobians are too large); `passed` is then false. */
  skipped?: string;
}

const KNOWN_CASE_KEYS = ['name', 'inputs', 'layers', 'params', 'loss', 'x', 'y', 'optimizer', 'batch_size', 'epochs', 'expect'];
const KNOWN_EXPECT_KEYS = ['forward', 'loss0', 'grads0', 'input_grad0', 'batch_losses', 'params'];

/** Worst |a − e| / (|e| + 1e-12) over the elements; Infinity when the lengths differ or a value is missing. */
export function parityError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Infinity;
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const error = Math.abs(actual[i]! - e) / (Math.abs(e) + 1e-12);
    if (!(error <= worst)) worst = Number.isNaN(error) ? Infinity : error;
  }
  return worst;
}

function isMatrixArray(value: unknown): value is number[][] {
  return Array.isArray(value) && value.length > 0 && value.every((r) => Array.isArray(r) && r.length === (value[0] as unknown[]).length && r.every((x) => typeof x === 'number'));
}

/**
 * Checks a parsed parity file: the format tag, every case's keys and the shapes of its data.
 * Errors name the case and the key.
 */
export function parseParityFile(json: unknown): ParityFile {
  const op = 'parseParityFile';
  if (json === null || typeof json !== 'object') throw new Error(`${op}: expected an object in format '${PARITY_FORMAT}'`);
  const file = json as Partial<ParityFile>;
  if (file.format !== PARITY_FORMAT) throw new Error(`${op}: format is ${JSON.stringify(file.format)}, expected '${PARITY_FORMAT}'`);
  const tolerance = file.tolerance ?? 1e-9;
  if (typeof tolerance !== 'number' || !(tolerance > 0)) throw new Error(`${op}: tolerance must be a positive number, got ${JSON.stringify(tolerance)}`);
  if (!Array.isArray(file.cases) || file.cases.length === 0) throw new Error(`${op}: cases must be a non-empty array`);
  const names = new Set<string>();
  file.cases.forEach((c, i) => {
    const where = `${op}: case ${i + 1}${c && typeof c.name === 'string' ? ` (${c.name})` : ''}`;
    if (c === null || typeof c !== 'object') throw new Error(`${where} is not an object`);
    for (const key of Object.keys(c)) if (!KNOWN_CASE_KEYS.includes(key)) throw new Error(`${where}: unknown key "${key}"`);
    if (typeof c.name !== 'string' || c.name === '') throw new Error(`${where}: name must be a non-empty string`);
    if (names.has(c.name)) throw new Error(`${where}: the name is used by an earlier case`);
    names.add(c.name);
    if (!Number.isInteger(c.inputs) || c.inputs < 1) throw new Error(`${where}: inputs must be a positive integer`);
    if (!Array.isArray(c.layers) || c.layers.length === 0) throw new Error(`${where}: layers must be a non-empty array`);
    if (!Array.isArray(c.params) || c.params.length !== c.layers.length) throw new Error(`${where}: params must have one entry per layer (${c.layers.length})`);
    if (!['mse', 'cross_entropy', 'softmax_cross_entropy'].includes(c.loss)) throw new Error(`${where}: loss ${JSON.stringify(c.loss)} is not mse, cross_entropy or softmax_cross_entropy`);
    if (!isMatrixArray(c.x) || c.x[0]!.length !== c.inputs) throw new Error(`${where}: x must be M×${c.inputs} numbers`);
    const q = c.layers[c.layers.length - 1]!.units;
    if (!isMatrixArray(c.y) || c.y.length !== c.x.length || c.y[0]!.length !== q) throw new Error(`${where}: y must be ${c.x.length}×${q} numbers (one row per sample of x)`);
    if (c.batch_size !== undefined && (!Number.isInteger(c.batch_size) || c.batch_size < 1)) throw new Error(`${where}: batch_size must be a positive integer`);
    if (c.epochs !== undefined && (!Number.isInteger(c.epochs) || c.epochs < 1)) throw new Error(`${where}: epochs must be a positive integer`);
    if (c.expect === null || typeof c.expect !== 'object') throw new Error(`${where}: expect must be an object`);
    for (const key of Object.keys(c.expect)) if (!KNOWN_EXPECT_KEYS.includes(key)) throw new Error(`${where}: unknown expect key "${key}"`);
    if ((c.expect.batch_losses || c.expect.params) && !c.optimizer) throw new Error(`${where}: expect.batch_losses/params need an optimizer`);
  });
  return { format: PARITY_FORMAT, tolerance, cases: file.cases };
}

function layerSpec(layer: ParityLayer): DenseSpec {
  const activation: ActivationSpec = layer.activation === 'leaky_relu' && layer.slope !== undefined ? { name: 'leaky_relu', slope: layer.slope } : layer.activation;
  return { units: layer.units, activation };
}

function flatParams(params: ParityParams[]): number[] {
  return params.flatMap((p) => [...p.W.flat(), ...p.b]);
}

function flatMatrices(matrices: readonly Matrix[]): number[] {
  return matrices.flatMap((m) => Array.from(m.data));
}

/**
 * Runs one case with the engine: forward pass, loss, gradients (by δ recursion or explicit
 * Kronecker Jacobians), then — with an optimizer — training on consecutive batches.
 */
export function runParityCase(c: ParityCase, options: { backprop?: Backprop; tolerance?: number } = {}): ParityResult {
  const backprop = options.backprop ?? 'efficient';
  const tolerance = options.tolerance ?? 1e-9;
  const specs = c.layers.map(layerSpec);
  const model = Sequential.fromParams(c.inputs, specs, c.params);
  const X = fromArray(c.x);
  const Y = fromArray(c.y);
  const checks: ParityCheck[] = [];
  const check = (quantity: string, actual: ArrayLike<number>, expected: ArrayLike<number>) => checks.push({ quantity, error: parityError(actual, expected) });

  try {
    if (c.expect.forward) check('forward', model.predict(X).data, c.expect.forward.flat());
    const needGradients = c.expect.loss0 !== undefined || c.expect.grads0 || c.expect.input_grad0;
    if (needGradients) {
      const g = model.gradients(X, Y, c.loss, { backprop });
      if (c.expect.loss0 !== undefined) check('loss0', [g.loss], [c.expect.loss0]);
      if (c.expect.grads0) check('grads0', flatMatrices(g.grads), flatParams(c.expect.grads0));
      if (c.expect.input_grad0) check('input_grad0', g.inputGrad.data, c.expect.input_grad0.flat());
    }
    if (c.optimizer) {
      const optimizer = optimizerFromSpec(c.optimizer);
      const batchSize = c.batch_size ?? X.rows;
      const losses: number[] = [];
      for (let epoch = 0; epoch < (c.epochs ?? 1); epoch++) {
        for (let start = 0; start < X.rows; start += batchSize) {
          const end = Math.min(start + batchSize, X.rows);
          const Xb = sliceRows(X, start, end);
          const Yb = sliceRows(Y, start, end);
          if (backprop === 'efficient') losses.push(model.trainStep(Xb, Yb, c.loss, optimizer));
          else {
            const g = model.gradients(Xb, Yb, c.loss, { backprop });
            optimizer.step(model.params(), g.grads);
            losses.push(g.loss);
          }
        }
      }
      if (c.expect.batch_losses) check('batch_losses', losses, c.expect.batch_losses);
      if (c.expect.params) check('params', flatMatrices(model.params()), flatParams(c.expect.params));
    }
  } catch (error) {
    if (error instanceof JacobianTooLargeError) return { name: c.name, checks, passed: false, skipped: error.message };
    throw error;
  }
  return { name: c.name, checks, passed: checks.every((k) => k.error <= tolerance) };
}

/**
 * The reference cases shipped with the site (copied to public/data by `npm run data`), loaded the
 * same way in Node and in the browser.
 */
export async function loadParityFile(name = 'data/parity-reference.json'): Promise<ParityFile> {
  const bytes = await loadAsset(name);
  return parseParityFile(JSON.parse(new TextDecoder().decode(bytes)));
}
