import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromArray, rowSums } from '~/lib/matrix';
import { softmaxCrossEntropy } from '~/lib/losses/softmax-cross-entropy';
import { expectClose } from '../../close';
import { sampleZ } from '../activations/calculus';
import { checkLossGradient } from './check';

const logitsWithLabels = fc.integer({ min: 2, max: 6 }).chain((Q) =>
  fc.array(
    fc.tuple(
      fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: Q, maxLength: Q }),
      fc.integer({ min: 0, max: Q - 1 }),
    ),
    { minLength: 1, maxLength: 6 },
  ),
);

describe('softmax_cross_entropy', () => {
  it('equals −mean log softmax(z)_class on small logits (rtol 1e-14)', () => {
    const z = [
      [0.5, -1, 2],
      [3, 0, -3],
    ];
    const expected =
      -z.map((r, i) => Math.log(Math.exp(r[[2, 1][i]]) / r.reduce((s, v) => s + Math.exp(v), 0))).reduce((a, b) => a + b) / 2;
    expectClose(softmaxCrossEntropy.value(fromArray(z), [2, 1]), expected, { rtol: 1e-14, atol: 0 });
  });

  it('is exact at the extremes: logits [1e4, −1e4] cost 0 for the right class and 2e4 for the wrong one', () => {
    const Z = fromArray([[1e4, -1e4]]);
    expect(softmaxCrossEntropy.value(Z, [0])).toBe(0);
    expect(softmaxCrossEntropy.value(Z, [1])).toBe(2e4);
    expect(softmaxCrossEntropy.gradient(Z, [0]).row(0)).toEqual([0, 0]);
    expect(softmaxCrossEntropy.gradient(Z, [1]).row(0)).toEqual([1, -1]);
    // Two samples: the mean.
    expect(softmaxCrossEntropy.value(fromArray([[1e4, -1e4], [1e4, -1e4]]), [0, 1])).toBe(1e4);
  });

  it('has the gradient of its value, (softmax(Z) − Y)/M (relative error < 1e-6)', () => {
    checkLossGradient(softmaxCrossEntropy, sampleZ(5, 4, 8), [0, 3, 3, 1, 2]);
    checkLossGradient(softmaxCrossEntropy, sampleZ(2, 3, 9), fromArray([[0.2, 0.3, 0.5], [0, 1, 0]]));
  });

  it('property: finite and ≥ 0 for logits within ±1e4, and every gradient row sums to 0 within 1e-14 (a few Q·ε)', () => {
    fc.assert(
      fc.property(logitsWithLabels, (rows) => {
        const Z = fromArray(rows.map(([z]) => z));
        const labels = rows.map(([, c]) => c);
        const L = softmaxCrossEntropy.value(Z, labels);
        expect(Number.isFinite(L) && L >= 0).toBe(true);
        const sums = rowSums(softmaxCrossEntropy.gradient(Z, labels));
        for (const s of sums.data) expect(Math.abs(s)).toBeLessThanOrEqual(1e-14);
      }),
    );
  });

  it('propagates NaN logits and validates targets', () => {
    expect(softmaxCrossEntropy.value(fromArray([[Number.NaN, 0]]), [1])).toBeNaN();
    expect(() => softmaxCrossEntropy.value(fromArray([[1, 2]]), [0, 1])).toThrow(
      'softmax_cross_entropy: 2 class indices for 1 samples, expected one per sample',
    );
    expect(() => softmaxCrossEntropy.gradient(fromArray([[1, 2]]), fromArray([[3, -2]]))).toThrow(
      'softmax_cross_entropy.gradient: target (0, 0) is 3, expected one-hot or probability rows with entries in [0, 1]',
    );
  });

  it('refuses to write the gradient over the targets it still has to subtract', () => {
    const Y = fromArray([[0, 1], [1, 0]]);
    expect(() => softmaxCrossEntropy.gradient(fromArray([[1, 2], [0, 0]]), Y, Y)).toThrow(/output buffer/);
    expect(Y.toArray()).toEqual([[0, 1], [1, 0]]);
  });
});
