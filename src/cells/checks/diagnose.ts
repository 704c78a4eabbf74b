/**
 * Backprop-aware diagnosis: when an answer is not close to the reference, which mistake does it look
 * like? Every test compares numbers (never the reader's code) and either explains the difference in
 * one sentence or passes the question on. The tests run in a fixed order, most specific first, so
 * that the first explanation that is true is the one given:
 *
 *   1. known wrong answers listed by the exercise (computed from Z instead of A, Adam counted from 0…)
 *   2. shapes differ: transpose, a sum where none belongs, a sum not taken, the wrong sum axis,
 *      the right numbers in another shape (vec/unvec); else "shapes differ", naming both
 *   3. same shape: NaN or Infinity, all zeros, the sign, the transpose, a sum over the wrong axis
 *      (when the summand is known), the other vec order, the softmax Jacobian without −sᵀs, a
 *      named factor (1/M, 2) or another constant factor, a few wrong entries, and else the worst
 *      entry
 *
 * A test only claims what holds for every entry within the tolerance, so matrices that merely look
 * like a mistake are not misnamed: a symmetric reference has no "transpose" (its transpose is
 * itself, so an answer that matched it would have passed), a zero reference has no factor, a 1×1
 * answer has no "constant factor" unless the factor has a name, and a sign flip is not called a
 * factor of −1.
 */
import { Matrix, scale, shapeOf, sum, rowSums, columnSums, transpose, vec, type VecOrder } from '~/lib/matrix';
import { namedFactors } from './factors';
import type { Mistake } from './mistakes';
import { allClose, excess, type Tolerance } from './tolerance';
import { aligned, isVector, type Value } from './values';
import { count, formatError, formatFactor, formatNumber, gotExpected, type EntryNamer } from './wording';

export type Shape = readonly [rows: number, cols: number];

/** A wrong answer the exercise knows, with the sentence that explains it. */
export interface KnownMistake {
  mistake: Mistake;
  /** Completes "<subject> ___." */
  says: string;
  value: Value;
}

/** What a check knows about the quantity besides its right value. */
export interface Facts {
  tolerance: Tolerance;
  /** Counts the loss averages over, e.g. { M: 32 }: names the factor 1/M. */
  meanOver: Readonly<Record<string, number>>;
  /** The matrix the reference is a sum of (over its rows or its columns). */
  sumOf?: Matrix;
  /** The reference is vec of an `output`-shaped matrix, or the Jacobian of vec(output) by vec(input). */
  vec?: { output: Shape; input?: Shape };
  /** The vec order of the reference. */
  order: VecOrder;
  known: readonly KnownMistake[];
  entry: EntryNamer;
}

export interface Diagnosis {
  mistake: Mistake;
  message: string;
}

export type Judgement = { passed: true; error: number } | ({ passed: false } & Diagnosis);

interface Context {
  /** The answer and the reference, same orientation when one of them is a bare list. */
  a: Matrix;
  r: Matrix;
  /** The subject of every sentence: "Your answer", "∂L/∂W". */
  S: string;
  facts: Facts;
  close: (x: Matrix, y: Matrix) => boolean;
}

type Test = (c: Context) => Diagnosis | null;

const sameShape = (x: Matrix, y: Matrix) => x.rows === y.rows && x.cols === y.cols;

function closeWith(tolerance: Tolerance) {
  return (x: Matrix, y: Matrix) => sameShape(x, y) && allClose(x.data, y.data, tolerance);
}

/** The matrix with every entry equal to 0 within the absolute tolerance? */
function isZero(m: Matrix, tolerance: Tolerance): boolean {
  return m.data.every((x) => Math.abs(x) <= tolerance.atol);
}

function location(c: Context, m: Matrix, index: number): string {
  return c.facts.entry(m, index);
}

// ---------------------------------------------------------------------------------------------
// Shapes differ

const transposedShape: Test = (c) => {
  const { a, r, S } = c;
  if (a.rows !== r.cols || a.cols !== r.rows || !c.close(a, transpose(r))) return null;
  if (isVector(r)) {
    const want = r.rows === 1 ? `a ${shapeOf(r)} row` : `a ${shapeOf(r)} column`;
    const got = a.rows === 1 ? `a ${shapeOf(a)} row` : `a ${shapeOf(a)} column`;
    return { mistake: 'transpose', message: `${S} has the right numbers as ${got} where ${want} is expected: it is the transpose of the right answer.` };
  }
  return { mistake: 'transpose', message: `${S} is the transpose of the right answer: it is ${shapeOf(a)} where ${shapeOf(r)} is expected.` };
};

/** Sums of the answer or the reference that explain a shape difference. */
const sums: Test = (c) => {
  const { a, r, S, close } = c;
  const S1 = c.facts.sumOf;
  if (S1) {
    const overSamples = columnSums(S1); // 1ᵀS: one total per column, summed over the rows (the samples)
    const alongRows = rowSums(S1); // S1: one total per row
    const wanted = close(r, overSamples) ? 'samples' : close(r, alongRows) ? 'rows' : null;
    if (wanted === 'samples' && (close(a, alongRows) || close(a, transpose(alongRows)))) {
      return {
        mistake: 'wrong-axis',
        message: `${S} is summed over the wrong axis: it adds up each row (${shapeOf(a)}) where the sum over the samples, down each column (1ᵀ·, ${shapeOf(r)}), is expected.`,
      };
    }
    if (wanted === 'rows' && (close(a, overSamples) || close(a, transpose(overSamples)))) {
      return {
        mistake: 'wrong-axis',
        message: `${S} is summed over the wrong axis: it adds up each column, over the samples (${shapeOf(a)}), where the sum along each row (·1, ${shapeOf(r)}) is expected.`,
      };
    }
    if (wanted !== null && close(a, S1)) {
      return { mistake: 'not-summed', message: `${S} is not summed yet: it has all ${count(a.size, 'term')} (${shapeOf(a)}) where their sum${wanted === 'samples' ? ' over the samples' : ' along each row'} (${shapeOf(r)}) is expected.` };
    }
    if (wanted !== null && a.size === 1 && close(a, new Matrix(1, 1, Float64Array.of(sum(S1))))) {
      return { mistake: 'summed', message: `${S} is summed over both axes: one number where the ${shapeOf(r)} sum${wanted === 'samples' ? ' over the samples' : ' along each row'} is expected.` };
    }
  }
  // Without the summand, compare sums of whichever side has more rows or columns.
  if (r.rows > 1 && a.rows === 1 && a.cols === r.cols && close(a, columnSums(r))) {
    return { mistake: 'summed', message: `${S} is summed over the samples (the rows) where no sum belongs: it is ${shapeOf(a)} where one row per sample, ${shapeOf(r)}, is expected.` };
  }
  if (r.cols > 1 && a.cols === 1 && a.rows === r.rows && close(a, rowSums(r))) {
    return { mistake: 'summed', message: `${S} is summed along each row where no sum belongs: it is ${shapeOf(a)} where ${shapeOf(r)} is expected.` };
  }
  if (r.size > 1 && a.size === 1 && close(a, new Matrix(1, 1, Float64Array.of(sum(r))))) {
    return { mistake: 'summed', message: `${S} is the sum of all the entries, one number, where the whole ${shapeOf(r)} matrix is expected.` };
  }
  if (a.rows > 1 && r.rows === 1 && a.cols === r.cols && close(columnSums(a), r)) {
    return { mistake: 'not-summed', message: `${S} has one row per sample (${shapeOf(a)}) where their sum over the samples, ${shapeOf(r)}, is expected: its column sums are right.` };
  }
  if (a.cols > 1 && r.cols === 1 && a.rows === r.rows && close(rowSums(a), r)) {
    return { mistake: 'not-summed', message: `${S} is ${shapeOf(a)} where the sum along each row, ${shapeOf(r)}, is expected: its row sums are right.` };
  }
  if (a.size > 1 && r.size === 1 && close(new Matrix(1, 1, Float64Array.of(sum(a))), r)) {
    return { mistake: 'not-summed', message: `${S} has all ${count(a.size, 'term')} (${shapeOf(a)}) where their sum, one number, is expected.` };
  }
  return null;
};

/** The right numbers in another shape: a vec where a matrix belongs, or the reverse. */
const reshaped: Test = (c) => {
  const { a, r, S } = c;
  if (a.size !== r.size) return null;
  const same = (x: Float64Array, y: Float64Array) => allClose(x, y, c.facts.tolerance);
  // A vector's entries read the same in either order, so the order named is the matrix's.
  if (isVector(a) && !isVector(r)) {
    const order = same(a.data, vec(r, 'column-major').data) ? '' : same(a.data, r.data) ? ', "row-major"' : null;
    if (order === null) return null;
    return { mistake: 'reshaped', message: `${S} has the right numbers as a ${shapeOf(a)} vector where the ${shapeOf(r)} matrix is expected: fold it with unvec(…, ${r.rows}, ${r.cols}${order}).` };
  }
  if (isVector(r) && !isVector(a)) {
    const order = same(r.data, vec(a, 'column-major').data) ? '' : same(r.data, a.data) ? ', "row-major"' : null;
    if (order === null) return null;
    return { mistake: 'reshaped', message: `${S} is a ${shapeOf(a)} matrix where its vec, a ${shapeOf(r)} vector, is expected: stack it with vec(…${order}).` };
  }
  if (!same(a.data, r.data) && !same(vec(a, 'column-major').data, vec(r, 'column-major').data)) return null;
  return { mistake: 'reshaped', message: `${S} has the right numbers in a ${shapeOf(a)} shape where ${shapeOf(r)} is expected.` };
};

const otherShape: Test = (c) => {
  const { a, r, S } = c;
  const note = a.rows === r.cols && a.cols === r.rows ? ' (the shape of its transpose, but not its values)' : '';
  return { mistake: 'shape', message: `${S} is ${shapeOf(a)}, but the right answer is ${shapeOf(r)}${note}.` };
};

// ---------------------------------------------------------------------------------------------
// Same shape

const notFinite: Test = (c) => {
  const { a, r, S } = c;
  const bad: number[] = [];
  for (let k = 0; k < a.size; k++) if (!Number.isFinite(a.data[k]) && Number.isFinite(r.data[k])) bad.push(k);
  if (bad.length === 0) return null;
  const first = a.data[bad[0]!]!;
  const what = Number.isNaN(first) ? 'NaN' : first > 0 ? 'Infinity' : '−Infinity';
  const more = bad.length > 1 ? ` and ${count(bad.length - 1, 'more entry', 'more entries')} like it` : '';
  const cause = Number.isNaN(first)
    ? 'NaN comes from 0/0, ∞ − ∞, 0·∞ or the log or square root of a negative number'
    : 'an infinity comes from an overflow, such as exp of a large number, or a division by 0';
  const at = a.size === 1 ? '' : ` at ${location(c, a, bad[0]!)}${more}`;
  return { mistake: 'not-finite', message: `${S} has ${what}${at} where a finite value is expected: ${cause}.` };
};

const zeros: Test = (c) => {
  const { a, r, S } = c;
  if (!a.data.every((x) => x === 0) || isZero(r, c.facts.tolerance)) return null;
  const what = a.size === 1 ? 'is 0' : 'is all zeros';
  return { mistake: 'zeros', message: `${S} ${what}, and the right answer is not: if this is still the placeholder, replace it with your computation.` };
};

const sign: Test = (c) => {
  const { a, r, S, close } = c;
  if (!close(a, scale(r, -1))) return null;
  const square = r.rows === r.cols && r.rows > 1;
  const antisymmetric = square && close(r, scale(transpose(r), -1));
  const also = antisymmetric ? ' (for this antisymmetric matrix that is also its transpose)' : '';
  const every = a.size === 1 ? 'it is the negative of the right value' : 'every entry is the negative of the right one';
  return { mistake: 'sign', message: `${S} has the wrong sign: ${every}${also}.` };
};

const transposed: Test = (c) => {
  const { a, r, S, close } = c;
  if (a.rows !== a.cols || a.rows < 2 || !close(a, transpose(r))) return null;
  return { mistake: 'transpose', message: `${S} is the transpose of the right answer: its rows are the right answer's columns.` };
};

/**
 * For an r×c matrix, where each entry's index in `order` lands in the other order: the commutation
 * permutation, read off `vec` itself so that vec stays the one owner of both orders.
 */
function otherOrderIndex(shape: Shape, order: VecOrder): Int32Array {
  const [rows, cols] = shape;
  const positions = new Matrix(rows, cols, Float64Array.from({ length: rows * cols }, (_, k) => k));
  const inOrder = vec(positions, order).data;
  const inOther = vec(positions, order === 'column-major' ? 'row-major' : 'column-major').data;
  // inOrder[k] is the row-major position of the k-th entry in `order`; find it in the other order.
  const whereOther = new Int32Array(rows * cols);
  inOther.forEach((p, k) => (whereOther[p] = k));
  return Int32Array.from(inOrder, (p) => whereOther[p]!);
}

/** The matrix whose rows (and/or columns) are moved from `order` to the other vec order. */
function permuted(m: Matrix, rowMap: Int32Array | null, colMap: Int32Array | null): Matrix {
  const out = new Matrix(m.rows, m.cols);
  for (let i = 0; i < m.rows; i++) {
    const pi = rowMap ? rowMap[i]! : i;
    for (let j = 0; j < m.cols; j++) out.data[pi * m.cols + (colMap ? colMap[j]! : j)] = m.data[i * m.cols + j];
  }
  return out;
}

const vecOrder: Test = (c) => {
  const { a, r, S, close, facts } = c;
  const other = facts.order === 'column-major' ? 'row by row (row-major)' : 'column by column (column-major)';
  const expected = facts.order === 'column-major' ? 'column by column (vec, column-major)' : 'row by row (row-major)';
  const stated = facts.vec;
  if (stated) {
    const outSize = stated.output[0] * stated.output[1];
    if (!stated.input && isVector(r) && r.size === outSize) {
      const map = otherOrderIndex(stated.output, facts.order);
      const moved = r.rows === 1 ? permuted(r, null, map) : permuted(r, map, null);
      if (close(a, moved)) {
        return { mistake: 'vec-order', message: `${S} is the right vector in the other vec order: the ${stated.output.join('×')} matrix is stacked ${other} where ${expected} is expected.` };
      }
    }
    if (stated.input && r.rows === outSize && r.cols === stated.input[0] * stated.input[1]) {
      const rowMap = otherOrderIndex(stated.output, facts.order);
      const colMap = otherOrderIndex(stated.input, facts.order);
      const which = close(a, permuted(r, rowMap, colMap)) ? 'both its rows and its columns' : close(a, permuted(r, rowMap, null)) ? 'its rows (the output’s vec)' : close(a, permuted(r, null, colMap)) ? 'its columns (the input’s vec)' : null;
      if (which) return { mistake: 'vec-order', message: `${S} is the right Jacobian with ${which} in the other vec order: stacked ${other} where ${expected} is expected.` };
    }
  }
  // A non-square matrix filled with the right numbers read in the other order (an unvec/vec mix-up).
  if (!isVector(a) && a.rows !== a.cols) {
    const colsOfR = vec(r, 'column-major').data;
    const colsOfA = vec(a, 'column-major').data;
    if (allClose(a.data, colsOfR, facts.tolerance) || allClose(colsOfA, r.data, facts.tolerance)) {
      return { mistake: 'vec-order', message: `${S} has the right numbers in the wrong places: read column by column and written row by row (or the reverse), as when vec and unvec use different orders.` };
    }
  }
  return null;
};

/** diag(s) in place of diag(s) − sᵀs (eq. 7.6), for one sample or a block-diagonal batch in either vec order. */
const softmaxOuterTerm: Test = (c) => {
  const { a, r, S, facts } = c;
  if (a.rows !== a.cols || a.rows < 2) return null;
  const n = a.rows;
  const d = Float64Array.from({ length: n }, (_, k) => a.data[k * n + k]!);
  let offDiagonal = false;
  for (let k = 0; k < n; k++) {
    for (let l = 0; l < n; l++) {
      const diff = a.data[k * n + l]! - r.data[k * n + l]!;
      const outer = d[k]! * d[l]!;
      if (k === l) {
        if (excess(diff, outer, facts.tolerance) > 1) return null;
      } else {
        if (Math.abs(a.data[k * n + l]!) > facts.tolerance.atol) return null; // the answer must be diagonal
        const inBlock = excess(diff, outer, facts.tolerance) <= 1;
        if (!inBlock && Math.abs(diff) > facts.tolerance.atol) return null;
        if (inBlock && Math.abs(outer) > facts.tolerance.atol) offDiagonal = true;
      }
    }
  }
  if (!offDiagonal) return null;
  return { mistake: 'softmax-outer-term', message: `${S} is diag(s) alone: the softmax Jacobian also has the term −sᵀs, so that its off-diagonal entries are −sᵢsⱼ.` };
};

function timesPhrase(f: number): string {
  if (f === 0.5) return 'half the right answer';
  if (f === 2) return 'twice the right answer';
  const text = formatFactor(f);
  return text.startsWith('1/') || text.startsWith('−1/') ? `${text} of the right answer` : `${text} times the right answer`;
}

const factor: Test = (c) => {
  const { a, r, S, close, facts } = c;
  const significant = r.data.reduce((n, x) => n + (Math.abs(x) > facts.tolerance.atol ? 1 : 0), 0);
  if (significant === 0) return null;
  for (const named of namedFactors(facts.meanOver)) {
    for (const s of [1, -1]) {
      if (!close(a, scale(r, s * named.value))) continue;
      const flipped = s < 0 ? 'the sign is flipped, and ' : '';
      return { mistake: named.mistake, message: `${S} is ${timesPhrase(s * named.value)}: ${flipped}${named.cause}.` };
    }
  }
  // An unnamed factor is only a pattern when at least two entries share it.
  if (significant < 2) return null;
  let ar = 0;
  let rr = 0;
  for (let k = 0; k < r.size; k++) {
    ar += a.data[k]! * r.data[k]!;
    rr += r.data[k]! * r.data[k]!;
  }
  const lambda = ar / rr;
  if (!Number.isFinite(lambda) || lambda === 0 || !close(a, scale(r, lambda))) return null;
  return { mistake: 'factor', message: `${S} is ${timesPhrase(lambda)}: every entry is off by the same constant factor ${formatFactor(lambda)}.` };
};

/** Indices of the entries that are not close, in order. */
function wrongEntries(c: Context): number[] {
  const wrong: number[] = [];
  for (let k = 0; k < c.a.size; k++) if (excess(c.a.data[k]!, c.r.data[k]!, c.facts.tolerance) > 1) wrong.push(k);
  return wrong;
}

/** At most this many wrong entries are listed, and only while they are fewer than the right ones. */
const FEW = 3;

const fewEntries: Test = (c) => {
  const wrong = wrongEntries(c);
  if (wrong.length === 0 || wrong.length > FEW || 2 * wrong.length >= c.a.size) return null;
  const items = wrong.map((k) => `${location(c, c.a, k)}: ${gotExpected(c.a.data[k]!, c.r.data[k]!)}`);
  const lead = wrong.length === 1 ? `at ${items[0]}` : `at ${count(wrong.length, 'entry')}: ${items.join('; ')}`;
  return { mistake: 'few-entries', message: `${c.S} is right except ${lead}.` };
};

const worstEntry: Test = (c) => {
  const { a, r, S } = c;
  const wrong = wrongEntries(c);
  let worst = wrong[0] ?? 0;
  for (const k of wrong) if (excess(a.data[k]!, r.data[k]!, c.facts.tolerance) > excess(a.data[worst]!, r.data[worst]!, c.facts.tolerance)) worst = k;
  const got = a.data[worst]!;
  const expected = r.data[worst]!;
  const size = expected === 0 ? `absolute error ${formatError(Math.abs(got - expected))}` : `relative error ${formatError(Math.abs(got - expected) / Math.abs(expected))}`;
  if (a.size === 1) return { mistake: 'worst-entry', message: `${S} is ${formatNumber(got)}, but the right value is ${formatNumber(expected)} (${size}).` };
  return {
    mistake: 'worst-entry',
    message: `${S} is furthest off at ${location(c, a, worst)}: ${gotExpected(got, expected)} (${size}); ${wrong.length} of ${a.size} entries differ.`,
  };
};

/** The diagnoses in the order they are tried (see the module comment for why this order). */
export const DIFFERENT_SHAPES: readonly Test[] = [transposedShape, sums, reshaped, otherShape];
export const SAME_SHAPE: readonly Test[] = [notFinite, zeros, sign, transposed, sums, vecOrder, softmaxOuterTerm, factor, fewEntries, worstEntry];

// ---------------------------------------------------------------------------------------------
// Values and parts

/** Are two values (matrices or parts) equal within the tolerance? */
export function valuesClose(answer: Value, reference: Value, tolerance: Tolerance): boolean {
  if (answer.kind === 'matrix' && reference.kind === 'matrix') {
    const [a, r] = aligned(answer, reference);
    return closeWith(tolerance)(a, r);
  }
  if (answer.kind !== 'parts' || reference.kind !== 'parts') return false;
  return reference.parts.every(({ key, value }) => {
    const match = answer.parts.find((p) => p.key === key);
    return match !== undefined && valuesClose(match.value, value, tolerance);
  }) && (answer.keyed || answer.parts.length === reference.parts.length);
}

function largestErrorOf(answer: Value, reference: Value): number {
  if (answer.kind === 'matrix' && reference.kind === 'matrix') {
    const [a, r] = aligned(answer, reference);
    let largest = 0;
    for (let k = 0; k < r.size; k++) {
      const x = a.data[k]!;
      const y = r.data[k]!;
      if (x === y || (Number.isNaN(x) && Number.isNaN(y))) continue;
      largest = Math.max(largest, Math.abs(x - y));
    }
    return largest;
  }
  if (answer.kind !== 'parts' || reference.kind !== 'parts') return Infinity;
  return Math.max(0, ...reference.parts.map(({ key, value }) => largestErrorOf(answer.parts.find((p) => p.key === key)!.value, value)));
}

/** The subject for one part of a list or record answer. */
function partSubject(subject: string, key: string, keyed: boolean, names: readonly string[] | undefined, defaultSubject: string): string {
  const index = Number(key);
  if (!keyed && names?.[index] !== undefined) return names[index]!;
  const owner = subject === defaultSubject ? subject.charAt(0).toLowerCase() + subject.slice(1) : subject;
  return keyed ? `${key} of ${owner}` : `Item ${index} of ${owner}`;
}

export interface JudgeOptions {
  /** Names of a list's items, in order. */
  names?: readonly string[];
  /** The subject used when the check was given no name (lower-cased inside "Item 2 of your answer"). */
  defaultSubject: string;
}

/**
 * The verdict's substance: passed with the largest error, or the first diagnosis that explains the
 * difference. `subject` starts every sentence.
 */
export function judge(answer: Value, reference: Value, subject: string, facts: Facts, options: JudgeOptions): Judgement {
  if (valuesClose(answer, reference, facts.tolerance)) return { passed: true, error: largestErrorOf(answer, reference) };
  for (const known of facts.known) {
    if (valuesClose(answer, known.value, facts.tolerance) && !valuesClose(known.value, reference, facts.tolerance)) {
      return { passed: false, mistake: known.mistake, message: `${subject} ${known.says}.` };
    }
  }
  if (reference.kind === 'parts' || answer.kind === 'parts') return judgeParts(answer, reference, subject, facts, options);
  const [a, r] = aligned(answer, reference);
  const context: Context = { a, r, S: subject, facts, close: closeWith(facts.tolerance) };
  for (const test of sameShape(a, r) ? SAME_SHAPE : DIFFERENT_SHAPES) {
    const diagnosis = test(context);
    if (diagnosis) return { passed: false, ...diagnosis };
  }
  // worstEntry and otherShape always answer; this is unreachable.
  throw new Error('judge: no diagnosis applied');
}

function describeParts(v: Value): string {
  if (v.kind === 'matrix') return `a single ${shapeOf(v.matrix)} value`;
  return v.keyed ? `a record of ${count(v.parts.length, 'part')}` : `a list of ${count(v.parts.length, 'item')}`;
}

function judgeParts(answer: Value, reference: Value, subject: string, facts: Facts, options: JudgeOptions): Judgement {
  if (answer.kind !== 'parts' || reference.kind !== 'parts' || (!reference.keyed && answer.keyed)) {
    return { passed: false, mistake: 'missing-part', message: `${subject} is ${describeParts(answer)} where ${describeParts(reference)} is expected.` };
  }
  if (!reference.keyed && answer.parts.length !== reference.parts.length) {
    return { passed: false, mistake: 'missing-part', message: `${subject} has ${count(answer.parts.length, 'item')} where ${reference.parts.length} are expected.` };
  }
  const missing = reference.parts.filter(({ key }) => !answer.parts.some((p) => p.key === key)).map(({ key }) => key);
  if (missing.length > 0) {
    return { passed: false, mistake: 'missing-part', message: `${subject} has no ${missing.join(', ')} (expected ${reference.parts.map((p) => p.key).join(', ')}).` };
  }
  // Facts about one matrix (its summand, its vec shape, its known wrong values) do not carry over to parts.
  const partFacts: Facts = { ...facts, sumOf: undefined, vec: undefined, known: [] };
  for (const { key, value } of reference.parts) {
    const mine = answer.parts.find((p) => p.key === key)!.value;
    const judgement = judge(mine, value, partSubject(subject, key, reference.keyed, options.names, options.defaultSubject), partFacts, options);
    if (!judgement.passed) return judgement;
  }
  return { passed: true, error: largestErrorOf(answer, reference) };
}

