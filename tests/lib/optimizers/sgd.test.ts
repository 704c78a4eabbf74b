import { describe, expect, it } from 'vitest';
import { fromArray, Matrix } from '~/lib/matrix';
import { sgd } from '~/lib/optimizers/sgd';
import { expectClose } from '../../close';

const theta0 = () => fromArray([[1, -2, 0.5]]);
const grad = (values: number[]) => fromArray([values]);

describe('sgd', () => {
  it('plain SGD moves each weight by −lr·g (exact in float64 for these values)', () => {
    const p = theta0();
    const o = sgd({ lr: 0.5 });
    o.step([p], [grad([2, -4, 1])]);
    expect(p.row(0)).toEqual([0, 0, 0]);
    expect(o.t).toBe(1);
  });

  it('weight decay alone shrinks θ by the factor (1 − lr·wd) when the gradient is zero', () => {
    const p = theta0();
    sgd({ lr: 0.1, weightDecay: 0.5 }).step([p], [grad([0, 0, 0])]);
    expectClose(p, [0.95, -1.9, 0.475], { rtol: 1e-15 });
  });

  it('momentum: the first step sets v = g (dampening is not applied), later v ← μv + (1 − dampening)g', () => {
    const p = new Matrix(1, 1, Float64Array.of(0));
    const o = sgd({ lr: 1, momentum: 0.5, dampening: 0.75 });
    o.step([p], [new Matrix(1, 1, Float64Array.of(1))]);
    expectClose(p, [-1], { rtol: 1e-15 }); // v₁ = 1
    o.step([p], [new Matrix(1, 1, Float64Array.of(1))]);
    expectClose(p, [-1.75], { rtol: 1e-15 }); // v₂ = 0.5·1 + 0.25·1 = 0.75
  });

  it('momentum accumulates: a constant gradient gives steps 1, 1 + μ, 1 + μ + μ², …', () => {
    const p = new Matrix(1, 1, Float64Array.of(0));
    const o = sgd({ lr: 1, momentum: 0.5 });
    const g = new Matrix(1, 1, Float64Array.of(1));
    for (let i = 0; i < 3; i++) o.step([p], [g]);
    expectClose(p, [-(1 + 1.5 + 1.75)], { rtol: 1e-15 });
  });

  it('Nesterov steps along g + μ·v: the first step is (1 + μ)·g', () => {
    const p = new Matrix(1, 1, Float64Array.of(0));
    const o = sgd({ lr: 1, momentum: 0.9, nesterov: true });
    o.step([p], [new Matrix(1, 1, Float64Array.of(2))]);
    expectClose(p, [-3.8], { rtol: 1e-15 });
  });

  it('rejects invalid hyperparameters, naming each and its valid range', () => {
    expect(() => sgd({ lr: -0.1 })).toThrow('sgd: lr must be a finite number in [0, ∞), got -0.1');
    expect(() => sgd({ lr: 0.1, momentum: 1 })).toThrow('sgd: momentum must be a finite number in [0, 1), got 1');
    expect(() => sgd({ lr: 0.1, momentum: -0.1 })).toThrow('momentum must be a finite number in [0, 1)');
    expect(() => sgd({ lr: 0.1, dampening: 1.5 })).toThrow('sgd: dampening must be a finite number in [0, 1], got 1.5');
    expect(() => sgd({ lr: 0.1, weightDecay: -1 })).toThrow('sgd: weightDecay must be a finite number in [0, ∞), got -1');
    expect(() => sgd({ lr: 0.1, nesterov: true })).toThrow('sgd: nesterov needs momentum in (0, 1) and dampening 0');
    expect(() => sgd({ lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow('dampening 0');
    expect(() => sgd({ lr: Number.NaN })).toThrow('got NaN');
    expect(() => sgd({} as never)).toThrow('sgd: lr (the learning rate) is required');
  });
});
