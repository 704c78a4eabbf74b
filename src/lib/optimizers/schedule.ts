/**
 * Learning-rate schedules (chapter 08-optimizers): functions t ↦ lr_t that any optimizer accepts
 * in place of a constant `lr`. The optimizer calls the schedule once per step with t = 1, 2, ….
 */
import { checkRange } from '../errors';

/**
 * Inverse time decay (chapter 08-optimizers, eq. 8.11): lr_t = lr / (1 + decay·t), t = 1, 2, …. The step size falls like 1/t once
 * decay·t ≫ 1 — the classic condition (Σ lr_t = ∞, Σ lr_t² < ∞) for SGD to settle at a minimum.
 * Note that step 1 already uses lr / (1 + decay).
 */
export function inverseTimeDecay(lr: number, decay: number): (t: number) => number {
  checkRange('inverseTimeDecay', 'lr', lr, 0, Infinity);
  checkRange('inverseTimeDecay', 'decay', decay, 0, Infinity);
  return (t: number) => lr / (1 + decay * t);
}
