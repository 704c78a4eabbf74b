import { describe, expect, it } from 'vitest';
import { fromArray, Matrix } from '~/lib/matrix';
import { adam } from '~/lib/optimizers/adam';
import { sgd } from '~/lib/optimizers/sgd';

const W = () => fromArray([[1, 2], [3, 4]]);
const b = () => fromArray([[0.5, -0.5]]);

describe('optimizer bookkeeping (shared by every optimizer)', () => {
  it('counts steps in t', () => {
    const o = sgd({ lr: 0.1 });
    expect(o.t).toBe(0);
    o.step([W()], [W()]);
    o.step([W()], [W()]);
    expect(o.t).toBe(2);
  });

  it('rejects mismatched parameter and gradient lists, naming the shapes', () => {
    const o = adam({ lr: 0.1 });
    expect(() => o.step([W(), b()], [W()])).toThrow('adam.step: 2 parameters but 1 gradients');
    expect(() => o.step([W()], [b()])).toThrow('adam.step: gradient 0 is (1×2), expected (2×2) like parameter 0');
    expect(() => o.step([], [])).toThrow('adam.step: no parameters to update');
    expect(o.t).toBe(0);
  });

  it('refuses parameters that differ from the first step (its state belongs to another model)', () => {
    const o = adam({ lr: 0.1 });
    o.step([W(), b()], [W(), b()]);
    expect(() => o.step([W()], [W()])).toThrow('got 1 parameters, but this optimizer\'s state was built for 2');
    expect(() => o.step([b(), W()], [b(), W()])).toThrow('parameter 0 is (1×2), but it was (2×2) on the first step');
  });

  it('checks a schedule value before touching any parameter', () => {
    const p = W();
    const o = sgd({ lr: (t) => (t === 2 ? Number.NaN : 0.1) });
    o.step([p], [W()]);
    const before = p.data.slice();
    expect(() => o.step([p], [W()])).toThrow('sgd: the learning-rate schedule returned NaN at step 2');
    expect(p.data).toEqual(before);
    expect(o.t).toBe(1);
  });

  it('updates the parameters in place (the same Matrix objects the model holds)', () => {
    const p = new Matrix(1, 1, Float64Array.of(1));
    const data = p.data;
    sgd({ lr: 1 }).step([p], [new Matrix(1, 1, Float64Array.of(1))]);
    expect(p.data).toBe(data);
    expect(data[0]).toBe(0);
  });
});
