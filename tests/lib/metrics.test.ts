import { describe, expect, it } from 'vitest';
import { fromArray } from '~/lib/matrix';
import { accuracy, ConfusionMatrix, confusionMatrix, mape, predictedLabels } from '~/lib/metrics';
import { expectClose } from '../close';

// Four samples, three classes; the argmax of the rows is 2, 0, 1, 1.
const Yhat = fromArray([
  [0.1, 0.2, 0.7],
  [0.5, 0.3, 0.2],
  [0.2, 0.6, 0.2],
  [0.3, 0.4, 0.3],
]);

describe('predictedLabels', () => {
  it('takes the argmax of each row, the first index on ties', () => {
    expect(Array.from(predictedLabels(Yhat))).toEqual([2, 0, 1, 1]);
    expect(Array.from(predictedLabels(fromArray([[1, 1, 0]])))).toEqual([0]);
  });

  it('thresholds a single probability column into classes 0 and 1', () => {
    expect(Array.from(predictedLabels(fromArray([[0.2], [0.5], [0.9]])))).toEqual([0, 1, 1]);
    expect(Array.from(predictedLabels(fromArray([[-0.1], [0.1]]), 0))).toEqual([0, 1]);
  });
});

describe('accuracy', () => {
  it('counts rows whose argmax equals the label', () => {
    expect(accuracy(Yhat, [2, 0, 0, 1])).toBe(0.75);
    expect(accuracy(Yhat, Int32Array.of(0, 0, 0, 0))).toBe(0.25);
  });

  it('accepts one-hot rows as labels', () => {
    const oneHotRows = fromArray([[0, 0, 1], [1, 0, 0], [1, 0, 0], [0, 1, 0]]);
    expect(accuracy(Yhat, oneHotRows)).toBe(0.75);
  });

  it('reads a single sigmoid column as a two-class probability', () => {
    expect(accuracy(fromArray([[0.1], [0.8], [0.6]]), [0, 1, 0])).toBeCloseTo(2 / 3, 15);
  });

  it('rejects mismatched lengths, labels out of range and empty input', () => {
    expect(() => accuracy(Yhat, [0, 1])).toThrow('accuracy: Ŷ has 4 rows (samples) but there are 2 labels');
    expect(() => accuracy(Yhat, [0, 1, 3, 0])).toThrow('accuracy: class index 2 is 3, expected an integer in [0, 3) for 3 classes');
    expect(() => accuracy(Yhat, [0, 1, 1.5, 0])).toThrow('class index 2 is 1.5');
    expect(() => accuracy(Yhat, fromArray([[1, 0], [1, 0], [1, 0], [1, 0]]))).toThrow(
      'accuracy: one-hot labels are (4×2), expected 3 columns, one per class',
    );
    expect(() => accuracy(fromArray([]), [])).toThrow('accuracy: no samples');
  });
});

describe('confusionMatrix', () => {
  it('counts (true class, predicted class) pairs; the diagonal holds the hits', () => {
    const cm = confusionMatrix(Yhat, [2, 0, 0, 1]);
    expect(cm.classes).toBe(3);
    // true 2 → predicted 2, true 0 → 0, true 0 → 1, true 1 → 1
    expect(Array.from(cm.counts)).toEqual([1, 1, 0, 0, 1, 0, 0, 0, 1]);
    expect(cm.get(0, 1)).toBe(1);
    expect(cm.total).toBe(4);
    expect(cm.accuracy).toBe(accuracy(Yhat, [2, 0, 0, 1]));
  });

  it('takes predicted class indices and infers the class count from the largest label', () => {
    const cm = confusionMatrix([0, 1, 1, 3], [0, 1, 2, 3]);
    expect(cm.classes).toBe(4);
    expect(cm.get(2, 1)).toBe(1);
    expect(confusionMatrix([0, 1], [0, 1], 5).classes).toBe(5);
  });

  it('renders an aligned table with true classes as rows and row totals', () => {
    const text = new ConfusionMatrix(2, Int32Array.of(12, 3, 0, 105)).toString();
    expect(text.split('\n')).toEqual([
      'true\\pred   0   1 │ total',
      '        0  12   3 │    15',
      '        1   0 105 │   105',
    ]);
  });

  it('rejects mismatched lengths, out-of-range labels and empty input', () => {
    expect(() => confusionMatrix([0, 1], [0])).toThrow('confusionMatrix: 2 predictions but 1 labels');
    expect(() => confusionMatrix(Yhat, [0, 1, 2, 7])).toThrow('confusionMatrix: class index 3 is 7, expected an integer in [0, 3) for 3 classes');
    expect(() => confusionMatrix([0, 4], [0, 1], 3)).toThrow('prediction 1 is class 4, expected an integer in [0, 3)');
    expect(() => confusionMatrix([-1], [0])).toThrow('class index 0 is -1, expected a non-negative integer');
    expect(() => confusionMatrix([], [])).toThrow('confusionMatrix: no samples');
  });
});

describe('mape', () => {
  it('is the mean of |ŷ − y| / |y| over all entries, as a fraction', () => {
    // errors 10 %, 50 %, 0 %, 20 %
    expectClose(mape(fromArray([[1.1, -1.5], [2, 0.8]]), fromArray([[1, -1], [2, 1]])), 0.2, { rtol: 1e-15 });
    expect(mape([3, 4], [3, 4])).toBe(0);
  });

  it('rejects shape mismatches, zeros in the reference and empty input', () => {
    expect(() => mape(fromArray([[1, 2]]), fromArray([[1], [2]]))).toThrow('mape: the reference Y is (2×1), expected (1×2) like the predictions Ŷ');
    expect(() => mape([1, 2, 3], [1, 2])).toThrow('mape: 3 predictions but 2 reference values');
    expect(() => mape([1, 2], [1, 0])).toThrow('mape: reference value 1 is 0');
    expect(() => mape([], [])).toThrow('mape: no values');
  });
});
