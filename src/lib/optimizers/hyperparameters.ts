/**
 * Validation of optimizer hyperparameters (chapter 08-optimizers): every bad value is rejected
 * when the optimizer is built, with the optimizer's name, the hyperparameter and its valid range.
 */
import { checkRange } from '../errors';
import type { LearningRate } from './optimizer';

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
