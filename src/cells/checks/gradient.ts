/**
 * `checkGradient(gradient, at, { of })`: checks a reader's derivative *function* at a point against
 * central differences of `of` (the engine's numericGradient, chapter 10-checking), and against the
 * engine's own derivative when the chapter has one (`reference`). What is compared depends on `of`:
 *
 *   of: number → number, at a number or a list of numbers   the derivative at each point
 *   of: Matrix → number                                      the gradient, shaped like `at`
 *   of: Matrix → Matrix                                      the Jacobian ∂vec(of(X))/∂vec(X), in `order`
 *
 * The diagnosis is ./diagnose's, against the engine's function when given (exact, so the default
 * tolerance is the tight one) and else against the differences; for a Jacobian the check knows both
 * shapes, so it recognises the other vec order by itself.
 */
import { numericGradient } from '~/lib/gradcheck';
import { Matrix, shapeOf, vec, type VecOrder } from '~/lib/matrix';
import { matchSentence, nameFrom, orderFrom, unusable, verdictOf, type CommonCheckOptions, type Verdict } from './check';
import { judge, type Facts } from './diagnose';
import { parseEquation } from './equation';
import { validCounts } from './factors';
import { ANSWER_TOLERANCE, allClose, largestError, NUMERIC_TOLERANCE, toleranceFrom } from './tolerance';
import { toMatrix, toValue, type Value } from './values';
import { entryName, formatError, formatNumber } from './wording';

export interface GradientCheckOptions<X> extends CommonCheckOptions {
  /** The function whose derivative is checked. */
  of: (x: X) => number | Matrix;
  /** The engine's own derivative of `of`, when the chapter has one: the answer must match it too. */
  reference?: (x: X) => number | Matrix;
  /** The central-difference step h (default numericGradient's, 1e-6). */
  step?: number;
}

const WHO = 'checkGradient';

/** A result of `of` or `reference` as a number or a matrix, or the author's error. */
function outputOf(value: unknown, what: string): number | Matrix {
  if (typeof value === 'number') return value;
  return toMatrix(value, WHO, what);
}

/**
 * The Jacobian of f at x by central differences, one row per output entry, built from
 * numericGradient (the one owner of the step rule). Every row nudges the same entries in the same
 * order, so f runs only on the first row's pass and later rows read its recorded outputs.
 */
function numericJacobian(f: (x: Matrix) => Matrix, at: Matrix, order: VecOrder, step: number | undefined): Matrix {
  const outputs = vec(f(at.clone()), order).data.length;
  const x = at.clone();
  const recorded: Float64Array[] = [];
  const J = new Matrix(outputs, x.size);
  for (let k = 0; k < outputs; k++) {
    let call = 0;
    const [g] = numericGradient(() => {
      if (k === 0) {
        const y = vec(f(x.clone()), order).data;
        if (y.length !== outputs) throw new Error(`${WHO}: of returned ${y.length} values at a nudged point and ${outputs} at the point itself`);
        recorded.push(y);
      }
      return recorded[call++]![k]!;
    }, [x], step);
    J.data.set(vec(g!, order).data, k * x.size);
  }
  return J;
}

/** Values at the points, as a 1×n row. */
function rowOf(values: number[]): Matrix {
  return new Matrix(1, values.length, Float64Array.from(values));
}

interface Compared {
  answer: Value;
  numeric: Matrix;
  reference?: Matrix;
  facts: Pick<Facts, 'vec' | 'entry'>;
  /** The verdict's name, and the subject of its sentences (the name, and the point when there is one). */
  name: string;
  subject: string;
}

type Unusable = { unusable: { mistake: 'unanswered' | 'not-a-value'; problem: string }; name: string; subject: string };

/** Scalar mode: the reader's f′ at each point, against differences of f there. */
function atPoints(gradient: (x: number) => unknown, points: readonly number[], options: GradientCheckOptions<number>, given: string | undefined): Compared | Unusable {
  const where = (p: number) => `x = ${formatNumber(p)}`;
  const name = given ?? 'Your derivative';
  const subject = name + (points.length === 1 ? ` at ${where(points[0]!)}` : '');
  const answers: number[] = [];
  for (const p of points) {
    const value = gradient(p);
    const converted = toValue(value);
    const here = `${name} at ${where(p)}`;
    if (!converted.ok) return { unusable: converted, name, subject: here };
    if (converted.value.kind !== 'matrix' || converted.value.matrix.size !== 1) {
      return { unusable: { mistake: 'not-a-value', problem: 'is not a single number, where the derivative of a function of one number is expected' }, name, subject: here };
    }
    answers.push(converted.value.matrix.data[0]!);
  }
  const scalar = (f: (x: number) => unknown, x: number, what: string) => {
    const y = outputOf(f(x), what);
    if (typeof y === 'number') return y;
    if (y.size === 1) return y.data[0]!;
    throw new Error(`${WHO}: ${what} must return one number for a number, got a ${shapeOf(y)} matrix`);
  };
  const numeric = points.map((p) => {
    const x = new Matrix(1, 1, Float64Array.of(p));
    return numericGradient(() => scalar(options.of, x.data[0]!, 'of'), [x], options.step)[0]!.data[0]!;
  });
  const reference = options.reference ? rowOf(points.map((p) => scalar(options.reference!, p, 'reference'))) : undefined;
  return {
    answer: { kind: 'matrix', matrix: rowOf(answers), orientation: 'fixed' },
    numeric: rowOf(numeric),
    reference,
    facts: { entry: (m, k) => (m.size === 1 ? entryName(m, k) : where(points[k]!)) },
    name,
    subject,
  };
}

/** Matrix mode: the gradient (of a number) or the Jacobian (of a matrix) at the point X. */
function atMatrix(gradient: (x: Matrix) => unknown, X: Matrix, options: GradientCheckOptions<Matrix>, given: string | undefined, order: VecOrder): Compared | Unusable {
  const y = outputOf(options.of(X.clone()), 'of');
  const name = given ?? (typeof y === 'number' ? 'Your gradient' : 'Your Jacobian');
  const converted = toValue(gradient(X.clone()));
  if (!converted.ok) return { unusable: converted, name, subject: name };
  const nudged = X.clone();
  const scalarOf = (x: Matrix) => {
    const value = outputOf(options.of(x), 'of');
    if (typeof value !== 'number') throw new Error(`${WHO}: of returned a number at the point and a matrix at a nudged point`);
    return value;
  };
  const numeric =
    typeof y === 'number'
      ? numericGradient(() => scalarOf(nudged.clone()), [nudged], options.step)[0]!
      : numericJacobian((x) => toMatrix(options.of(x), WHO, 'of'), X, order, options.step);
  const reference = options.reference ? toMatrix(options.reference(X.clone()), WHO, 'what reference returns') : undefined;
  return {
    answer: converted.value,
    numeric,
    reference,
    facts: { entry: entryName, vec: typeof y === 'number' ? undefined : { output: [y.rows, y.cols], input: [X.rows, X.cols] } },
    name,
    subject: name,
  };
}

/** Checks a derivative function; see the module comment for what `of` decides. */
export function checkGradientOf<X extends number | Matrix>(gradient: unknown, at: X | readonly number[], options: GradientCheckOptions<X>): Verdict {
  if (typeof options !== 'object' || options === null || typeof options.of !== 'function') {
    throw new Error(`${WHO}: the third argument must name the function whose derivative is checked, e.g. { of: (z) => sum(f(z)) }`);
  }
  if (options.reference !== undefined && typeof options.reference !== 'function') throw new Error(`${WHO}: reference must be the engine's derivative function`);
  const name = options.name === undefined ? undefined : nameFrom(options, '', WHO);
  const equation = options.equation === undefined ? undefined : parseEquation(options.equation, WHO);
  const order = orderFrom(options.order, WHO);
  if (typeof gradient !== 'function') {
    const converted = toValue(gradient);
    const subject = name ?? 'Your derivative';
    if (!converted.ok && converted.mistake === 'unanswered') return unusable(converted, subject, subject, equation);
    return unusable({ mistake: 'not-a-value', problem: 'is not a function: pass the function itself, checkGradient(yourFunction, at, { of })' }, subject, subject, equation);
  }
  const points = typeof at === 'number' ? [at] : Array.isArray(at) && at.every((p) => typeof p === 'number') ? (at as number[]) : null;
  if (points !== null && points.length === 0) throw new Error(`${WHO}: at is an empty list of points`);
  const compared =
    points !== null
      ? atPoints(gradient as (x: number) => unknown, points, options as GradientCheckOptions<number>, name)
      : atMatrix(gradient as (x: Matrix) => unknown, toMatrix(at, WHO, 'at'), options as GradientCheckOptions<Matrix>, name, order);
  if ('unusable' in compared) return unusable(compared.unusable, compared.subject, compared.name, equation);

  const { answer, numeric, reference, subject } = compared;
  if (reference) {
    const agree = reference.rows === numeric.rows && reference.cols === numeric.cols && allClose(reference.data, numeric.data, NUMERIC_TOLERANCE);
    if (!agree) {
      const size = reference.size === numeric.size ? `largest difference ${formatError(largestError(reference.data, numeric.data))}` : `${shapeOf(reference)} against ${shapeOf(numeric)}`;
      throw new Error(`${WHO}: the reference function and central differences of \`of\` disagree (${size}); the check itself needs fixing (of, reference or order)`);
    }
  }
  const tolerance = toleranceFrom(options, reference ? ANSWER_TOLERANCE : NUMERIC_TOLERANCE, WHO);
  const facts: Facts = { tolerance, meanOver: validCounts(options.meanOver, WHO), order, known: [], ...compared.facts };
  const expected: Value = { kind: 'matrix', matrix: reference ?? numeric, orientation: 'fixed' };
  const judgement = judge(answer, expected, subject, facts, { defaultSubject: subject });
  return verdictOf(judgement, compared.name, equation, (error) => {
    if (!reference) return `${subject} matches central differences: ${matchSentence(error, tolerance)}.`;
    const againstNumeric = answer.kind === 'matrix' ? largestError(answer.matrix.data, numeric.data) : error;
    return `${subject} matches the engine's function (${matchSentence(error, tolerance)}) and central differences (largest error ${formatError(againstNumeric)}).`;
  });
}
