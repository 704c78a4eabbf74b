import { describe, expect, it } from 'vitest';
import { fromArray } from '~/lib/matrix';
import { inverseTimeDecay } from '~/lib/optimizers/schedule';
import { sgd } from '~/lib/optimizers/sgd';
import { expectClose } from '../../close';

describe('inverseTimeDecay', () => {
  it('is lr / (1 + decay·t)', () => {
    const schedule = inverseTimeDecay(0.3, 0.5);
    expectClose([1, 2, 4].map(schedule), [0.2, 0.15, 0.1], { rtol: 1e-15 });
  });

  it('an optimizer calls it with t = 1, 2, … for its steps', () => {
    const p = fromArray([[0]]);
    const o = sgd({ lr: inverseTimeDecay(1, 1) });
    const g = fromArray([[1]]);
    for (let i = 0; i < 3; i++) o.step([p], [g]);
    expectClose(p, [-(1 / 2 + 1 / 3 + 1 / 4)], { rtol: 1e-15 });
  });

  it('rejects a negative rate or decay', () => {
    expect(() => inverseTimeDecay(-1, 0.1)).toThrow('inverseTimeDecay: lr must be a finite number in [0, ∞), got -1');
    expect(() => inverseTimeDecay(1, -0.1)).toThrow('inverseTimeDecay: decay must be a finite number in [0, ∞), got -0.1');
  });
});
