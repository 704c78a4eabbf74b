import { describe, expect, it } from 'vitest';
import { fromArray, Matrix } from '~/lib/matrix';
import { mse } from '~/lib/losses/mse';
import { expectClose } from '../../close';
import { sampleZ } from '../activations/calculus';
import { checkLossGradient } from './check';

describe('mse', () => {
  it('is the mean of the squared differences over all M·Q entries', () => {
    const Yhat = fromArray([[1, 2], [3, 5]]);
    const Y = fromArray([[0, 2], [1, 1]]);
    // (1 + 0 + 4 + 16) / 4
    expect(mse.value(Yhat, Y)).toBe(21 / 4);
    // 2 (Ŷ − Y) / 4
    expect(mse.gradient(Yhat, Y).toArray()).toEqual([[0.5, 0], [1, 2]]);
  });

  it('accepts class indices as one-hot targets', () => {
    const Yhat = fromArray([[0.7, 0.3], [0.4, 0.6]]);
    expect(mse.value(Yhat, [0, 1])).toBe(mse.value(Yhat, fromArray([[1, 0], [0, 1]])));
  });

  it('has the gradient of its value (relative error < 1e-6)', () => {
    checkLossGradient(mse, sampleZ(4, 3, 1), sampleZ(4, 3, 2));
  });

  it('propagates NaN and checks shapes and buffers', () => {
    expect(mse.value(fromArray([[Number.NaN]]), fromArray([[0]]))).toBeNaN();
    expect(() => mse.value(new Matrix(2, 3), new Matrix(3, 2))).toThrow('mse: the target matrix Y is (3×2), expected (2×3) like the predictions Ŷ');
    expect(() => mse.value(new Matrix(0, 3), [])).toThrow('mse: predictions are (0×3), expected at least one sample and one output');
    const out = new Matrix(1, 2);
    expect(mse.gradient(fromArray([[1, 2]]), fromArray([[0, 0]]), out)).toBe(out);
    expectClose(out, [1, 2], { rtol: 0, atol: 0 });
    expect(() => mse.gradient(fromArray([[1, 2]]), [0], new Matrix(2, 1))).toThrow(
      'mse.gradient: the output buffer is (2×1), expected (1×2) like the predictions Ŷ',
    );
  });
});
