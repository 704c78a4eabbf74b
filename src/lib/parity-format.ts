/**
 * The reference-parity file format 'mlp-parity/1' (chapter 10-checking): small MLP experiments
 * together with what a reference framework (PyTorch, float64) computed for them, so the engine can
 * be checked number by number. This file describes every key and checks a parsed file; running the
 * cases is in `./parity`.
 *
 * Conventions are the engine's: samples are rows, a layer computes Z = X W + b (b added to every
 * row), then A = f(Z); W is inputs×units.
 */
import { ACTIVATION_NAMES, type ActivationName } from './activations/activation';
import { LOSS_NAMES, type LossName } from './losses/loss';
import { OPTIMIZER_OPTIONS, optimizerFromSpec, type OptimizerName, type OptimizerSpec } from './optimizers/from-spec';

export const PARITY_FORMAT = 'mlp-parity/1';
/** A case passes when every checked quantity's error is at most this, unless the file says otherwise. */
export const DEFAULT_PARITY_TOLERANCE = 1e-9;

/** One dense layer. `slope` (the negative-side slope) is only for leaky_relu; the engine's default applies without it. */
export interface ParityLayer {
  units: number;
  activation: ActivationName;
  slope?: number;
}

/** A layer's parameters (or their gradients): W is inputs×units, b has `units` entries. */
export interface ParityParams {
  W: number[][];
  b: number[];
}

/** camelCase → snake_case, letter by letter: the parity files name keys as PyTorch does. */
type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;
type SnakeKeys<T> = { [K in keyof T as K extends string ? SnakeCase<K> : never]: T[K] };

/**
 * An optimizer with PyTorch semantics: an OptimizerSpec with its keys in snake_case
 * (`weight_decay` for `weightDecay`) and a constant lr; missing keys take PyTorch's defaults.
 * Updates apply to every W and b; the step counter t starts at 1.
 */
export type ParityOptimizer = OptimizerSpec extends infer S ? (S extends OptimizerSpec ? SnakeKeys<Omit<S, 'lr'> & { lr: number }> : never) : never;

const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A parity file's optimizer as the engine's OptimizerSpec: each snake_case key becomes the option
 * it spells (`weight_decay` → `weightDecay`). Keys the optimizer does not take are refused in the
 * file's spelling, naming the keys it does take. Values are checked by `optimizerFromSpec`.
 */
export function optimizerSpecFromParity(json: ParityOptimizer): OptimizerSpec {
  if (!isObject(json)) throw new Error(`expected an object like {"name": "sgd", "lr": 0.1}, got ${show(json)}`);
  const name = json.name as OptimizerName;
  if (!Object.hasOwn(OPTIMIZER_OPTIONS, name)) {
    throw new Error(`unknown optimizer ${show(name)}; valid names are ${Object.keys(OPTIMIZER_OPTIONS).join(', ')}`);
  }
  const options = OPTIMIZER_OPTIONS[name];
  const keys = options.map(snakeCase);
  const spec: Record<string, unknown> = { name };
  for (const [key, value] of Object.entries(json)) {
    if (key === 'name') continue;
    const k = keys.indexOf(key);
    if (k < 0) throw new Error(`unknown key "${key}" for ${name} (known: name, ${keys.join(', ')})`);
    spec[options[k]!] = value;
  }
  return spec as unknown as OptimizerSpec;
}

/** `optimizerFromSpec`'s verdict on a parity file's optimizer, with option names in the file's spelling. */
function checkParityOptimizer(json: ParityOptimizer): void {
  const spec = optimizerSpecFromParity(json);
  try {
    optimizerFromSpec(spec);
  } catch (error) {
    const message = OPTIMIZER_OPTIONS[spec.name].reduce(
      (text, option) => text.replace(new RegExp(`\\b${option}\\b`, 'g'), snakeCase(option)),
      (error as Error).message,
    );
    throw new Error(message);
  }
}

/** What the reference computed; every key is optional and the runner checks those present. */
export interface ParityExpect {
  /** Ŷ for all of x with the initial params, M×Q. */
  forward?: number[][];
  /** The loss of `forward` against y. */
  loss0?: number;
  /** ∂loss0/∂W and ∂loss0/∂b for every layer. */
  grads0?: ParityParams[];
  /** ∂loss0/∂x, M×N. */
  input_grad0?: number[][];
  /** The loss of each training step's batch, before that step's update, in order. */
  batch_losses?: number[];
  /** The parameters after all training steps. */
  params?: ParityParams[];
}

/**
 * One experiment. Losses: mse = Σ(Ŷ−Y)²/(M·Q); cross_entropy = −Σ Y log Ŷ / M on probabilities
 * (last activation softmax); softmax_cross_entropy = cross_entropy of softmax(Ŷ) on logits (last
 * activation linear). Training (with `optimizer`) runs `epochs` passes over consecutive batches of
 * `batch_size` rows, the last batch of a pass possibly shorter.
 */
export interface ParityCase {
  name: string;
  /** N, the number of input features. */
  inputs: number;
  layers: ParityLayer[];
  /** Initial parameters, one entry per layer. */
  params: ParityParams[];
  loss: LossName;
  /** M×N inputs, one sample per row. */
  x: number[][];
  /** M×Q targets, one-hot rows for the cross-entropy losses. */
  y: number[][];
  /** Without it only forward, loss0, grads0 and input_grad0 can be checked. */
  optimizer?: ParityOptimizer;
  /** Default M (full batch). */
  batch_size?: number;
  /** Default 1. */
  epochs?: number;
  expect: ParityExpect;
}

export interface ParityFile {
  format: typeof PARITY_FORMAT;
  tolerance: number;
  /** Who computed the file (informational). */
  generator?: string;
  cases: ParityCase[];
}

const FILE_KEYS = ['format', 'tolerance', 'generator', 'cases'];
const CASE_KEYS = ['name', 'inputs', 'layers', 'params', 'loss', 'x', 'y', 'optimizer', 'batch_size', 'epochs', 'expect'];
const LAYER_KEYS = ['units', 'activation', 'slope'];
const PARAM_KEYS = ['W', 'b'];
const EXPECT_KEYS = ['forward', 'loss0', 'grads0', 'input_grad0', 'batch_losses', 'params'];

/** The error thrown for a malformed file; its message names the case (number and name) and the key. */
export class ParityFormatError extends Error {
  constructor(message: string) {
    super(`parseParityFile: ${message}`);
    this.name = 'ParityFormatError';
  }
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);
const isCount = (value: unknown): value is number => Number.isInteger(value) && (value as number) >= 1;
/** A value as it appears in messages: arrays by their length, numbers as JS prints them (NaN, Infinity), the rest as JSON. */
function show(value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'number') return String(value);
  return JSON.stringify(value) ?? String(value);
}

function checkKnownKeys(where: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) throw new ParityFormatError(`${where}: unknown key "${key}" (known: ${known.join(', ')})`);
  }
}

function checkNumbers(where: string, value: unknown, length: number): void {
  if (!Array.isArray(value) || value.length !== length) {
    throw new ParityFormatError(`${where} must be ${length} numbers, got ${show(value)}`);
  }
  const bad = value.findIndex((x) => typeof x !== 'number' || !Number.isFinite(x));
  if (bad >= 0) throw new ParityFormatError(`${where}[${bad}] is ${show(value[bad])}, expected a finite number`);
}

function checkMatrix(where: string, value: unknown, rows: number, cols: number): void {
  if (!Array.isArray(value) || value.length !== rows) {
    throw new ParityFormatError(`${where} must be ${rows}×${cols} numbers (an array of ${rows} rows), got ${show(value)}`);
  }
  value.forEach((row, i) => checkNumbers(`${where}[${i}]`, row, cols));
}

function checkParams(where: string, value: unknown, inputs: number, layers: readonly ParityLayer[]): void {
  if (!Array.isArray(value) || value.length !== layers.length) {
    throw new ParityFormatError(`${where} must have one {W, b} per layer (${layers.length}), got ${show(value)}`);
  }
  let width = inputs;
  value.forEach((p, l) => {
    const at = `${where}[${l}]`;
    if (!isObject(p)) throw new ParityFormatError(`${at} must be an object {W, b}, got ${show(p)}`);
    checkKnownKeys(at, p, PARAM_KEYS);
    const units = layers[l]!.units;
    checkMatrix(`${at}.W`, p.W, width, units);
    checkNumbers(`${at}.b`, p.b, units);
    width = units;
  });
}

function checkLayers(where: string, value: unknown): asserts value is ParityLayer[] {
  if (!Array.isArray(value) || value.length === 0) throw new ParityFormatError(`${where} must be a non-empty array, got ${show(value)}`);
  value.forEach((layer, l) => {
    const at = `${where}[${l}]`;
    if (!isObject(layer)) throw new ParityFormatError(`${at} must be an object {units, activation}, got ${show(layer)}`);
    checkKnownKeys(at, layer, LAYER_KEYS);
    if (!isCount(layer.units)) throw new ParityFormatError(`${at}.units must be a positive integer, got ${show(layer.units)}`);
    if (!ACTIVATION_NAMES.includes(layer.activation as ActivationName)) {
      throw new ParityFormatError(`${at}.activation is ${show(layer.activation)}, expected one of ${ACTIVATION_NAMES.join(', ')}`);
    }
    if (layer.slope !== undefined) {
      if (layer.activation !== 'leaky_relu') throw new ParityFormatError(`${at}.slope is only for leaky_relu, not ${layer.activation as string}`);
      if (typeof layer.slope !== 'number' || !Number.isFinite(layer.slope)) throw new ParityFormatError(`${at}.slope must be a finite number, got ${show(layer.slope)}`);
    }
  });
}

/** Number of training steps: ⌈M / batch_size⌉ per epoch. */
function stepCount(c: ParityCase): number {
  return (c.epochs ?? 1) * Math.ceil(c.x.length / (c.batch_size ?? c.x.length));
}

function checkCase(raw: unknown, index: number, names: Set<string>): ParityCase {
  const named = isObject(raw) && typeof raw.name === 'string' && raw.name !== '' ? ` (${raw.name})` : '';
  const where = `case ${index + 1}${named}`;
  if (!isObject(raw)) throw new ParityFormatError(`${where} must be an object, got ${show(raw)}`);
  checkKnownKeys(where, raw, CASE_KEYS);
  if (typeof raw.name !== 'string' || raw.name === '') throw new ParityFormatError(`${where}: name must be a non-empty string`);
  if (names.has(raw.name)) throw new ParityFormatError(`${where}: name "${raw.name}" is used by an earlier case`);
  names.add(raw.name);
  if (!isCount(raw.inputs)) throw new ParityFormatError(`${where}: inputs must be a positive integer, got ${show(raw.inputs)}`);
  checkLayers(`${where}: layers`, raw.layers);
  checkParams(`${where}: params`, raw.params, raw.inputs, raw.layers);

  const last = raw.layers[raw.layers.length - 1]!;
  if (!LOSS_NAMES.includes(raw.loss as LossName)) throw new ParityFormatError(`${where}: loss is ${show(raw.loss)}, expected one of ${LOSS_NAMES.join(', ')}`);
  if (raw.loss === 'cross_entropy' && last.activation !== 'softmax') {
    throw new ParityFormatError(`${where}: loss cross_entropy takes probabilities, so the last activation must be softmax, not ${last.activation}`);
  }
  if (raw.loss === 'softmax_cross_entropy' && last.activation !== 'linear') {
    throw new ParityFormatError(`${where}: loss softmax_cross_entropy takes logits, so the last activation must be linear, not ${last.activation}`);
  }

  if (!Array.isArray(raw.x) || raw.x.length === 0) throw new ParityFormatError(`${where}: x must be a non-empty array of rows, got ${show(raw.x)}`);
  const M = raw.x.length;
  const Q = last.units;
  checkMatrix(`${where}: x`, raw.x, M, raw.inputs);
  checkMatrix(`${where}: y`, raw.y, M, Q);

  if (raw.optimizer !== undefined) {
    if (isObject(raw.optimizer) && typeof raw.optimizer.lr !== 'number') {
      throw new ParityFormatError(`${where}: optimizer.lr must be a number, got ${show(raw.optimizer.lr)}`);
    }
    try {
      checkParityOptimizer(raw.optimizer as ParityOptimizer);
    } catch (error) {
      throw new ParityFormatError(`${where}: optimizer: ${(error as Error).message}`);
    }
  }
  for (const key of ['batch_size', 'epochs'] as const) {
    if (raw[key] !== undefined && !isCount(raw[key])) throw new ParityFormatError(`${where}: ${key} must be a positive integer, got ${show(raw[key])}`);
  }

  const expect = raw.expect;
  if (!isObject(expect)) throw new ParityFormatError(`${where}: expect must be an object, got ${show(expect)}`);
  checkKnownKeys(`${where}: expect`, expect, EXPECT_KEYS);
  if (Object.keys(expect).length === 0) throw new ParityFormatError(`${where}: expect is empty, so there is nothing to check`);
  if (expect.forward !== undefined) checkMatrix(`${where}: expect.forward`, expect.forward, M, Q);
  if (expect.loss0 !== undefined && (typeof expect.loss0 !== 'number' || !Number.isFinite(expect.loss0))) {
    throw new ParityFormatError(`${where}: expect.loss0 must be a finite number, got ${show(expect.loss0)}`);
  }
  if (expect.grads0 !== undefined) checkParams(`${where}: expect.grads0`, expect.grads0, raw.inputs, raw.layers);
  if (expect.input_grad0 !== undefined) checkMatrix(`${where}: expect.input_grad0`, expect.input_grad0, M, raw.inputs);
  if ((expect.batch_losses !== undefined || expect.params !== undefined) && raw.optimizer === undefined) {
    throw new ParityFormatError(`${where}: expect.batch_losses and expect.params describe training, which needs an optimizer`);
  }
  const c = raw as unknown as ParityCase;
  if (expect.batch_losses !== undefined) {
    checkNumbers(`${where}: expect.batch_losses (${c.epochs ?? 1} epoch(s) × ⌈${M}/${c.batch_size ?? M}⌉ batches)`, expect.batch_losses, stepCount(c));
  }
  if (expect.params !== undefined) checkParams(`${where}: expect.params`, expect.params, raw.inputs, raw.layers);
  return c;
}

/**
 * Checks a parsed parity file — the format tag, every key, every shape — and returns it typed.
 * A malformed file throws a ParityFormatError naming the case and the key, e.g.
 * `parseParityFile: case 3 (adam): params[1].W must be 5×2 numbers …`.
 */
export function parseParityFile(json: unknown): ParityFile {
  if (!isObject(json)) throw new ParityFormatError(`expected an object {format: '${PARITY_FORMAT}', tolerance, cases}, got ${show(json)}`);
  if (json.format !== PARITY_FORMAT) throw new ParityFormatError(`format is ${show(json.format)}, expected '${PARITY_FORMAT}'`);
  checkKnownKeys('the file', json, FILE_KEYS);
  const tolerance = json.tolerance ?? DEFAULT_PARITY_TOLERANCE;
  if (typeof tolerance !== 'number' || !(tolerance > 0) || !Number.isFinite(tolerance)) {
    throw new ParityFormatError(`tolerance must be a positive number, got ${show(json.tolerance)}`);
  }
  if (json.generator !== undefined && typeof json.generator !== 'string') throw new ParityFormatError(`generator must be a string, got ${show(json.generator)}`);
  if (!Array.isArray(json.cases) || json.cases.length === 0) throw new ParityFormatError(`cases must be a non-empty array, got ${show(json.cases)}`);
  const names = new Set<string>();
  const cases = json.cases.map((c, i) => checkCase(c, i, names));
  return { format: PARITY_FORMAT, tolerance, ...(json.generator !== undefined ? { generator: json.generator as string } : {}), cases };
}
