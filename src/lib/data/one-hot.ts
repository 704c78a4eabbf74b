/**
 * Class indices and one-hot encoding (chapter 04-losses): class index c stands for the row vector
 * e_c, the target row that cross-entropy compares with a softmax output. Every place that reads
 * class indices (the losses' targets, the training loop, the metrics) checks them here.
 */
import { positiveInteger } from '../errors';
import { fill, Matrix } from '../matrix';

/**
 * labels[i] after checking that it is a class index: an integer in [0, classes) (any integer ≥ 0
 * when `classes` is not known). The error names `op`, the position, the value and the range.
 */
export function classIndexAt(op: string, labels: ArrayLike<unknown>, i: number, classes?: number): number {
  const c = labels[i];
  if (typeof c === 'number' && Number.isInteger(c) && c >= 0 && (classes === undefined || c < classes)) return c;
  const shown = typeof c === 'number' ? String(c) : (JSON.stringify(c) ?? String(c));
  const range = classes === undefined ? 'a non-negative integer' : `an integer in [0, ${classes}) for ${classes} classes`;
  const hint = Array.isArray(c) ? ' (for target rows pass a Matrix, e.g. fromArray(rows))' : '';
  throw new Error(`${op}: class index ${i} is ${shown}, expected ${range}${hint}`);
}

/**
 * Row i of `out` becomes e_{labels[i]}: 1 in that column, 0 elsewhere. One label per row of `out`,
 * each checked by `classIndexAt` against out's column count before anything is written.
 */
export function oneHotInto(op: string, labels: ArrayLike<number>, out: Matrix): Matrix {
  if (labels.length !== out.rows) {
    throw new Error(`${op}: ${labels.length} class indices for ${out.rows} samples, expected one per sample`);
  }
  const K = out.cols;
  for (let i = 0; i < labels.length; i++) classIndexAt(op, labels, i, K);
  fill(out, 0);
  for (let i = 0; i < labels.length; i++) out.data[i * K + labels[i]] = 1;
  return out;
}

/**
 * The M×classes matrix whose row i is 1 in column labels[i] and 0 elsewhere. `classes` defaults to
 * the largest label plus one; every label must be an integer in [0, classes).
 */
export function oneHot(labels: ArrayLike<number>, classes?: number): Matrix {
  const op = 'oneHot';
  if (labels === null || typeof labels !== 'object' || typeof labels.length !== 'number') {
    throw new Error(`${op}: expected an array of class indices, got ${String(labels)}`);
  }
  if (labels.length === 0) throw new Error(`${op}: no labels`);
  if (classes !== undefined) positiveInteger(op, 'classes', classes);
  let largest = 0;
  for (let i = 0; i < labels.length; i++) largest = Math.max(largest, classIndexAt(op, labels, i, classes));
  return oneHotInto(op, labels, new Matrix(labels.length, classes ?? largest + 1));
}
