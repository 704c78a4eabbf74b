/**
 * Optimizers from a plain-data description with the parity-format keys (snake_case, as in the
 * reference case files of chapter 10-checking): `{ name: 'adam', lr: 0.01, weight_decay: 0.1 }`.
 */
import { adam } from './adam';
import { checkKeys } from './hyperparameters';
import type { LearningRate, Optimizer } from './optimizer';
import { rmsprop } from './rmsprop';
import { sgd } from './sgd';

export type OptimizerSpec =
  | { name: 'sgd'; lr: LearningRate; momentum?: number; dampening?: number; nesterov?: boolean; weight_decay?: number }
  | { name: 'rmsprop'; lr: LearningRate; alpha?: number; eps?: number; weight_decay?: number }
  | { name: 'adam'; lr: LearningRate; beta1?: number; beta2?: number; eps?: number; weight_decay?: number; decoupled?: boolean };

/** The optimizer a parity-format `optimizer` object describes; missing keys take the format's defaults. */
export function optimizerFromSpec(spec: OptimizerSpec): Optimizer {
  const op = 'optimizerFromSpec';
  if (spec === null || typeof spec !== 'object') throw new Error(`${op}: expected an object like { name: 'sgd', lr: 0.1 }, got ${String(spec)}`);
  switch (spec.name) {
    case 'sgd':
      checkKeys(`${op}(sgd)`, spec, ['name', 'lr', 'momentum', 'dampening', 'nesterov', 'weight_decay']);
      return sgd({ lr: spec.lr, momentum: spec.momentum, dampening: spec.dampening, nesterov: spec.nesterov, weightDecay: spec.weight_decay });
    case 'rmsprop':
      checkKeys(`${op}(rmsprop)`, spec, ['name', 'lr', 'alpha', 'eps', 'weight_decay']);
      return rmsprop({ lr: spec.lr, alpha: spec.alpha, eps: spec.eps, weightDecay: spec.weight_decay });
    case 'adam':
      checkKeys(`${op}(adam)`, spec, ['name', 'lr', 'beta1', 'beta2', 'eps', 'weight_decay', 'decoupled']);
      return adam({
        lr: spec.lr,
        beta1: spec.beta1,
        beta2: spec.beta2,
        eps: spec.eps,
        weightDecay: spec.weight_decay,
        decoupled: spec.decoupled,
      });
    default:
      throw new Error(`${op}: unknown optimizer "${String((spec as { name?: unknown }).name)}"; valid names are sgd, rmsprop, adam`);
  }
}
