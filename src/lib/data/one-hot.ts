/**
 * One-hot encoding (chapter 04-losses): class index c becomes the row vector eᶜ, the target
 * row that cross-entropy compares with a softmax output.
 */
import { Matrix } from '../matrix';

/**
 * The M×classes matrix whose row i is 1 in column labels[i] and 0 elsewhere. `classes` defaults to
 * the largest label plus one; every label must be an integer in [0, classes).
 */
export function oneHot(labels: ArrayLike<number>, classes?: number): Matrix {
  if (labels.length === 0) throw new Error('oneHot: no labels');
  let largest = 0;
  for (let i = 0; i < labels.length; i++) largest = Math.max(largest, labels[i]);
  const K = classes ?? largest + 1;
  if (!Number.isInteger(K) || K < 1) throw new Error(`oneHot: classes must be a positive integer, got ${K}`);
  const Y = new Matrix(labels.length, K);
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (!Number.isInteger(c) || c < 0 || c >= K) {
      throw new Error(`oneHot: label ${i} is ${c}, expected an integer in [0, ${K})`);
    }
    Y.data[i * K + c] = 1;
  }
  return Y;
}
