/**
 * Checking a reader's answer: `check` and `checkGradient` of "mlp/notebook" (this module and
 * ./gradient do the work; notebook.ts only sends the verdict to the running cell).
 *
 * ## How an exercise uses it
 *
 * The exercise cell ends with a check of the reader's value against a reference the page computes
 * (the engine, or an independent route to the same number):
 *
 *     const Jlog = identity(4);                                   // the placeholder to replace
 *     check(Jlog, numericJacobian(logSoftmax, z), { name: "J_ℓ", equation: "7.5" });
 *
 * and the solution cell checks its own value the same way. A gradient or Jacobian *function* is
 * checked against central differences (and the engine's own function, when the chapter has one):
 *
 *     checkGradient(swishDerivative, Zswish, { of: (Z) => sum(swish(Z)) });
 *
 * Each call adds one output of kind 'check' to the cell: passed, with the largest error and the
 * tolerance, or failed, with a diagnosis in one sentence (./diagnose) and a link to the equation
 * that gives the right form (./equation). A failed check is an output, not an error: the run's
 * status stays 'ok', the reader's code, hint and solution stay as they are, and later cells still
 * run. Checks need nothing but the cell's own values, so they work offline in the worker, and a
 * diagnosis shows at most the few entries it talks about, never the whole reference.
 *
 * ## How the build and the tests verify the exercises
 *
 * The build runs every cell (src/plugins/remark-cells.ts), so each exercise's check runs twice: on
 * the placeholder the page ships and on the solution. Its verdicts are in the outputs
 * (`verdictsOf`): the build refuses a solution cell with a verdict that did not pass, and an
 * exercise (src/cells/exercises) whose cell checks nothing or whose placeholder passes its own
 * check. Deliberate mistakes live in the tests, not in the pages: tests/cells/exercise-mistakes.ts
 * lists, for each exercise, wrong versions of the exercise cell with the `mistake` code each must
 * get, and tests/cells/exercises.test.ts runs them after the page's earlier cells and snapshots
 * their sentences. Codes are the stable part (./mistakes); sentences may be reworded with the
 * snapshots updated in the same commit.
 */
import { rowSums, columnSums, type Matrix, type VecOrder } from '~/lib/matrix';
import type { EquationRef, Output } from '../types';
import { judge, type Facts, type Judgement, type KnownMistake, type Shape } from './diagnose';
import { parseEquation } from './equation';
import { validCounts } from './factors';
import type { Mistake } from './mistakes';
import { allClose, ANSWER_TOLERANCE, toleranceFrom, type Tolerance } from './tolerance';
import { toMatrix, toValue, type Value } from './values';
import { entryName, formatError, formatTolerance } from './wording';

export type Verdict = Extract<Output, { kind: 'check' }>;

/** The verdicts among a cell's outputs, in order (what the build and the tests read). */
export function verdictsOf(outputs: readonly Output[]): Verdict[] {
  return outputs.filter((o): o is Verdict => o.kind === 'check');
}

/** What every check accepts. */
export interface CommonCheckOptions {
  /** What the answer is, as the chapter writes it ("∂L/∂W", "the softmax Jacobian"); the default is "Your answer". */
  name?: string;
  /** The equation that gives the right form: "5.6" for one on this page, "/05-backpropagation/#eq-5.6" for another chapter's. */
  equation?: string;
  /** Relative tolerance per entry (default 1e-6 against an exact reference, 1e-5 against central differences). */
  rtol?: number;
  /** Absolute tolerance per entry (default 1e-9 against an exact reference, 1e-7 against central differences). */
  atol?: number;
  /** The counts the loss averages over, e.g. { M: 32 } or { M: 6, Q: 3 }, so a wrong factor can be named ("the 1/M is missing"). */
  meanOver?: Record<string, number>;
  /** The vec order of the reference's vectors and Jacobians (default "column-major", the engine's). */
  order?: VecOrder;
}

export interface CheckOptions extends CommonCheckOptions {
  /** The matrix the reference sums over one axis (a bias gradient's δ), so a sum over the other axis, or none, can be named. */
  sumOf?: Matrix;
  /**
   * The reference is vec of a matrix of this shape ([rows, cols]), or the Jacobian of vec(Y) by
   * vec(X) ({ output: Y's shape, input: X's shape }), so the other vec order can be named.
   */
  vec?: Shape | { output: Shape; input: Shape };
  /**
   * Wrong answers the exercise knows, computed by the page: { fromZ: …, fromA: …,
   * biasCorrectionFromZero: … } have sentences of their own; any other key is the sentence
   * ("W updated before δ was propagated").
   */
  mistakes?: Record<string, unknown>;
  /** For a list of answers (one gradient per parameter…): the name of each item. */
  names?: readonly string[];
}

export const DEFAULT_NAME = 'Your answer';

/** The known wrong answers with a sentence of their own. */
export const KNOWN_MISTAKES: Readonly<Record<string, { mistake: Mistake; says: string }>> = Object.freeze({
  fromZ: { mistake: 'from-z', says: 'looks computed from Z where A was needed: it is what the formula gives with the pre-activation Z in place of the activation A = f(Z)' },
  fromA: { mistake: 'from-a', says: 'looks computed from A where Z was needed: it is what the formula gives with the activation A = f(Z) in place of the pre-activation Z' },
  biasCorrectionFromZero: {
    mistake: 'bias-correction-from-zero',
    says: "looks like Adam's bias correction counted from t = 0: the moments are divided by 1 − βᵗ with t = 1 on the first step, where 1 − β⁰ would be 0",
  },
});

const MAX_NAME = 80;

export function nameFrom(options: { name?: unknown }, fallback: string, who: string): string {
  if (options.name === undefined) return fallback;
  if (typeof options.name !== 'string' || options.name.trim() === '' || options.name.length > MAX_NAME) {
    throw new Error(`${who}: name must be a short text (at most ${MAX_NAME} characters), got ${JSON.stringify(options.name)}`);
  }
  return options.name.trim();
}

export function orderFrom(order: unknown, who: string): VecOrder {
  if (order === undefined) return 'column-major';
  if (order === 'column-major' || order === 'row-major') return order;
  throw new Error(`${who}: order must be "column-major" or "row-major", got ${JSON.stringify(order)}`);
}

function shapeFrom(shape: unknown, who: string, what: string): Shape {
  if (Array.isArray(shape) && shape.length === 2 && shape.every((n) => Number.isInteger(n) && n >= 1)) return [shape[0], shape[1]];
  throw new Error(`${who}: ${what} must be a shape [rows, cols] of whole numbers ≥ 1, got ${JSON.stringify(shape)}`);
}

function vecFrom(vec: CheckOptions['vec'], reference: Value, who: string): Facts['vec'] {
  if (vec === undefined) return undefined;
  const r = reference.kind === 'matrix' ? reference.matrix : null;
  if (Array.isArray(vec)) {
    const output = shapeFrom(vec, who, 'vec');
    if (!r || (r.rows !== 1 && r.cols !== 1) || r.size !== output[0] * output[1]) {
      throw new Error(`${who}: vec [${output.join(', ')}] says the reference is a vector of ${output[0] * output[1]} entries, but it is not`);
    }
    return { output };
  }
  const { output, input } = (vec ?? {}) as { output?: unknown; input?: unknown };
  const out = shapeFrom(output, who, 'vec.output');
  const inp = shapeFrom(input, who, 'vec.input');
  if (!r || r.rows !== out[0] * out[1] || r.cols !== inp[0] * inp[1]) {
    throw new Error(`${who}: vec { output: [${out.join(', ')}], input: [${inp.join(', ')}] } says the reference is a ${out[0] * out[1]}×${inp[0] * inp[1]} Jacobian, but it is not`);
  }
  return { output: out, input: inp };
}

function knownFrom(mistakes: CheckOptions['mistakes'], who: string): KnownMistake[] {
  if (mistakes === undefined) return [];
  if (typeof mistakes !== 'object' || mistakes === null) throw new Error(`${who}: mistakes must be a record of wrong answers, got ${String(mistakes)}`);
  return Object.entries(mistakes).map(([key, wrong]) => {
    const converted = toValue(wrong);
    if (!converted.ok) throw new Error(`${who}: mistakes.${key} ${converted.problem}`);
    if (key.length > 160) throw new Error(`${who}: the sentence of a listed mistake must be at most 160 characters`);
    const sentence = KNOWN_MISTAKES[key] ?? { mistake: 'listed' as const, says: `looks like this mistake: ${key}` };
    return { ...sentence, value: converted.value };
  });
}

/** The summand option, refused unless the reference is the sum of it over one axis. */
function sumOfFrom(sumOf: unknown, reference: Value, tolerance: Tolerance, who: string) {
  if (sumOf === undefined) return undefined;
  const S = toMatrix(sumOf, who, 'sumOf');
  const r = reference.kind === 'matrix' ? reference.matrix : null;
  const isSum = (m: ReturnType<typeof columnSums>) => r !== null && m.rows === r.rows && m.cols === r.cols && allClose(r.data, m.data, tolerance);
  if (!isSum(columnSums(S)) && !isSum(rowSums(S))) {
    throw new Error(`${who}: sumOf is given, but the reference is neither its sum over the rows (1ᵀS) nor along each row (S1)`);
  }
  return S;
}

/** A verdict from a judgement: the diagnosis when failed, `passed(error)` as the message when not. */
export function verdictOf(judgement: Judgement, name: string, equation: EquationRef | undefined, passed: (error: number) => string): Verdict {
  if (judgement.passed) return { kind: 'check', passed: true, name, message: passed(judgement.error) };
  const failed: Verdict = { kind: 'check', passed: false, mistake: judgement.mistake, name, message: judgement.message };
  if (equation) failed.equation = equation;
  return failed;
}

/** The verdict on an answer that could not be compared at all. */
export function unusable(conversion: { mistake: 'unanswered' | 'not-a-value'; problem: string }, subject: string, name: string, equation?: EquationRef): Verdict {
  const message =
    conversion.mistake === 'unanswered'
      ? `${subject} ${conversion.problem}: the placeholder is not filled in yet; write your answer, then run the cell again.`
      : `${subject} ${conversion.problem}.`;
  return verdictOf({ passed: false, mistake: conversion.mistake, message }, name, equation, () => '');
}

/** "matches: the largest error is 2.2e-16, within 1e-9 + 1e-6·|expected| for every entry" */
export function matchSentence(error: number, tolerance: Tolerance): string {
  return `the largest error is ${formatError(error)}, within ${formatTolerance(tolerance)} for every entry`;
}

/** Checks `answer` against `reference`; the verdict says whether it passed and, if not, why. */
export function checkAnswer(answer: unknown, reference: unknown, options: CheckOptions = {}): Verdict {
  const who = 'check';
  if (typeof options !== 'object' || options === null) throw new Error(`${who}: the third argument must be an options record like { equation: "5.6" }`);
  const name = nameFrom(options, DEFAULT_NAME, who);
  const equation = options.equation === undefined ? undefined : parseEquation(options.equation, who);
  const expected = toValue(reference);
  if (!expected.ok) throw new Error(`${who}: the reference ${expected.problem}; the check itself needs fixing`);
  const tolerance = toleranceFrom(options, ANSWER_TOLERANCE, who);
  const facts: Facts = {
    tolerance,
    meanOver: validCounts(options.meanOver, who),
    sumOf: sumOfFrom(options.sumOf, expected.value, tolerance, who),
    vec: vecFrom(options.vec, expected.value, who),
    order: orderFrom(options.order, who),
    known: knownFrom(options.mistakes, who),
    entry: entryName,
  };
  const given = toValue(answer);
  if (!given.ok) return unusable(given, name, name, equation);
  const names = options.names;
  if (names !== undefined && !(Array.isArray(names) && names.every((n) => typeof n === 'string'))) throw new Error(`${who}: names must be a list of texts, one per item`);
  const judgement = judge(given.value, expected.value, name, facts, { names, defaultSubject: DEFAULT_NAME });
  return verdictOf(judgement, name, equation, (error) => `${name} matches: ${matchSentence(error, tolerance)}.`);
}
