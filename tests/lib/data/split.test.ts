import { describe, expect, it } from 'vitest';
import { fromFunction } from '~/lib/matrix';
import { trainValidationSplit } from '~/lib/data/split';

// Row i of X is [i, 10·i], so every row says which sample it is.
const X = fromFunction(20, 2, (i, j) => (j === 0 ? i : 10 * i));
const labels = Int32Array.from({ length: 20 }, (_, i) => i % 3);

describe('trainValidationSplit', () => {
  it('sends round(M·fraction) samples to validation, the rest to training, each exactly once', () => {
    const { train, validation } = trainValidationSplit(X, labels, 0.25, 1);
    expect(validation.X.rows).toBe(5);
    expect(train.X.rows).toBe(15);
    const ids = [...train.X.toArray(), ...validation.X.toArray()].map((r) => r[0]).sort((a, b) => a - b);
    expect(ids).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('keeps inputs and targets together and in their original relative order', () => {
    const { train, validation } = trainValidationSplit(X, labels, 0.3, 7);
    for (const part of [train, validation]) {
      const ids = part.X.toArray().map((r) => r[0]);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
      expect(Array.from(part.y)).toEqual(ids.map((i) => i % 3));
      expect(part.y).toBeInstanceOf(Int32Array);
    }
  });

  it('splits matrix targets by rows and plain arrays into plain arrays', () => {
    const Y = fromFunction(20, 1, (i) => -i);
    const byMatrix = trainValidationSplit(X, Y, 0.5, 3);
    expect(byMatrix.validation.y.toArray().map((r) => -r[0])).toEqual(byMatrix.validation.X.toArray().map((r) => r[0]));
    const byArray = trainValidationSplit(X, Array.from(labels), 0.5, 3);
    expect(Array.isArray(byArray.train.y)).toBe(true);
  });

  it('is reproducible from its seed and changes with it', () => {
    const ids = (seed: number) => trainValidationSplit(X, labels, 0.25, seed).validation.X.toArray().map((r) => r[0]);
    expect(ids(5)).toEqual(ids(5));
    expect(ids(5)).not.toEqual(ids(6));
  });

  it('rejects mismatched lengths, fractions outside (0, 1) and splits that leave a part empty', () => {
    expect(() => trainValidationSplit(X, labels.subarray(0, 19), 0.2, 1)).toThrow(
      'trainValidationSplit: X (20×2) has 20 samples but there are 19 targets',
    );
    expect(() => trainValidationSplit(X, labels, 1, 1)).toThrow('fraction (the validation share) must be in (0, 1), got 1');
    expect(() => trainValidationSplit(X, labels, 0.01, 1)).toThrow('leaves 0 for validation');
    expect(() => trainValidationSplit(fromFunction(1, 2, () => 0), [0], 0.5, 1)).toThrow('need at least 2 samples');
  });
});
