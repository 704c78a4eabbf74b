import { describe, expect, it } from 'vitest';
import { gradientCheck, numericGradient, relativeError } from '~/lib/gradcheck';
import { fromArray, Matrix } from '~/lib/matrix';
import { expectClose } from '../close';

// f(W, b) = Σ sin(W) + Σ b², with gradients cos(W) and 2b known in closed form.
function setup() {
  const W = fromArray([[0.1, -0.7], [1.3, 2.2]]);
  const b = fromArray([[0.5, -1.5]]);
  const f = () => W.data.reduce((s, w) => s + Math.sin(w), 0) + b.data.reduce((s, v) => s + v * v, 0);
  const dW = new Matrix(2, 2, W.data.map(Math.cos));
  const db = new Matrix(1, 2, b.data.map((v) => 2 * v));
  return { W, b, f, dW, db };
}

describe('gradientCheck', () => {
  it('computes central differences accurate to 1e-9 and leaves the parameters exactly as they were', () => {
    const { W, b, f, dW, db } = setup();
    const before = [W.data.slice(), b.data.slice()];
    const [nW, nb] = numericGradient(f, [W, b]);
    expectClose(nW, dW, { atol: 1e-9, rtol: 0 });
    expectClose(nb, db, { atol: 1e-9, rtol: 0 });
    expect(W.data).toEqual(before[0]);
    expect(b.data).toEqual(before[1]);
  });

  it('passes a correct gradient (relative error < 1e-8) and pinpoints a wrong entry', () => {
    const { W, b, f, dW, db } = setup();
    const good = gradientCheck(f, [W, b], [dW, db]);
    expect(good.maxRelError).toBeLessThan(1e-8);
    expect(good.maxAbsError).toBeLessThan(1e-9);
    const wrong = db.clone();
    wrong.set(0, 1, -wrong.get(0, 1));
    const bad = gradientCheck(f, [W, b], [dW, wrong]);
    // Opposite signs: |a − n| / (|a| + |n|) = 1.
    expectClose(bad.maxRelError, 1, { rtol: 1e-9, atol: 0 });
    expect(bad.where).toEqual({ param: 1, row: 0, col: 1 });
  });

  it('measures entries near zero against the floor `tiny` instead of dividing noise by noise', () => {
    const x = fromArray([[0]]);
    const f = () => x.data[0] ** 3; // f′(0) = 0; central differences give h² = 1e-12
    expect(gradientCheck(f, [x], [new Matrix(1, 1)]).maxRelError).toBeLessThan(1e-3);
    expectClose(gradientCheck(f, [x], [new Matrix(1, 1)], { tiny: 1e-16 }).maxRelError, 1, { rtol: 1e-6, atol: 0 });
  });

  it('reports NaN rather than passing when the function or a gradient is NaN', () => {
    const x = fromArray([[1, 2]]);
    expect(gradientCheck(() => x.data[0] + x.data[1], [x], [fromArray([[Number.NaN, 1]])]).maxRelError).toBeNaN();
    expect(gradientCheck(() => Number.NaN, [x], [fromArray([[1, 1]])]).maxRelError).toBeNaN();
  });

  it('rejects mismatched shapes and counts', () => {
    const { W, b, f, dW } = setup();
    expect(() => gradientCheck(f, [W, b], [dW])).toThrow('gradientCheck: 2 parameters but 1 analytic gradients');
    expect(() => gradientCheck(f, [W], [b])).toThrow('gradientCheck: analytic gradient 0 is (1×2), expected (2×2) like parameter 0');
    expect(() => numericGradient(f, [W], 0)).toThrow('numericGradient: eps must be finite and > 0, got 0');
  });
});

describe('relativeError', () => {
  it('is |a − n| / max(|a| + |n|, tiny): symmetric, 1 for opposite signs, absolute in units of tiny below it', () => {
    expectClose(relativeError(1, 1.001, 1e-8), 0.001 / 2.001, { rtol: 1e-12, atol: 0 });
    expect(relativeError(1.001, 1, 1e-8)).toBe(relativeError(1, 1.001, 1e-8));
    expect(relativeError(-2, 2, 1e-8)).toBe(1);
    expectClose(relativeError(1e-12, 0, 1e-8), 1e-4, { rtol: 1e-12, atol: 0 });
    expect(relativeError(0, 0, 1e-8)).toBe(0);
    expect(relativeError(Number.NaN, 1, 1e-8)).toBeNaN();
  });
});
