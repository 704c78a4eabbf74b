/**
 * Validation of optimizer hyperparameters (chapter 08-optimizers): every bad value is rejected
 * when the optimizer is built, with the optimizer's name, the hyperparameter and its valid range.
 */
import type { LearningRate } from './optimizer';

/**
 * Throws unless `value` is a finite number in the interval [min, max] (or open at either end),
 * with a message naming the optimizer, the hyperparameter and the valid range.
 */
export function checkRange(
  op: string,
  name: string,
  value: unknown,
  min: number,
  max: number,
  { minOpen = false, maxOpen = false }: { minOpen?: boolean; maxOpen?: boolean } = {},
): number {
  const upper = max === Infinity ? '∞)' : `${max}${maxOpen ? ')' : ']'}`;
  const interval = `${minOpen ? '(' : '['}${min}, ${upper}`;
  const inside =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (minOpen ? value > min : value >= min) &&
    (maxOpen ? value < max : value <= max);
  if (!inside) throw new Error(`${op}: ${name} must be a finite number in ${interval}, got ${String(value)}`);
  return value as number;
}

/** Throws on an options key the optimizer does not know (a typo such as `weight_decay` for `weightDecay`). */
export function checkKeys(op: string, options: object, known: readonly string[]): void {
  if (options === null || typeof options !== 'object') {
    throw new Error(`${op}: expected an options object such as { lr: 0.01 }, got ${String(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!known.includes(key)) throw new Error(`${op}: unknown option "${key}"; valid options are ${known.join(', ')}`);
  }
}

/** Validates a learning rate given as a number (≥ 0) or a schedule function. */
export function checkLearningRate(op: string, lr: unknown): LearningRate {
  if (typeof lr === 'function') return lr as (t: number) => number;
  if (lr === undefined) throw new Error(`${op}: lr (the learning rate) is required: a number ≥ 0 or a function of the step t`);
  return checkRange(op, 'lr', lr, 0, Infinity);
}
