/** Shared by the loss tests: the loss's gradient against central differences of its value. */
import { expect } from 'vitest';
import { gradientCheck } from '~/lib/gradcheck';
import type { Loss, Targets } from '~/lib/losses/loss';
import type { Matrix } from '~/lib/matrix';

/** Tolerance: max relative error below 1e-6 (h = 1e-6). Returns the error for reporting. */
export function checkLossGradient(loss: Loss, Yhat: Matrix, targets: Targets): number {
  const { maxRelError } = gradientCheck(() => loss.value(Yhat, targets), [Yhat], [loss.gradient(Yhat, targets)]);
  expect(maxRelError).toBeLessThan(1e-6);
  return maxRelError;
}
