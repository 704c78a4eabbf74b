import { describe, expect, it } from 'vitest';
import { fromArray } from '~/lib/matrix';
import { adam, adamw } from '~/lib/optimizers/adam';
import { expectClose } from '../../close';

describe('adam', () => {
  it("first step: bias correction gives m̂ = g, v̂ = g², so every weight moves by ≈ lr·sign(g)", () => {
    const p = fromArray([[1, 1, 1, 1]]);
    adam({ lr: 0.01 }).step([p], [fromArray([[1e-3, -5, 200, -0.3]])]);
    // The exact move is lr·g/(|g| + ε), within ε/|g| ≤ 1e-5 (relative) of lr·sign(g).
    const moveInUnitsOfLr = Array.from(p.data, (x) => (1 - x) / 0.01);
    expectClose(moveInUnitsOfLr, [1, -1, 1, -1], { rtol: 1.1e-5 });
  });

  it('with a constant gradient every step has size ≈ lr (m̂ = g and v̂ = g² at every t)', () => {
    const p = fromArray([[0]]);
    const o = adam({ lr: 0.1, beta1: 0.8, beta2: 0.9 });
    for (let t = 0; t < 10; t++) o.step([p], [fromArray([[4]])]);
    expectClose(p, [-1], { rtol: 1e-8 });
    expect(o.t).toBe(10);
  });

  it('L2 weight decay goes through the normalisation; decoupled (AdamW) decay does not', () => {
    // Zero loss gradient, θ = 2, wd = 0.01, lr = 0.1.
    const l2 = fromArray([[2]]);
    adam({ lr: 0.1, weightDecay: 0.01 }).step([l2], [fromArray([[0]])]);
    // g = wd·θ = 0.02 is normalised to ≈ 1: the weight moves by lr·0.02/(0.02 + ε) ≈ lr.
    expectClose(2 - l2.get(0, 0), 0.1, { rtol: 1e-6 });

    const decoupled = fromArray([[2]]);
    adamw({ lr: 0.1, weightDecay: 0.01 }).step([decoupled], [fromArray([[0]])]);
    // θ ← θ(1 − lr·wd) = 2·0.999, and the zero gradient adds no move.
    expectClose(decoupled, [1.998], { rtol: 1e-15 });
  });

  it('adamw defaults to weightDecay 0.01 (as torch.optim.AdamW) and is named adamw', () => {
    const p = fromArray([[1]]);
    const o = adamw({ lr: 1 });
    o.step([p], [fromArray([[0]])]);
    expectClose(p, [0.99], { rtol: 1e-15 });
    expect(o.name).toBe('adamw');
    expect(adam({ lr: 1, decoupled: true }).name).toBe('adamw');
  });

  it('rejects invalid hyperparameters, naming each and its valid range', () => {
    expect(() => adam({ lr: 0.1, beta1: 1 })).toThrow('adam: beta1 must be a finite number in [0, 1), got 1');
    expect(() => adam({ lr: 0.1, beta2: -0.1 })).toThrow('adam: beta2 must be a finite number in [0, 1), got -0.1');
    expect(() => adam({ lr: 0.1, eps: -1e-8 })).toThrow('adam: eps must be a finite number in (0, ∞)');
    expect(() => adamw({ lr: Infinity })).toThrow('adamw: lr must be a finite number in [0, ∞), got Infinity');
    expect(() => adamw({ lr: 0.1, decoupled: false } as never)).toThrow('adamw: weight decay is always decoupled');
    expect(() => adam({ lr: 0.1, betas: [0.9, 0.99] } as never)).toThrow('adam: unknown option "betas"');
  });
});
