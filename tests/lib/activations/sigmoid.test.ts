import { describe, expect, it } from 'vitest';
import { sigmoid } from '~/lib/activations/sigmoid';
import { fromArray } from '~/lib/matrix';
import { expectClose } from '../../close';
import { checkActivationCalculus } from './calculus';

describe('sigmoid', () => {
  it('has σ(0) = 1/2, σ(−z) = 1 − σ(z), and the right limits without overflow', () => {
    const A = sigmoid.forward(fromArray([[0, 2, -2, 800, -800]]));
    expect(A.get(0, 0)).toBe(0.5);
    expectClose(A.get(0, 1), 1 / (1 + Math.exp(-2)), { rtol: 1e-15, atol: 0 });
    expectClose(A.get(0, 2), 1 / (1 + Math.exp(2)), { rtol: 1e-15, atol: 0 });
    // 1 − σ(2) cancels about 3 bits, hence the looser tolerance for the symmetry.
    expectClose(A.get(0, 2), 1 - A.get(0, 1), { rtol: 1e-14, atol: 0 });
    expect(A.get(0, 3)).toBe(1);
    expect(A.get(0, 4)).toBe(0);
  });

  it('has slope 1/4 at 0', () => {
    const Z = fromArray([[0]]);
    expect(sigmoid.jacobian(Z).get(0, 0)).toBe(0.25);
  });

  it('passes the gradient, Jacobian and NaN checks', () => checkActivationCalculus(sigmoid));
});
