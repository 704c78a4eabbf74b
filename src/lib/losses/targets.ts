/**
 * Targets for a loss (chapter 04-losses): either an M×Q matrix (one-hot or probability rows for
 * classification, real values for regression) or M integer class indices, which stand for the
 * one-hot rows e_c.
 */
import { assertShape, Matrix, shapeOf } from '../matrix';

export type Targets = Matrix | ArrayLike<number>;

/**
 * The targets as a rows×cols matrix, checked against the predictions' shape. Class indices must be
 * integers in [0, cols) and there must be one per row; a matrix must be rows×cols. Errors name
 * `op`, the offending index and value, and what was expected.
 */
export function targetMatrix(targets: Targets, rows: number, cols: number, op: string): Matrix {
  if (targets instanceof Matrix) {
    assertShape(op, 'the target matrix Y', targets, rows, cols, 'the predictions Ŷ');
    return targets;
  }
  if (targets === null || typeof targets !== 'object' || typeof targets.length !== 'number') {
    throw new Error(`${op}: targets must be a Matrix or an array of class indices, got ${String(targets)}`);
  }
  if (targets.length !== rows) {
    throw new Error(`${op}: ${targets.length} class indices for ${rows} samples, expected one per sample`);
  }
  const Y = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    const c = targets[i];
    if (typeof c !== 'number') {
      const hint = Array.isArray(c) ? ' (for target rows pass a Matrix, e.g. fromArray(rows))' : '';
      throw new Error(`${op}: class index ${i} is ${JSON.stringify(c)}, expected an integer${hint}`);
    }
    if (!Number.isInteger(c) || c < 0 || c >= cols) {
      throw new Error(`${op}: class index ${i} is ${c}, expected an integer in [0, ${cols}) for ${cols} classes`);
    }
    Y.data[i * cols + c] = 1;
  }
  return Y;
}

/**
 * Cross-entropy compares two distributions, so each target row must be one: entries in [0, 1]
 * summing to 1 (within 1e-6, for rounded soft labels). Catches regression targets fed to a
 * classification loss.
 */
export function checkDistributionRows(op: string, Y: Matrix): void {
  for (let i = 0; i < Y.rows; i++) {
    let total = 0;
    for (let j = 0; j < Y.cols; j++) {
      const y = Y.data[i * Y.cols + j];
      if (!(y >= 0 && y <= 1)) {
        throw new Error(`${op}: target (${i}, ${j}) is ${y}, expected one-hot or probability rows with entries in [0, 1]`);
      }
      total += y;
    }
    if (Math.abs(total - 1) > 1e-6) {
      throw new Error(`${op}: target row ${i} sums to ${total}, expected one-hot or probability rows summing to 1`);
    }
  }
}

/** Losses are means over the batch, so an empty batch has none. */
export function checkNotEmpty(op: string, Yhat: Matrix): void {
  if (Yhat.rows === 0 || Yhat.cols === 0) throw new Error(`${op}: predictions are (${shapeOf(Yhat)}), expected at least one sample and one output`);
}
