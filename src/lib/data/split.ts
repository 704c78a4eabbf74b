/**
 * Holding out validation data (chapter 09-training): a seeded random split of the samples into
 * a training part the optimizer sees and a validation part that measures generalisation.
 */
import { Matrix, shapeOf, takeRows } from '../matrix';
import { createRng } from '../random';

/** Inputs and targets of one part of a split; targets keep the kind they came in (matrix or labels). */
export interface SplitPart<T> {
  X: Matrix;
  y: T;
}

function take<T extends Matrix | ArrayLike<number>>(targets: T, indices: Int32Array): T {
  if (targets instanceof Matrix) return takeRows(targets, indices) as T;
  if (Array.isArray(targets)) return Array.from(indices, (i) => targets[i]) as unknown as T;
  const TypedArray = (targets as unknown as { constructor: new (n: number) => { [i: number]: number } }).constructor;
  const out = new TypedArray(indices.length);
  for (let r = 0; r < indices.length; r++) out[r] = (targets as ArrayLike<number>)[indices[r]];
  return out as unknown as T;
}

/**
 * Splits samples (rows of X and the matching targets) at random, with a seed, into training and
 * validation parts: round(M·fraction) samples go to validation. Each part keeps the samples'
 * original relative order.
 */
export function trainValidationSplit<T extends Matrix | ArrayLike<number>>(
  X: Matrix,
  targets: T,
  fraction: number,
  seed: number,
): { train: SplitPart<T>; validation: SplitPart<T> } {
  const op = 'trainValidationSplit';
  const M = X.rows;
  const count = targets instanceof Matrix ? targets.rows : targets.length;
  if (count !== M) {
    const what = targets instanceof Matrix ? `targets (${shapeOf(targets)})` : `${count} targets`;
    throw new Error(`${op}: X (${shapeOf(X)}) has ${M} samples but there are ${what}`);
  }
  if (M < 2) throw new Error(`${op}: need at least 2 samples to split, got ${M}`);
  if (typeof fraction !== 'number' || !(fraction > 0 && fraction < 1)) {
    throw new Error(`${op}: fraction (the validation share) must be in (0, 1), got ${fraction}`);
  }
  const validationCount = Math.round(M * fraction);
  if (validationCount < 1 || validationCount > M - 1) {
    throw new Error(`${op}: a fraction of ${fraction} of ${M} samples leaves ${validationCount} for validation; each part needs at least one sample`);
  }
  const shuffled = createRng(seed).permutation(M);
  const validation = shuffled.slice(0, validationCount).sort();
  const train = shuffled.slice(validationCount).sort();
  return {
    train: { X: takeRows(X, train), y: take(targets, train) },
    validation: { X: takeRows(X, validation), y: take(targets, validation) },
  };
}
