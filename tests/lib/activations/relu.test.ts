import { describe, expect, it } from 'vitest';
import { relu } from '~/lib/activations/relu';
import { fromArray } from '~/lib/matrix';
import { checkActivationCalculus } from './calculus';

describe('relu', () => {
  it('is max(0, z) with slope 1 above 0 and 0 at and below 0', () => {
    const Z = fromArray([[-2, 0, 3]]);
    expect(relu.forward(Z).toArray()).toEqual([[0, 0, 3]]);
    expect(relu.backward(Z, relu.forward(Z), fromArray([[5, 5, 5]])).toArray()).toEqual([[0, 0, 5]]);
  });

  it('turns NaN into NaN, not 0, in both directions', () => {
    const Z = fromArray([[Number.NaN]]);
    expect(relu.forward(Z).get(0, 0)).toBeNaN();
    expect(relu.backward(Z, relu.forward(Z), fromArray([[1]])).get(0, 0)).toBeNaN();
  });

  it('passes the gradient, Jacobian and NaN checks', () => checkActivationCalculus(relu));
});
