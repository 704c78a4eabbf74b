import { describe, expect, it } from 'vitest';
import { fromArray, Matrix } from '~/lib/matrix';
import { sgd } from '~/lib/optimizers/sgd';
import { expectClose } from '../../close';

const theta0 = () => fromArray([[1, -2, 0.5]]);
const grad = (values: number[]) => fromArray([values]);

/** PyTorch's SGD update written out once per entry, for comparing bits (Object.is, no tolerance). */
function referenceSteps(theta: number[], grads: number[][], o: { lr: number; momentum: number; dampening: number; nesterov: boolean; weightDecay: number }): number[] {
  const v = theta.map(() => 0);
  grads.forEach((gradient, step) => {
    theta.forEach((_, i) => {
      let g = o.weightDecay === 0 ? gradient[i]! : gradient[i]! + o.weightDecay * theta[i]!;
      if (o.momentum !== 0) {
        v[i] = step === 0 ? g : o.momentum * v[i]! + (1 - o.dampening) * g;
        g = o.nesterov ? g + o.momentum * v[i]! : v[i]!;
      }
      theta[i] = theta[i]! - o.lr * g;
    });
  });
  return theta;
}

describe('sgd', () => {
  it('gives the bits of the update written out entry by entry, with and without momentum, decay, dampening, Nesterov', () => {
    const start = Array.from({ length: 7 }, (_, i) => Math.sin(1 + i) * 3);
    const grads = Array.from({ length: 5 }, (_, s) => start.map((_, i) => Math.cos(s * 7 + i) / 3));
    const configs = [
      { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0 },
      { lr: 0.05, momentum: 0.9, dampening: 0, nesterov: false, weightDecay: 0 },
      { lr: 0.05, momentum: 0.9, dampening: 0.3, nesterov: false, weightDecay: 0 },
      { lr: 0.05, momentum: 0.9, dampening: 0, nesterov: true, weightDecay: 0 },
      { lr: 0.05, momentum: 0.5, dampening: 0, nesterov: false, weightDecay: 1e-2 },
      { lr: 0.05, momentum: 0, dampening: 0, nesterov: false, weightDecay: 1e-2 },
    ];
    for (const config of configs) {
      const p = new Matrix(1, start.length, Float64Array.from(start));
      const o = sgd(config);
      for (const g of grads) o.step([p], [new Matrix(1, g.length, Float64Array.from(g))]);
      const expected = referenceSteps([...start], grads, config);
      expect(p.row(0).every((x, i) => Object.is(x, expected[i])), JSON.stringify(config)).toBe(true);
    }
  });

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
