import { describe, expect, it } from 'vitest';
import { fromArray } from '~/lib/matrix';
import { rmsprop } from '~/lib/optimizers/rmsprop';
import { expectClose } from '../../close';

describe('rmsprop', () => {
  it('first step: s = (1 − α)g², so each weight moves by ≈ lr·sign(g)/√(1 − α) whatever |g|', () => {
    const p = fromArray([[0, 0, 0]]);
    rmsprop({ lr: 0.01, alpha: 0.99 }).step([p], [fromArray([[0.003, -7, 250]])]);
    // lr/√0.01 = 0.1; ε = 1e-8 changes the smallest entry by ε/(0.1·0.003) ≈ 3e-5 relatively.
    expectClose(p, [-0.1, 0.1, -0.1], { rtol: 1e-4 });
  });

  it('ε is added outside the square root: a tiny gradient still gets a sizeable normalised step', () => {
    // g = 1e-10, α = 0: s = 1e-20, step = lr·1e-10/(1e-10 + 1e-8) = lr/101.
    // With ε inside the root, √(1e-20 + 1e-8) ≈ 1e-4, the step would be lr·1e-6 instead.
    const p = fromArray([[0]]);
    rmsprop({ lr: 1, alpha: 0, eps: 1e-8 }).step([p], [fromArray([[1e-10]])]);
    expectClose(p, [-1 / 101], { rtol: 1e-12 });
  });

  it('a zero gradient leaves the weight where it is (no 0/0)', () => {
    const p = fromArray([[3]]);
    rmsprop({ lr: 0.1 }).step([p], [fromArray([[0]])]);
    expect(p.get(0, 0)).toBe(3);
  });

  it('the running average forgets: after g = 1 then g = 0, s = α(1 − α) and the weight stays put', () => {
    const p = fromArray([[0]]);
    const o = rmsprop({ lr: 1, alpha: 0.5, eps: 1e-8 });
    o.step([p], [fromArray([[1]])]); // s = 0.5, step 1/(√0.5 + ε)
    o.step([p], [fromArray([[0]])]);
    expectClose(p, [-1 / (Math.SQRT1_2 + 1e-8)], { rtol: 1e-15 });
    expect(o.t).toBe(2);
  });

  it('rejects invalid hyperparameters, naming each and its valid range', () => {
    expect(() => rmsprop({ lr: 0.1, alpha: 1 })).toThrow('rmsprop: alpha must be a finite number in [0, 1), got 1');
    expect(() => rmsprop({ lr: 0.1, eps: 0 })).toThrow('rmsprop: eps must be a finite number in (0, ∞), got 0');
    expect(() => rmsprop({ lr: 0.1, weightDecay: -0.5 })).toThrow('rmsprop: weightDecay must be a finite number in [0, ∞)');
    expect(() => rmsprop({ lr: 0.1, momentum: 0.9 } as never)).toThrow(
      'rmsprop: unknown option "momentum"; valid options are lr, alpha, eps, weightDecay',
    );
  });
});
