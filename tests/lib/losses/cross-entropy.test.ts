import { describe, expect, it } from 'vitest';
import { softmax } from '~/lib/activations/softmax';
import { fromArray } from '~/lib/matrix';
import { crossEntropy } from '~/lib/losses/cross-entropy';
import { softmaxCrossEntropy } from '~/lib/losses/softmax-cross-entropy';
import { expectClose } from '../../close';
import { sampleZ } from '../activations/calculus';
import { checkLossGradient } from './check';

describe('cross_entropy', () => {
  it('is the mean of −log(probability of the true class)', () => {
    const P = fromArray([[0.7, 0.2, 0.1], [0.25, 0.25, 0.5]]);
    expectClose(crossEntropy.value(P, [0, 2]), -(Math.log(0.7) + Math.log(0.5)) / 2, { rtol: 1e-15, atol: 0 });
    expectClose(crossEntropy.value(P, fromArray([[0, 1, 0], [0.5, 0, 0.5]])), -(Math.log(0.2) + 0.5 * Math.log(0.25) + 0.5 * Math.log(0.5)) / 2, {
      rtol: 1e-15,
      atol: 0,
    });
  });

  it('has the gradient of its value, −Y ⊘ Ŷ / M (relative error < 1e-6)', () => {
    const P = softmax.forward(sampleZ(4, 3, 3));
    checkLossGradient(crossEntropy, P, [0, 2, 1, 1]);
    checkLossGradient(crossEntropy, P, softmax.forward(sampleZ(4, 3, 4)));
  });

  it('chained through the softmax backward gives the fused gradient (softmax(Z) − Y)/M to 1e-15', () => {
    const Z = sampleZ(5, 4, 5);
    const S = softmax.forward(Z);
    const labels = [3, 0, 1, 2, 0];
    const chained = softmax.backward(Z, S, crossEntropy.gradient(S, labels));
    expectClose(chained, softmaxCrossEntropy.gradient(Z, labels), { rtol: 1e-12, atol: 1e-15 });
    expectClose(crossEntropy.value(S, labels), softmaxCrossEntropy.value(Z, labels), { rtol: 1e-14, atol: 0 });
  });

  it('at p = 0 for the true class gives loss Infinity and gradient −Infinity, not a clipped number', () => {
    const P = fromArray([[1, 0]]);
    expect(crossEntropy.value(P, [1])).toBe(Infinity);
    expect(crossEntropy.gradient(P, [1]).row(0)).toEqual([0, -Infinity]);
  });

  it('treats 0·log 0 as 0, so p = 0 on a class with target 0 costs nothing', () => {
    const P = fromArray([[1, 0]]);
    expect(crossEntropy.value(P, [0])).toBe(0);
    expect(crossEntropy.gradient(P, [0]).row(0)).toEqual([-1, 0]);
  });

  it('propagates NaN predictions', () => {
    expect(crossEntropy.value(fromArray([[Number.NaN, 0.5]]), [0])).toBeNaN();
  });

  it('rejects non-probabilities and targets that are not distributions', () => {
    expect(() => crossEntropy.value(fromArray([[1.5, -0.5]]), [0])).toThrow(
      'cross_entropy: prediction (0, 0) is 1.5, expected a probability in [0, 1]; use softmax as the last activation, or softmax_cross_entropy on logits',
    );
    expect(() => crossEntropy.gradient(fromArray([[0.5, 0.5]]), fromArray([[0.5, 0.6]]))).toThrow(
      'cross_entropy.gradient: target row 0 sums to 1.1, expected one-hot or probability rows summing to 1',
    );
    expect(() => crossEntropy.value(fromArray([[0.5, 0.5]]), fromArray([[2, -1]]))).toThrow(
      'cross_entropy: target (0, 0) is 2, expected one-hot or probability rows with entries in [0, 1]',
    );
    expect(() => crossEntropy.value(fromArray([[0.5, 0.5]]), [2])).toThrow(
      'cross_entropy: class index 0 is 2, expected an integer in [0, 2) for 2 classes',
    );
  });
});
