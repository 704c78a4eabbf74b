/**
 * Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay
 * (chapter 08-optimizers, eqs. 8.6, 8.10 and 8.18), with exactly PyTorch's update (torch.optim.SGD):
 *
 *   g ← ∇ + wd·θ
 *   v ← g                        on the first step,
 *   v ← μ·v + (1 − dampening)·g  after it          (only when μ ≠ 0)
 *   d ← g + μ·v if Nesterov, else v                (d = g when μ = 0)
 *   θ ← θ − lr·d
 */
import { checkRange } from '../errors';
import { checkKeys, checkLearningRate } from './hyperparameters';
import { ElementwiseOptimizer, type LearningRate, type Optimizer } from './optimizer';

export interface SgdOptions {
  /** Learning rate ≥ 0, or a schedule t ↦ lr_t. */
  lr: LearningRate;
  /** Momentum μ in [0, 1); 0 is plain gradient descent. */
  momentum?: number;
  /** Dampening in [0, 1]: the new gradient enters the velocity with weight 1 − dampening. */
  dampening?: number;
  /** Nesterov momentum: step along g + μ·v instead of v (needs μ > 0 and dampening 0). */
  nesterov?: boolean;
  /** L2 weight decay wd ≥ 0, added to the gradient as wd·θ. */
  weightDecay?: number;
}

/** The options `sgd` takes, in the order of SgdOptions. */
export const SGD_OPTIONS = ['lr', 'momentum', 'dampening', 'nesterov', 'weightDecay'] as const;

class Sgd extends ElementwiseOptimizer {
  readonly name = 'sgd';
  private readonly momentum: number;
  private readonly dampening: number;
  private readonly nesterov: boolean;
  private readonly weightDecay: number;

  constructor(options: SgdOptions) {
    checkKeys('sgd', options, SGD_OPTIONS);
    const lr = checkLearningRate('sgd', options.lr);
    const momentum = checkRange('sgd', 'momentum', options.momentum ?? 0, 0, 1, { maxOpen: true });
    // One velocity buffer per parameter, only when there is momentum to carry.
    super(lr, momentum === 0 ? 0 : 1);
    this.momentum = momentum;
    this.dampening = checkRange('sgd', 'dampening', options.dampening ?? 0, 0, 1);
    this.weightDecay = checkRange('sgd', 'weightDecay', options.weightDecay ?? 0, 0, Infinity);
    const nesterov = options.nesterov ?? false;
    if (typeof nesterov !== 'boolean') throw new Error(`sgd: nesterov must be true or false, got ${String(nesterov)}`);
    if (nesterov && (momentum === 0 || this.dampening !== 0)) {
      throw new Error(
        `sgd: nesterov needs momentum in (0, 1) and dampening 0, got momentum ${momentum} and dampening ${this.dampening}`,
      );
    }
    this.nesterov = nesterov;
  }

  protected update(theta: Float64Array, grad: Float64Array, state: Float64Array[], lr: number, t: number): void {
    const { momentum: mu, weightDecay: wd, nesterov } = this;
    const keep = 1 - this.dampening;
    const v = state[0];
    // The two common cases in loops without per-entry branches, which V8 runs about three times
    // faster (the update costs as much as the products in the batches of 32 of chapter 09-training); they do the
    // general loop's operations in its order, so they give its bits.
    if (wd === 0 && mu === 0) {
      for (let i = 0; i < theta.length; i++) theta[i] -= lr * grad[i];
      return;
    }
    if (wd === 0 && mu !== 0 && !nesterov && t > 1) {
      for (let i = 0; i < theta.length; i++) {
        const vi = mu * v[i] + keep * grad[i];
        v[i] = vi;
        theta[i] -= lr * vi;
      }
      return;
    }
    for (let i = 0; i < theta.length; i++) {
      let g = wd === 0 ? grad[i] : grad[i] + wd * theta[i];
      if (mu !== 0) {
        v[i] = t === 1 ? g : mu * v[i] + keep * g;
        g = nesterov ? g + mu * v[i] : v[i];
      }
      theta[i] -= lr * g;
    }
  }
}

/** SGD (chapter 08-optimizers): θ ← θ − lr·g, optionally with momentum and weight decay; PyTorch semantics. */
export function sgd(options: SgdOptions): Optimizer {
  return new Sgd(options);
}
