/**
 * Adam and AdamW (chapter 08-optimizers: moments eq. 8.14, bias correction eqs. 8.16–8.17, L2 eq. 8.18, AdamW eq. 8.20),
 * exactly PyTorch's torch.optim.Adam / AdamW:
 *
 *   AdamW: θ ← θ·(1 − lr·wd)      Adam: g ← ∇ + wd·θ   (weight decay, decoupled or as L2)
 *   m ← β1·m + (1 − β1)·g          v ← β2·v + (1 − β2)·g²          (m, v start at 0)
 *   m̂ = m / (1 − β1ᵗ)              v̂ = v / (1 − β2ᵗ)               (bias correction)
 *   θ ← θ − lr·m̂ / (√v̂ + ε)
 *
 * Like PyTorch, the last line is evaluated as θ − (lr / (1 − β1ᵗ))·m / (√v / √(1 − β2ᵗ) + ε),
 * which is the same number up to rounding and keeps the comparison with it at machine precision.
 */
import { checkRange } from '../errors';
import { checkKeys, checkLearningRate } from './hyperparameters';
import { ElementwiseOptimizer, type LearningRate, type Optimizer } from './optimizer';

export interface AdamOptions {
  /** Learning rate ≥ 0, or a schedule t ↦ lr_t. */
  lr: LearningRate;
  /** Decay β1 in [0, 1) of the first moment m; default 0.9. */
  beta1?: number;
  /** Decay β2 in [0, 1) of the second moment v; default 0.999. */
  beta2?: number;
  /** ε > 0 added to √v̂; default 1e-8. */
  eps?: number;
  /** Weight decay wd ≥ 0; default 0 for adam, 0.01 for adamw (PyTorch's defaults). */
  weightDecay?: number;
  /** true: decoupled weight decay θ ← θ(1 − lr·wd) (AdamW); false: L2, g ← ∇ + wd·θ. */
  decoupled?: boolean;
}

/** The options `adam` takes, in the order of AdamOptions. */
export const ADAM_OPTIONS = ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'decoupled'] as const;

class Adam extends ElementwiseOptimizer {
  readonly name: 'adam' | 'adamw';
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly eps: number;
  private readonly weightDecay: number;
  private readonly decoupled: boolean;

  constructor(op: 'adam' | 'adamw', options: AdamOptions, defaultWeightDecay: number) {
    checkKeys(op, options, ADAM_OPTIONS);
    // Two buffers per parameter: the moments m and v.
    super(checkLearningRate(op, options.lr), 2);
    this.beta1 = checkRange(op, 'beta1', options.beta1 ?? 0.9, 0, 1, { maxOpen: true });
    this.beta2 = checkRange(op, 'beta2', options.beta2 ?? 0.999, 0, 1, { maxOpen: true });
    this.eps = checkRange(op, 'eps', options.eps ?? 1e-8, 0, Infinity, { minOpen: true });
    this.weightDecay = checkRange(op, 'weightDecay', options.weightDecay ?? defaultWeightDecay, 0, Infinity);
    const decoupled = options.decoupled ?? op === 'adamw';
    if (typeof decoupled !== 'boolean') throw new Error(`${op}: decoupled must be true or false, got ${String(decoupled)}`);
    this.decoupled = decoupled;
    this.name = decoupled ? 'adamw' : 'adam';
  }

  protected update(theta: Float64Array, grad: Float64Array, state: Float64Array[], lr: number, t: number): void {
    const { beta1, beta2, eps, weightDecay: wd, decoupled } = this;
    const m = state[0];
    const v = state[1];
    const stepSize = lr / (1 - beta1 ** t);
    const rootCorrection2 = Math.sqrt(1 - beta2 ** t);
    const shrink = 1 - lr * wd;
    for (let i = 0; i < theta.length; i++) {
      let g = grad[i];
      if (decoupled) theta[i] *= shrink;
      else if (wd !== 0) g += wd * theta[i];
      m[i] = beta1 * m[i] + (1 - beta1) * g;
      v[i] = beta2 * v[i] + (1 - beta2) * g * g;
      theta[i] -= stepSize * (m[i] / (Math.sqrt(v[i]) / rootCorrection2 + eps));
    }
  }
}

/** Adam (chapter 08-optimizers): bias-corrected moment estimates, θ ← θ − lr·m̂/(√v̂ + ε); PyTorch semantics. */
export function adam(options: AdamOptions): Optimizer {
  return new Adam('adam', options, 0);
}

/**
 * AdamW (chapter 08-optimizers): Adam with decoupled weight decay θ ← θ(1 − lr·wd), which shrinks
 * weights at the same rate whatever their gradient history. Default weightDecay 0.01 as in PyTorch.
 */
export function adamw(options: Omit<AdamOptions, 'decoupled'>): Optimizer {
  if (options !== null && typeof options === 'object' && 'decoupled' in options) {
    throw new Error('adamw: weight decay is always decoupled here; use adam({ …, decoupled }) to choose');
  }
  return new Adam('adamw', { ...options, decoupled: true }, 0.01);
}
