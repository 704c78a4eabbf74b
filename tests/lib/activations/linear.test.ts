import { describe, expect, it } from 'vitest';
import { linear } from '~/lib/activations/linear';
import { fromArray, identity } from '~/lib/matrix';
import { checkActivationCalculus, sampleZ } from './calculus';

describe('linear', () => {
  it('is the identity with Jacobian I', () => {
    const Z = fromArray([[-2, 0, 3.5]]);
    expect(linear.forward(Z).toArray()).toEqual([[-2, 0, 3.5]]);
    expect(linear.jacobian(sampleZ(2, 3, 1)).toArray()).toEqual(identity(6).toArray());
    expect(linear.elementwise).toBe(true);
  });

  it('passes the gradient, Jacobian and NaN checks', () => checkActivationCalculus(linear));
});
