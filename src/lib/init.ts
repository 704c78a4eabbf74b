/**
 * Initial weights (chapter 02-forward-pass). All-zero weights make every unit of a layer compute
 * the same function and receive the same gradient, so training never tells them apart; random
 * weights break that symmetry. Glorot and He pick the spread so the variance of the activations
 * (Glorot: also of the gradients) stays about the same from layer to layer.
 */
import { positiveInteger } from './errors';
import { Matrix } from './matrix';
import type { Rng } from './random';

export type Initializer =
  | 'zeros'
  | 'normal'
  | 'uniform'
  | 'glorot-uniform'
  | 'glorot-normal'
  | 'he-normal'
  | 'he-uniform';

export interface InitOptions {
  /** Standard deviation for 'normal' (default 0.01). */
  std?: number;
  /** Half-width of the interval [−limit, limit] for 'uniform' (default 0.05). */
  limit?: number;
}

const INITIALIZERS: readonly Initializer[] = [
  'zeros',
  'normal',
  'uniform',
  'glorot-uniform',
  'glorot-normal',
  'he-normal',
  'he-uniform',
];

type Distribution = { kind: 'zeros' } | { kind: 'normal'; std: number } | { kind: 'uniform'; limit: number };

/**
 * The distribution of each weight, with fan-in n = inputs and fan-out q = units:
 *   glorot-uniform U(−√(6/(n+q)), √(6/(n+q)))   glorot-normal 𝒩(0, 2/(n+q))
 *   he-uniform     U(−√(6/n), √(6/n))           he-normal     𝒩(0, 2/n)
 * (uniform on [−a, a] has variance a²/3, so each uniform pair has the same variance as its normal).
 * Glorot-normal here is an untruncated normal.
 */
function distribution(kind: Initializer, inputs: number, units: number, options: InitOptions): Distribution {
  switch (kind) {
    case 'zeros':
      return { kind: 'zeros' };
    case 'normal':
      return { kind: 'normal', std: options.std ?? 0.01 };
    case 'uniform':
      return { kind: 'uniform', limit: options.limit ?? 0.05 };
    case 'glorot-uniform':
      return { kind: 'uniform', limit: Math.sqrt(6 / (inputs + units)) };
    case 'glorot-normal':
      return { kind: 'normal', std: Math.sqrt(2 / (inputs + units)) };
    case 'he-uniform':
      return { kind: 'uniform', limit: Math.sqrt(6 / inputs) };
    case 'he-normal':
      return { kind: 'normal', std: Math.sqrt(2 / inputs) };
  }
}

function checkArguments(kind: Initializer, inputs: number, units: number, options: InitOptions): void {
  if (!INITIALIZERS.includes(kind)) {
    throw new Error(`initWeights: unknown initializer ${JSON.stringify(kind)}, expected one of ${INITIALIZERS.join(', ')}`);
  }
  positiveInteger('initWeights', 'inputs', inputs);
  positiveInteger('initWeights', 'units', units);
  if (options.std !== undefined) {
    if (kind !== 'normal') throw new Error(`initWeights: option std applies to 'normal' only, not '${kind}'`);
    if (!(options.std >= 0 && Number.isFinite(options.std))) {
      throw new Error(`initWeights: std must be finite and ≥ 0, got ${options.std}`);
    }
  }
  if (options.limit !== undefined) {
    if (kind !== 'uniform') throw new Error(`initWeights: option limit applies to 'uniform' only, not '${kind}'`);
    if (!(options.limit >= 0 && Number.isFinite(options.limit))) {
      throw new Error(`initWeights: limit must be finite and ≥ 0, got ${options.limit}`);
    }
  }
}

/** An inputs×units weight matrix W drawn from `kind` (chapter 02-forward-pass), filled row by row. */
export function initWeights(
  kind: Initializer,
  inputs: number,
  units: number,
  rng: Rng,
  options: InitOptions = {},
): Matrix {
  checkArguments(kind, inputs, units, options);
  const W = new Matrix(inputs, units);
  const d = distribution(kind, inputs, units, options);
  if (d.kind === 'normal') {
    for (let i = 0; i < W.size; i++) W.data[i] = rng.normal(0, d.std);
  } else if (d.kind === 'uniform') {
    for (let i = 0; i < W.size; i++) W.data[i] = d.limit * (2 * rng.next() - 1);
  }
  return W;
}
