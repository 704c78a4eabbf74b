/**
 * Targets for a loss (chapter 04-losses): either an M×Q matrix (one-hot or probability rows for
 * classification, real values for regression) or M integer class indices, which stand for the
 * one-hot rows e_c.
 */
import { oneHotInto } from '../data/one-hot';
import { assertShape, Matrix, outputBuffer, shapeOf } from '../matrix';

export type Targets = Matrix | ArrayLike<number>;

/**
 * The targets as a rows×cols matrix, checked against the predictions' shape: a matrix must be
 * rows×cols and is used as it is; class indices (one per row, integers in [0, cols)) are written
 * as one-hot rows into `out` when given (a buffer the caller keeps, so nothing is allocated) or
 * into a fresh matrix. Errors name `op`, the offending index and value, and what was expected.
 */
export function targetMatrix(targets: Targets, rows: number, cols: number, op: string, out?: Matrix): Matrix {
  if (targets instanceof Matrix) {
    assertShape(op, 'the target matrix Y', targets, rows, cols, 'the predictions Ŷ');
    return targets;
  }
  if (targets === null || typeof targets !== 'object' || typeof targets.length !== 'number') {
    throw new Error(`${op}: targets must be a Matrix or an array of class indices, got ${String(targets)}`);
  }
  return oneHotInto(op, targets, outputBuffer(op, out, rows, cols, 'the predictions Ŷ'));
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

/**
 * The target matrix of a cross-entropy loss: the predictions are not empty, and the targets, one-hot
 * or probability rows, are shaped like them.
 */
export function distributionTargets(op: string, Yhat: Matrix, targets: Targets): Matrix {
  checkNotEmpty(op, Yhat);
  const Y = targetMatrix(targets, Yhat.rows, Yhat.cols, op);
  checkDistributionRows(op, Y);
  return Y;
}

/** Losses are means over the batch, so an empty batch has none. */
export function checkNotEmpty(op: string, Yhat: Matrix): void {
  if (Yhat.rows === 0 || Yhat.cols === 0) throw new Error(`${op}: predictions are (${shapeOf(Yhat)}), expected at least one sample and one output`);
}
