/**
 * Metrics for judging a trained model (chapter 09-training): accuracy, the confusion matrix, and
 * the mean absolute percentage error (MAPE) used to compare two implementations' outputs
 * (chapter 10-checking).
 *
 * Predictions come as Ŷ (one row of class scores or probabilities per sample: the predicted
 * class is the row's argmax) and labels as integer class indices or one-hot rows.
 */
import { classIndexAt } from './data/one-hot';
import { positiveInteger } from './errors';
import { assertShape, Matrix, shapeOf } from './matrix';

/** Labels as integer class indices, or one row per sample (one-hot: the label is the row's argmax). */
export type Labels = Matrix | ArrayLike<number>;

function isMatrix(x: unknown): x is Matrix {
  return x instanceof Matrix;
}

/**
 * The predicted class of each row of Ŷ: the index of the row's largest entry (the first one on
 * ties). A single-column Ŷ is read as the probability of class 1 in a two-class problem
 * (a sigmoid output): class 1 where Ŷ ≥ threshold (default 0.5), else class 0.
 */
export function predictedLabels(Yhat: Matrix, threshold = 0.5): Int32Array {
  if (Yhat.rows === 0 || Yhat.cols === 0) throw new Error(`predictedLabels: Ŷ is empty (${shapeOf(Yhat)})`);
  const labels = new Int32Array(Yhat.rows);
  const Q = Yhat.cols;
  for (let i = 0; i < Yhat.rows; i++) {
    const row = i * Q;
    if (Q === 1) {
      labels[i] = Yhat.data[row] >= threshold ? 1 : 0;
      continue;
    }
    let best = 0;
    for (let j = 1; j < Q; j++) if (Yhat.data[row + j] > Yhat.data[row + best]) best = j;
    labels[i] = best;
  }
  return labels;
}

/**
 * Class indices from labels given either way; integer arrays are checked (integers in
 * [0, classes) when `classes` is known). `op` names the caller in error messages.
 */
function labelIndices(op: string, labels: Labels, classes?: number): Int32Array {
  if (isMatrix(labels)) {
    if (classes !== undefined && labels.cols !== classes && labels.cols !== 1) {
      throw new Error(`${op}: one-hot labels are (${shapeOf(labels)}), expected ${classes} columns, one per class`);
    }
    return labels.cols === 1 ? labelIndices(op, labels.data, classes) : predictedLabels(labels);
  }
  return Int32Array.from({ length: labels.length }, (_, i) => classIndexAt(op, labels, i, classes));
}

function largest(values: Int32Array): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > m) m = values[i];
  return m;
}

function countOf(labels: Labels): number {
  return isMatrix(labels) ? labels.rows : labels.length;
}

/**
 * The fraction of samples whose predicted class (argmax of Ŷ's row) equals the label
 * (chapter 09-training, eq. 9.4). Labels are class indices or one-hot rows.
 */
export function accuracy(Yhat: Matrix, labels: Labels, options: { threshold?: number } = {}): number {
  if (Yhat.rows === 0) throw new Error('accuracy: no samples (Ŷ has 0 rows)');
  if (countOf(labels) !== Yhat.rows) {
    throw new Error(`accuracy: Ŷ has ${Yhat.rows} rows (samples) but there are ${countOf(labels)} labels`);
  }
  const predicted = predictedLabels(Yhat, options.threshold);
  const truth = labelIndices('accuracy', labels, Math.max(Yhat.cols, 2));
  let correct = 0;
  for (let i = 0; i < predicted.length; i++) if (predicted[i] === truth[i]) correct++;
  return correct / predicted.length;
}

/**
 * A confusion matrix: counts[t·classes + p] is the number of samples of true class t predicted
 * as class p, so the diagonal holds the correct predictions (chapter 09-training, eq. 9.5).
 */
export class ConfusionMatrix {
  readonly classes: number;
  /** Row-major classes×classes counts; row = true class, column = predicted class. */
  readonly counts: Int32Array;

  constructor(classes: number, counts: Int32Array) {
    if (counts.length !== classes * classes) {
      throw new Error(`ConfusionMatrix: ${classes} classes need ${classes * classes} counts, got ${counts.length}`);
    }
    this.classes = classes;
    this.counts = counts;
  }

  /** Samples of class `actual` predicted as `predicted`. */
  get(actual: number, predicted: number): number {
    return this.counts[actual * this.classes + predicted];
  }

  get total(): number {
    return this.counts.reduce((s, c) => s + c, 0);
  }

  /** The fraction on the diagonal: the accuracy. */
  get accuracy(): number {
    let diagonal = 0;
    for (let c = 0; c < this.classes; c++) diagonal += this.get(c, c);
    return diagonal / this.total;
  }

  /** An aligned table: rows are true classes, columns predicted classes, with each row's total. */
  toString(): string {
    const K = this.classes;
    const rows = Array.from({ length: K }, (_, c) => Array.from(this.counts.subarray(c * K, (c + 1) * K)));
    const totals = rows.map((r) => r.reduce((s, x) => s + x, 0));
    const corner = 'true\\pred';
    const width = Math.max(String(K - 1).length, ...Array.from(this.counts, (x) => String(x).length));
    const totalWidth = Math.max('total'.length, ...totals.map((x) => String(x).length));
    const line = (head: string, cells: string[], total: string) =>
      `${head.padStart(corner.length)} ${cells.map((x) => x.padStart(width)).join(' ')} │ ${total.padStart(totalWidth)}`;
    const classNames = Array.from({ length: K }, (_, p) => String(p));
    return [
      line(corner, classNames, 'total'),
      ...rows.map((r, c) => line(String(c), r.map(String), String(totals[c]))),
    ].join('\n');
  }
}

/**
 * The confusion matrix of predictions against labels (chapter 09-training). Predictions are Ŷ
 * (argmax per row) or predicted class indices; labels are class indices or one-hot rows.
 * `classes` defaults to Ŷ's column count, else to the largest label seen plus one.
 */
export function confusionMatrix(predictions: Matrix | ArrayLike<number>, labels: Labels, classes?: number): ConfusionMatrix {
  const op = 'confusionMatrix';
  const n = countOf(predictions);
  if (n === 0) throw new Error(`${op}: no samples`);
  if (countOf(labels) !== n) throw new Error(`${op}: ${n} predictions but ${countOf(labels)} labels`);
  if (classes !== undefined) positiveInteger(op, 'classes', classes);
  const predicted = isMatrix(predictions) ? predictedLabels(predictions) : labelIndices(`${op} (predictions)`, predictions);
  const K =
    classes ??
    (isMatrix(predictions) && predictions.cols > 1
      ? predictions.cols
      : isMatrix(labels) && labels.cols > 1
        ? labels.cols
        : Math.max(largest(predicted), largest(labelIndices(op, labels))) + 1);
  const truth = labelIndices(op, labels, K);
  const counts = new Int32Array(K * K);
  for (let i = 0; i < n; i++) {
    if (predicted[i] >= K) throw new Error(`${op}: prediction ${i} is class ${predicted[i]}, expected an integer in [0, ${K})`);
    counts[truth[i] * K + predicted[i]]++;
  }
  return new ConfusionMatrix(K, counts);
}

/**
 * Mean absolute percentage error, as a fraction: mean over every entry of |ŷ − y| / |y|
 * (0.05 means 5 %). Chapter 10-checking uses it to compare the engine's outputs with a reference
 * framework's; a zero in the reference makes it undefined, which throws.
 */
export function mape(Yhat: Matrix | ArrayLike<number>, Y: Matrix | ArrayLike<number>): number {
  const a = isMatrix(Yhat) ? Yhat.data : Yhat;
  const e = isMatrix(Y) ? Y.data : Y;
  if (isMatrix(Yhat) && isMatrix(Y)) assertShape('mape', 'the reference Y', Y, Yhat.rows, Yhat.cols, 'the predictions Ŷ');
  if (a.length !== e.length) throw new Error(`mape: ${a.length} predictions but ${e.length} reference values`);
  if (a.length === 0) throw new Error('mape: no values');
  let total = 0;
  for (let i = 0; i < a.length; i++) {
    if (e[i] === 0) throw new Error(`mape: reference value ${i} is 0, where the percentage error is undefined`);
    total += Math.abs(a[i] - e[i]) / Math.abs(e[i]);
  }
  return total / a.length;
}
