import { describe, expect, it } from 'vitest';
import { fromArray, Matrix } from '~/lib/matrix';
import { targetMatrix } from '~/lib/losses/targets';

describe('targetMatrix', () => {
  it('turns class indices into one-hot rows and passes a matrix of the right shape through', () => {
    expect(targetMatrix([2, 0], 2, 3, 'op').toArray()).toEqual([[0, 0, 1], [1, 0, 0]]);
    expect(targetMatrix(Int32Array.of(1), 1, 2, 'op').toArray()).toEqual([[0, 1]]);
    const Y = fromArray([[0.2, 0.8]]);
    expect(targetMatrix(Y, 1, 2, 'op')).toBe(Y);
  });

  it('names the bad index, its value and what was expected', () => {
    expect(() => targetMatrix([0, -1], 2, 3, 'mse')).toThrow('mse: class index 1 is -1, expected an integer in [0, 3) for 3 classes');
    expect(() => targetMatrix([0.5, 1], 2, 3, 'mse')).toThrow('mse: class index 0 is 0.5, expected an integer in [0, 3)');
    expect(() => targetMatrix([0, 1, 3], 3, 3, 'mse')).toThrow('mse: class index 2 is 3, expected an integer in [0, 3)');
    expect(() => targetMatrix([0, Number.NaN], 2, 3, 'mse')).toThrow('mse: class index 1 is NaN');
    expect(() => targetMatrix([0, 1], 3, 3, 'mse')).toThrow('mse: 2 class indices for 3 samples, expected one per sample');
    expect(() => targetMatrix(new Matrix(2, 4), 2, 3, 'mse')).toThrow(
      'mse: the target matrix Y is (2×4), expected (2×3) like the predictions Ŷ',
    );
    expect(() => targetMatrix([[1, 0]] as never, 1, 2, 'mse')).toThrow(
      'mse: class index 0 is [1,0], expected an integer in [0, 2) for 2 classes (for target rows pass a Matrix, e.g. fromArray(rows))',
    );
    expect(() => targetMatrix(3 as never, 1, 2, 'mse')).toThrow('mse: targets must be a Matrix or an array of class indices, got 3');
  });
});
