/**
 * Loss functions (chapter 04-losses): a scalar L(Ŷ, Y) that training minimises, and its gradient
 * ∂L/∂Ŷ, where backpropagation starts (chapter 05-backpropagation). Every loss is a mean over the
 * M samples of the batch, so its size does not depend on the batch size.
 */
import type { Matrix } from '../matrix';
import { crossEntropy } from './cross-entropy';
import { mse } from './mse';
import { softmaxCrossEntropy } from './softmax-cross-entropy';
import type { Targets } from './targets';

export { targetMatrix, type Targets } from './targets';

export type LossName = 'mse' | 'cross_entropy' | 'softmax_cross_entropy';

export interface Loss {
  readonly name: LossName;
  /** The scalar loss, a mean over the batch. */
  value(Yhat: Matrix, targets: Targets): number;
  /** ∂L/∂Ŷ, shaped like Ŷ. */
  gradient(Yhat: Matrix, targets: Targets, out?: Matrix): Matrix;
}

export const LOSS_NAMES: readonly LossName[] = ['mse', 'cross_entropy', 'softmax_cross_entropy'];

/** A loss given as an object, or by name (what `gradients`, `evaluate` and `fit` accept). */
export function resolveLoss(loss: Loss | LossName): Loss {
  return typeof loss === 'string' ? lossFromName(loss) : loss;
}

/** The loss called `name` (chapter 04-losses); an unknown name lists the valid ones. */
export function lossFromName(name: LossName): Loss {
  switch (name) {
    case 'mse':
      return mse;
    case 'cross_entropy':
      return crossEntropy;
    case 'softmax_cross_entropy':
      return softmaxCrossEntropy;
    default:
      throw new Error(`lossFromName: unknown loss ${JSON.stringify(name)}, expected one of ${LOSS_NAMES.join(', ')}`);
  }
}
