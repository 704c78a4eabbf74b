import { describe, expect, it } from 'vitest';
import { activationFromSpec } from '~/lib/activations/activation';
import { leakyRelu } from '~/lib/activations/leaky-relu';
import { fromArray } from '~/lib/matrix';
import { checkActivationCalculus } from './calculus';

describe('leaky_relu', () => {
  it('keeps slope·z below 0 and has derivative slope at and below 0', () => {
    const act = leakyRelu(0.1);
    const Z = fromArray([[-2, 0, 3]]);
    expect(act.forward(Z).toArray()).toEqual([[-0.2, 0, 3]]);
    expect(act.backward(Z, act.forward(Z), fromArray([[1, 1, 1]])).toArray()).toEqual([[0.1, 0.1, 1]]);
    expect(act.description).toBe('leaky_relu(slope 0.1)');
  });

  it('defaults to slope 0.01 by name and rejects a non-finite slope', () => {
    expect(activationFromSpec('leaky_relu').forward(fromArray([[-1]])).get(0, 0)).toBe(-0.01);
    expect(() => leakyRelu(Number.NaN)).toThrow('leaky_relu: slope must be a finite number, got NaN');
  });

  it('turns NaN into NaN in backward', () => {
    const Z = fromArray([[Number.NaN]]);
    expect(leakyRelu(0.2).backward(Z, Z, fromArray([[1]])).get(0, 0)).toBeNaN();
  });

  it('passes the gradient, Jacobian and NaN checks', () => checkActivationCalculus(leakyRelu(0.2)));
});
