import { describe, expect, it } from 'vitest';
import { dropoutBackward, dropoutForward, dropoutMask } from '~/lib/dropout';
import { gradientCheck } from '~/lib/gradcheck';
import { fromArray, fromFunction, Matrix } from '~/lib/matrix';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';

const X = fromArray([[1, -2, 3, 0.5], [4, 0, -1, 2]]);
const keep = fromArray([[1, 0, 1, 1], [0, 1, 1, 0]]);

describe('dropoutForward and dropoutBackward', () => {
  it('training with a given pattern: A = X ⊙ R/(1 − p), and the gradient passes through kept entries only, scaled the same', () => {
    const { A, mask } = dropoutForward(X, 0.25, { training: true, keep });
    expect(mask.toArray()).toEqual([[4 / 3, 0, 4 / 3, 4 / 3], [0, 4 / 3, 4 / 3, 0]]);
    expectClose(A, fromArray([[4 / 3, 0, 4, 2 / 3], [0, 0, -4 / 3, 0]]), { rtol: 1e-15, atol: 0 });
    const dA = fromArray([[1, 1, 1, 1], [2, 2, 2, 2]]);
    expectClose(dropoutBackward(dA, mask), fromArray([[4 / 3, 0, 4 / 3, 4 / 3], [0, 8 / 3, 8 / 3, 0]]), { rtol: 1e-15, atol: 0 });
  });

  it('test mode is the identity, forward and backward, and gives a new matrix', () => {
    const { A, mask } = dropoutForward(X, 0.5, { training: false });
    expect(A.toArray()).toEqual(X.toArray());
    expect(A).not.toBe(X);
    const dA = fromArray([[1, 2, 3, 4], [5, 6, 7, 8]]);
    expect(dropoutBackward(dA, mask).toArray()).toEqual(dA.toArray());
  });

  it('the backward pass is the gradient of the forward pass for a fixed mask (gradient check, relative error < 1e-8)', () => {
    const rng = createRng(4);
    const Xr = fromFunction(3, 5, () => rng.normal());
    const G = fromFunction(3, 5, () => rng.normal());
    const { mask } = dropoutForward(Xr, 0.4, { training: true, rng: createRng(1) });
    const keepPattern = fromFunction(3, 5, (i, j) => (mask.get(i, j) === 0 ? 0 : 1));
    const loss = () => {
      const { A } = dropoutForward(Xr, 0.4, { training: true, keep: keepPattern });
      return A.data.reduce((s, a, e) => s + a * G.data[e]!, 0);
    };
    expect(gradientCheck(loss, [Xr], [dropoutBackward(G, mask)]).maxRelError).toBeLessThan(1e-8);
  });

  it('p = 0 keeps everything unscaled', () => {
    const { A, mask } = dropoutForward(X, 0, { training: true, rng: createRng(2) });
    expect(A.toArray()).toEqual(X.toArray());
    expect(mask.data.every((d) => d === 1)).toBe(true);
  });
});

describe('dropoutMask', () => {
  it('is reproducible from its stream and new for every draw from the same stream', () => {
    const a = dropoutMask(4, 5, 0.5, createRng(9));
    expect(dropoutMask(4, 5, 0.5, createRng(9)).toArray()).toEqual(a.toArray());
    const rng = createRng(9);
    const first = dropoutMask(4, 5, 0.5, rng);
    expect(dropoutMask(4, 5, 0.5, rng).toArray()).not.toEqual(first.toArray());
  });

  it('drops each entry with probability p and keeps E[D] = 1: over 200 000 entries, within 5 standard errors', () => {
    for (const p of [0.1, 0.5, 0.9]) {
      const D = dropoutMask(400, 500, p, createRng(3));
      const n = D.size;
      const dropped = D.data.filter((d) => d === 0).length;
      expect(D.data.every((d) => d === 0 || d === 1 / (1 - p))).toBe(true);
      expect(Math.abs(dropped / n - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
      // Var D_ij = p/(1 − p), so the mean of n entries has standard error √(p/((1 − p)n)).
      const mean = D.data.reduce((s, d) => s + d, 0) / n;
      expect(Math.abs(mean - 1)).toBeLessThan(5 * Math.sqrt(p / ((1 - p) * n)));
    }
  });
});

describe('dropout refuses what it cannot use', () => {
  it('says what was wrong', () => {
    expect(() => dropoutForward(X, 1, { training: true, rng: createRng(1) })).toThrow('dropoutForward: p = 1 drops every entry');
    expect(() => dropoutForward(X, -0.1, { training: false })).toThrow(
      'dropoutForward: p (the probability of dropping an entry) must be a finite number in [0, 1), got -0.1',
    );
    expect(() => dropoutForward(X, Number.NaN, { training: true, rng: createRng(1) })).toThrow('must be a finite number in [0, 1), got NaN');
    expect(() => dropoutForward(X, 0.5, {} as never)).toThrow('dropoutForward: say which mode: { training: true, rng } draws a mask, { training: false } is the identity');
    expect(() => dropoutForward(X, 0.5, { training: true })).toThrow('dropoutForward: training draws a random mask: pass { rng: createRng(seed) }');
    expect(() => dropoutForward(X, 0.5, { training: true, rng: createRng(1), keep })).toThrow('dropoutForward: give either rng (a random mask) or keep (a given one), not both');
    expect(() => dropoutForward(X, 0.5, { training: true, keep: fromArray([[1, 0]]) })).toThrow('dropoutForward: keep is (1×2), expected (2×4) like X');
    expect(() => dropoutForward(X, 0.5, { training: true, keep: fromArray([[1, 0, 1, 1], [0, 0.5, 1, 0]]) })).toThrow(
      'dropoutForward: keep must hold only 0 (drop) and 1 (keep), but entry (1, 1) is 0.5',
    );
    expect(() => dropoutForward([[1, 2]] as never, 0.5, { training: false })).toThrow('dropoutForward: X must be a Matrix, got an array of 1');
    expect(() => dropoutBackward(new Matrix(2, 3), keep)).toThrow('dropoutBackward: dA is (2×3), expected (2×4) like the mask');
    expect(() => dropoutMask(2, 2, 0.5, 42 as never)).toThrow('dropoutMask: rng must be a random stream from createRng(seed), got 42');
  });
});
