import { describe, expect, it } from 'vitest';
import { tanh } from '~/lib/activations/tanh';
import { fromArray } from '~/lib/matrix';
import { expectClose } from '../../close';
import { checkActivationCalculus } from './calculus';

describe('tanh', () => {
  it('equals (e^z − e^−z)/(e^z + e^−z) and saturates at ±1', () => {
    const A = tanh.forward(fromArray([[0.7, -1.3, 400, -400]]));
    for (const [j, z] of [[0, 0.7], [1, -1.3]]) {
      expectClose(A.get(0, j), (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z)), { rtol: 1e-14, atol: 0 });
    }
    expect([A.get(0, 2), A.get(0, 3)]).toEqual([1, -1]);
  });

  it('has slope 1 at 0', () => expect(tanh.jacobian(fromArray([[0]])).get(0, 0)).toBe(1));

  it('passes the gradient, Jacobian and NaN checks', () => checkActivationCalculus(tanh));
});
