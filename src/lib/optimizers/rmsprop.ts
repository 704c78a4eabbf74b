/**
 * RMSProp (chapter 08-optimizers, eq. 8.12; Keras's ε-inside variant is eq. 8.13), exactly PyTorch's torch.optim.RMSprop without momentum or
 * centering: each weight's step is divided by a running root-mean-square of its gradients,
 *
 *   g ← ∇ + wd·θ
 *   s ← α·s + (1 − α)·g²          (s starts at 0)
 *   θ ← θ − lr·g / (√s + ε)
 *
 * ε is added after the square root: it bounds the step where s ≈ 0 without changing the scale
 * of s (putting it inside, √(s + ε), is a different method).
 */
import { checkRange } from '../errors';
import { checkKeys, checkLearningRate } from './hyperparameters';
import { ElementwiseOptimizer, type LearningRate, type Optimizer } from './optimizer';

export interface RmspropOptions {
  /** Learning rate ≥ 0, or a schedule t ↦ lr_t. */
  lr: LearningRate;
  /** Decay α in [0, 1) of the running square average; default 0.99. */
  alpha?: number;
  /** ε > 0 added to √s; default 1e-8. */
  eps?: number;
  /** L2 weight decay wd ≥ 0, added to the gradient as wd·θ. */
  weightDecay?: number;
}

/** The options `rmsprop` takes, in the order of RmspropOptions. */
export const RMSPROP_OPTIONS = ['lr', 'alpha', 'eps', 'weightDecay'] as const;

class Rmsprop extends ElementwiseOptimizer {
  readonly name = 'rmsprop';
  private readonly alpha: number;
  private readonly eps: number;
  private readonly weightDecay: number;

  constructor(options: RmspropOptions) {
    checkKeys('rmsprop', options, RMSPROP_OPTIONS);
    super(checkLearningRate('rmsprop', options.lr), 1);
    this.alpha = checkRange('rmsprop', 'alpha', options.alpha ?? 0.99, 0, 1, { maxOpen: true });
    this.eps = checkRange('rmsprop', 'eps', options.eps ?? 1e-8, 0, Infinity, { minOpen: true });
    this.weightDecay = checkRange('rmsprop', 'weightDecay', options.weightDecay ?? 0, 0, Infinity);
  }

  protected update(theta: Float64Array, grad: Float64Array, state: Float64Array[], lr: number): void {
    const { alpha, eps, weightDecay: wd } = this;
    const fresh = 1 - alpha;
    const s = state[0];
    for (let i = 0; i < theta.length; i++) {
      const g = wd === 0 ? grad[i] : grad[i] + wd * theta[i];
      s[i] = alpha * s[i] + fresh * g * g;
      theta[i] -= lr * (g / (Math.sqrt(s[i]) + eps));
    }
  }
}

/** RMSProp (chapter 08-optimizers): θ ← θ − lr·g/(√s + ε) with s a running mean of g²; PyTorch semantics. */
export function rmsprop(options: RmspropOptions): Optimizer {
  return new Rmsprop(options);
}
