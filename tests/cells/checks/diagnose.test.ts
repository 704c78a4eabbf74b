/**
 * Every diagnosis of `check`, each shown by an answer built to make that mistake with the quantities
 * of a small network (X, W, δ, the softmax Jacobian, an Adam step…), and the matrices that only look
 * like a mistake. Each case asserts its mistake code; the sentences are in a snapshot file, so a
 * change of wording shows as a diff of sentences.
 */
import { describe, expect, it } from 'vitest';
import { checkAnswer, type CheckOptions } from '~/cells/checks/check';
import type { Mistake } from '~/cells/checks/mistakes';
import {
  adam,
  createRng,
  denseJacobians,
  fromArray,
  fromFunction,
  identity,
  map,
  Matrix,
  matmul,
  rowVector,
  scale,
  softmax,
  softmaxJacobian,
  rowSums,
  columnSums,
  transpose,
  vec,
  zeros,
} from '~/lib/index';

const rng = createRng(10);
const random = (rows: number, cols: number) => fromFunction(rows, cols, () => Math.round(rng.normal(0, 1) * 1000) / 1000);

// One dense layer of a batch of M = 4 samples, N = 3 inputs, Q = 2 units.
const X = random(4, 3);
const W = random(3, 2);
const Z = matmul(X, W);
const A = map(Z, Math.tanh);
const delta = random(4, 2); // δ = ∂L/∂Z
const dW = matmul(transpose(X), delta); // (5.5) Xᵀδ, 3×2
const db = columnSums(delta); // (5.6) 1ᵀδ, 1×2
const dX = matmul(delta, transpose(W)); // (5.7) δWᵀ, 4×3
const s = softmax.forward(rowVector([2, 1, 0.1, -1]));
const J = softmaxJacobian(s); // (7.6), symmetric
const diagS = map(identity(4), (x, i) => x * s.get(0, i));
const square = random(2, 2);

/** One Adam step per gradient from θ = 0, with the bias correction counted from `first` (1 is right). */
function adamByHand(grads: number[], first: number, lr = 0.1, b1 = 0.9, b2 = 0.999, eps = 1e-8): number {
  let theta = 0;
  let m = 0;
  let v = 0;
  grads.forEach((g, k) => {
    const t = first + k;
    m = b1 * m + (1 - b1) * g;
    v = b2 * v + (1 - b2) * g * g;
    theta -= (lr * (m / (1 - b1 ** t))) / (Math.sqrt(v / (1 - b2 ** t)) + eps);
  });
  return theta;
}
function adamByEngine(grads: number[]): number {
  const theta = zeros(1, 1);
  const optimizer = adam({ lr: 0.1 });
  for (const g of grads) optimizer.step([theta], [fromArray([[g]])]);
  return theta.data[0]!;
}

interface Case {
  title: string;
  answer: unknown;
  reference: unknown;
  options?: CheckOptions;
  /** The mistake the diagnosis must name (undefined: the answer passes). */
  mistake: Mistake | undefined;
}

const withEntry = (m: Matrix, entries: [number, number, number][]) => {
  const out = m.clone();
  for (const [i, j, v] of entries) out.set(i, j, v);
  return out;
};

const mistakes: Case[] = [
  { title: 'the right answer', answer: dW.clone(), reference: dW, options: { name: '∂L/∂W', equation: '5.5' }, mistake: undefined },
  { title: 'rounding-level differences pass', answer: map(dW, (x) => x * (1 + 1e-12)), reference: dW, mistake: undefined },
  { title: 'a plain list against a column', answer: [1, 2, 3], reference: transpose(rowVector([1, 2, 3])), mistake: undefined },
  { title: 'undefined: the placeholder', answer: undefined, reference: dW, mistake: 'unanswered' },
  { title: 'null', answer: null, reference: dW, mistake: 'unanswered' },
  { title: 'an empty list', answer: [], reference: dW, mistake: 'unanswered' },
  { title: 'a 0×0 matrix', answer: new Matrix(0, 0), reference: dW, mistake: 'unanswered' },
  { title: 'a function instead of its value', answer: (x: number) => x, reference: dW, mistake: 'not-a-value' },
  { title: 'a Promise', answer: Promise.resolve(1), reference: 1, mistake: 'not-a-value' },
  { title: 'a number in quotes', answer: '0.5', reference: 0.5, mistake: 'not-a-value' },
  { title: 'a ragged list of rows', answer: [[1, 2], [3]], reference: fromArray([[1, 2], [3, 4]]), mistake: 'not-a-value' },
  { title: 'a string inside a row', answer: [[1, 'two']], reference: rowVector([1, 2]), mistake: 'not-a-value' },
  { title: 'NaN from 0/0', answer: withEntry(dW, [[1, 0, Number.NaN]]), reference: dW, mistake: 'not-finite' },
  { title: 'Infinity from an overflow', answer: map(dW, (x) => Math.exp(1000 * x)), reference: dW, mistake: 'not-finite' },
  { title: 'δXᵀ-like shape, other numbers', answer: random(2, 3), reference: dW, mistake: 'shape' },
  { title: 'a 3×3 where 3×2 is expected', answer: random(3, 3), reference: dW, mistake: 'shape' },
  { title: 'δᵀX: the transpose of Xᵀδ', answer: matmul(transpose(delta), X), reference: dW, options: { name: '∂L/∂W', equation: '5.5' }, mistake: 'transpose' },
  { title: 'a column bias where a row is expected', answer: transpose(db), reference: db, options: { name: '∂L/∂b' }, mistake: 'transpose' },
  { title: 'a square matrix transposed', answer: transpose(square), reference: square, mistake: 'transpose' },
  { title: 'vec where the matrix is expected', answer: vec(dW), reference: dW, mistake: 'reshaped' },
  { title: 'vec_r where the matrix is expected', answer: vec(dW, 'row-major'), reference: dW, mistake: 'reshaped' },
  { title: 'the matrix where its vec is expected', answer: dW, reference: vec(dW), mistake: 'reshaped' },
  { title: 'a vector in the other vec order', answer: vec(dW, 'row-major'), reference: vec(dW), options: { vec: [3, 2] }, mistake: 'vec-order' },
  {
    title: 'a Jacobian in the other vec order',
    answer: denseJacobians(X, W, 'row-major').dZdX,
    reference: denseJacobians(X, W).dZdX,
    options: { vec: { output: [4, 2], input: [4, 3] } },
    mistake: 'vec-order',
  },
  {
    title: 'a Jacobian with only its rows in the other order',
    answer: matmul(commutation(4, 2), denseJacobians(X, W).dZdX),
    reference: denseJacobians(X, W).dZdX,
    options: { vec: { output: [4, 2], input: [4, 3] } },
    mistake: 'vec-order',
  },
  { title: 'folded by rows what vec stacked by columns', answer: new Matrix(3, 2, vec(dW).data), reference: dW, mistake: 'vec-order' },
  { title: 'δ1 (each sample summed) for 1ᵀδ', answer: rowSums(delta), reference: db, options: { name: '∂L/∂b', equation: '5.6', sumOf: delta }, mistake: 'wrong-axis' },
  { title: '(δ1)ᵀ, a 1×M row, for 1ᵀδ', answer: transpose(rowSums(delta)), reference: db, options: { name: '∂L/∂b', sumOf: delta }, mistake: 'wrong-axis' },
  { title: 'δ itself for 1ᵀδ', answer: delta, reference: db, options: { name: '∂L/∂b', sumOf: delta }, mistake: 'not-summed' },
  { title: 'the sum of every entry of δ', answer: columnSums(rowSums(delta)).data[0], reference: db, options: { sumOf: delta }, mistake: 'summed' },
  { title: '1ᵀδ where δ is expected', answer: columnSums(delta), reference: delta, options: { name: 'δ' }, mistake: 'summed' },
  { title: 'row sums where the matrix is expected', answer: rowSums(dX), reference: dX, mistake: 'summed' },
  { title: 'a total where the matrix is expected', answer: columnSums(rowSums(dX)).data[0], reference: dX, mistake: 'summed' },
  { title: 'one row per sample, without sumOf', answer: delta, reference: db, mistake: 'not-summed' },
  { title: 'all zeros: the placeholder zeros(3, 2)', answer: zeros(3, 2), reference: dW, mistake: 'zeros' },
  { title: 'the sign flipped', answer: scale(dW, -1), reference: dW, mistake: 'sign' },
  { title: '1/M missing', answer: scale(dW, 4), reference: dW, options: { meanOver: { M: 4 } }, mistake: 'mean-missing' },
  { title: '1/M applied twice', answer: scale(dW, 1 / 4), reference: dW, options: { meanOver: { M: 4 } }, mistake: 'mean-twice' },
  { title: 'MSE over M·Q: both counts missing', answer: scale(dW, 8), reference: dW, options: { meanOver: { M: 4, Q: 2 } }, mistake: 'mean-missing' },
  { title: 'the 2 of the square missing', answer: scale(dW, 0.5), reference: dW, mistake: 'two-missing' },
  { title: 'a 2 too many', answer: scale(dW, 2), reference: dW, mistake: 'factor' },
  { title: 'both the 2 and the 1/M missing', answer: scale(dW, 3), reference: dW, options: { meanOver: { M: 6 } }, mistake: 'mean-missing' },
  { title: 'sign flipped and 1/M missing', answer: scale(dW, -4), reference: dW, options: { meanOver: { M: 4 } }, mistake: 'mean-missing' },
  { title: 'another constant factor', answer: scale(dW, 3.7), reference: dW, mistake: 'factor' },
  { title: 'a factor just above 1', answer: scale(dW, 1.0001), reference: dW, mistake: 'factor' },
  { title: 'diag(s) for the softmax Jacobian', answer: diagS, reference: J, options: { name: 'J', equation: '7.6' }, mistake: 'softmax-outer-term' },
  {
    title: 'diag(vec S) for a batch softmax Jacobian',
    answer: map(identity(6), (x, i) => x * vec(softmax.forward(fromArray([[1, 2, 3], [0, -1, 0.5]]))).data[i]!),
    reference: softmax.jacobian(fromArray([[1, 2, 3], [0, -1, 0.5]])),
    mistake: 'softmax-outer-term',
  },
  {
    title: 'Zᵀδ where Aᵀδ is expected (the exercise lists it)',
    answer: matmul(transpose(Z), delta),
    reference: matmul(transpose(A), delta),
    options: { name: '∂L/∂W²', mistakes: { fromZ: matmul(transpose(Z), delta) } },
    mistake: 'from-z',
  },
  {
    title: "tanh'(A) where tanh'(Z) is expected",
    answer: map(A, (a) => 1 - Math.tanh(a) ** 2),
    reference: map(Z, (z) => 1 - Math.tanh(z) ** 2),
    options: { mistakes: { fromA: map(A, (a) => 1 - Math.tanh(a) ** 2) } },
    mistake: 'from-a',
  },
  {
    title: 'Adam counted from t = 0, three steps (NaN from the first on)',
    answer: adamByHand([0.5, -0.2, 0.3], 0),
    reference: adamByEngine([0.5, -0.2, 0.3]),
    options: { mistakes: { biasCorrectionFromZero: adamByHand([0.5, -0.2, 0.3], 0) } },
    mistake: 'bias-correction-from-zero',
  },
  {
    title: 'Adam counted from t = 0, first step (a NaN)',
    answer: adamByHand([0.5], 0),
    reference: adamByEngine([0.5]),
    options: { mistakes: { biasCorrectionFromZero: adamByHand([0.5], 0) } },
    mistake: 'bias-correction-from-zero',
  },
  {
    title: 'a mistake the exercise describes in its own words',
    answer: scale(dW, 1.5),
    reference: dW,
    options: { mistakes: { 'W updated before δ was propagated': scale(dW, 1.5) } },
    mistake: 'listed',
  },
  { title: 'one wrong entry', answer: withEntry(dW, [[2, 1, 0.125]]), reference: dW, mistake: 'few-entries' },
  { title: 'three wrong entries of twelve', answer: withEntry(dX, [[0, 0, 1], [1, 2, 2], [3, 1, 3]]), reference: dX, mistake: 'few-entries' },
  { title: 'four wrong entries: the worst is named', answer: withEntry(dX, [[0, 0, 1], [1, 2, 2], [3, 1, 3], [2, 2, 40]]), reference: dX, mistake: 'worst-entry' },
  { title: 'wrong everywhere', answer: map(dW, (x) => x * x), reference: dW, mistake: 'worst-entry' },
  { title: 'a wrong number', answer: 0.31, reference: 0.25, mistake: 'worst-entry' },
  { title: 'a list of gradients, one wrong', answer: [dW, scale(db, 4)], reference: [dW, db], options: { names: ['∂L/∂W', '∂L/∂b'], meanOver: { M: 4 } }, mistake: 'mean-missing' },
  { title: 'a list of the wrong length', answer: [dW], reference: [dW, db], mistake: 'missing-part' },
  { title: 'a record without one of its parts', answer: { X: [32, 784] }, reference: { X: [32, 784], W1: [784, 128] }, mistake: 'missing-part' },
  { title: 'a record with one wrong part', answer: { X: [32, 784], W1: [784, 182] }, reference: { X: [32, 784], W1: [784, 128] }, mistake: 'worst-entry' },
  { title: 'a record with its parts right, and one more', answer: { X: [32, 784], W1: [784, 128], note: 1 }, reference: { X: [32, 784], W1: [784, 128] }, mistake: undefined },
];

/** The commutation matrix K of an m×n matrix: vec_r(A) = K vec(A). */
function commutation(m: number, n: number): Matrix {
  const K = new Matrix(m * n, m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) K.set(i * n + j, j * m + i, 1);
  return K;
}

const symmetric = fromArray([[2, 1, 0], [1, 3, -1], [0, -1, 4]]);
const antisymmetric = fromArray([[0, 2], [-2, 0]]);

/** Answers that only look like a mistake: the named mistake must not be claimed. */
const lookalikes: (Case & { not: Mistake[] })[] = [
  { title: 'a symmetric reference: its transpose passes', answer: transpose(J), reference: J, mistake: undefined, not: [] },
  { title: 'a symmetric reference, a wrong answer', answer: withEntry(symmetric, [[0, 1, 5], [2, 0, 7]]), reference: symmetric, mistake: 'few-entries', not: ['transpose'] },
  { title: 'a symmetric reference, an asymmetric answer', answer: map(symmetric, (x, i, j) => x + i - j), reference: symmetric, mistake: 'worst-entry', not: ['transpose'] },
  { title: 'an antisymmetric reference: −R is also Rᵀ', answer: transpose(antisymmetric), reference: antisymmetric, mistake: 'sign', not: ['transpose'] },
  { title: '2I against I: a factor, not the softmax term', answer: scale(identity(3), 2), reference: identity(3), mistake: 'factor', not: ['softmax-outer-term'] },
  { title: '−2I against 2I: the sign', answer: scale(identity(3), -2), reference: scale(identity(3), 2), mistake: 'sign', not: ['factor'] },
  { title: 'a permutation against I: not a vec order', answer: commutation(2, 2), reference: identity(4), mistake: 'worst-entry', not: ['vec-order', 'transpose'] },
  { title: 'a diagonal answer that is not diag(s)', answer: map(identity(3), (x, i) => x * (i + 1)), reference: symmetric, mistake: 'worst-entry', not: ['softmax-outer-term'] },
  { title: 'a zero reference: no factor, no sign', answer: fromArray([[0, 0.5], [0, 0]]), reference: zeros(2, 2), mistake: 'few-entries', not: ['factor', 'sign', 'zeros'] },
  { title: 'a zero reference, a nonzero answer', answer: fromArray([[1, 2], [3, 4]]), reference: zeros(2, 2), mistake: 'worst-entry', not: ['factor', 'sign', 'transpose'] },
  { title: 'zero entries break a factor', answer: fromArray([[6, 12, 1e-3, 18]]), reference: fromArray([[1, 2, 0, 3]]), options: { meanOver: { M: 6 } }, mistake: 'worst-entry', not: ['mean-missing', 'factor'] },
  { title: 'a factor needs two significant entries', answer: fromArray([[0, 0, 18.5, 0]]), reference: fromArray([[0, 0, 5, 0]]), mistake: 'few-entries', not: ['factor'] },
  { title: 'a 1×1 answer has no unnamed factor', answer: 3.7, reference: 1, mistake: 'worst-entry', not: ['factor'] },
  { title: 'a 1×1 answer with a named factor', answer: 24, reference: 4, options: { meanOver: { M: 6 } }, mistake: 'mean-missing', not: [] },
  { title: 'a 1×1 answer with the wrong sign', answer: -0.25, reference: 0.25, mistake: 'sign', not: ['factor'] },
  { title: 'M = 2 makes 1/M and the 2 the same factor: the mean is named', answer: scale(dW, 2), reference: dW, options: { meanOver: { M: 2 } }, mistake: 'mean-missing', not: [] },
  { title: 'a vector reversed is not a transpose', answer: rowVector([3, 2, 1]), reference: rowVector([1, 2, 3]), mistake: 'worst-entry', not: ['transpose', 'vec-order'] },
  { title: 'a 1×1 matrix is its own transpose', answer: fromArray([[2]]), reference: 2, mistake: undefined, not: [] },
  { title: 'a tiny reference and a zero answer pass within atol', answer: zeros(1, 3), reference: rowVector([1e-12, -1e-12, 0]), mistake: undefined, not: [] },
];

function run(c: Case) {
  return checkAnswer(c.answer, c.reference, c.options);
}

describe('check: one diagnosis per kind of mistake', () => {
  for (const c of mistakes) {
    it(`${c.title} → ${c.mistake ?? 'passes'}`, () => {
      const verdict = run(c);
      expect(verdict.passed, verdict.message).toBe(c.mistake === undefined);
      expect(verdict.mistake, verdict.message).toBe(c.mistake);
    });
  }
});

describe('check: matrices that only look like a mistake', () => {
  for (const c of lookalikes) {
    it(`${c.title} → ${c.mistake ?? 'passes'}`, () => {
      const verdict = run(c);
      expect(verdict.mistake, verdict.message).toBe(c.mistake);
      for (const wrong of c.not) expect(verdict.mistake).not.toBe(wrong);
    });
  }
});

describe('check: the sentences', () => {
  it('are one sentence each, start with the subject, and are kept in a snapshot', async () => {
    const lines = [...mistakes, ...lookalikes].map((c) => {
      const verdict = run(c);
      expect(verdict.message, 'one sentence, ending with a full stop').toMatch(/^\S[^]*\.$/);
      expect(verdict.message, 'no second sentence').not.toMatch(/\.\s+[A-Z]/);
      return `${c.title}\n  [${verdict.mistake ?? 'pass'}] ${verdict.message}`;
    });
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('./__snapshots__/diagnoses.txt');
  });

  it('show at most three expected values, and one when every entry is wrong', () => {
    const expectedValues = (message: string) => (message.match(/expected -?\d/g) ?? []).length;
    for (const c of [...mistakes, ...lookalikes]) expect(expectedValues(run(c).message), c.title).toBeLessThanOrEqual(3);
    expect(expectedValues(checkAnswer(map(dX, (x) => x + 1), dX).message)).toBe(1);
  });
});

describe('check: the options an exercise can get wrong', () => {
  it('refuses a reference that is not a value, naming the check as what needs fixing', () => {
    expect(() => checkAnswer(1, undefined)).toThrow('check: the reference is undefined; the check itself needs fixing');
  });

  it('refuses sumOf when the reference is not a sum of it', () => {
    expect(() => checkAnswer(db, db, { sumOf: dX })).toThrow(/sumOf is given, but the reference is neither/);
  });

  it('refuses a vec shape that does not fit the reference', () => {
    expect(() => checkAnswer(vec(dW), vec(dW), { vec: [2, 2] })).toThrow(/vec \[2, 2\] says the reference is a vector of 4 entries/);
    expect(() => checkAnswer(J, J, { vec: { output: [1, 4], input: [1, 3] } })).toThrow(/a 4×3 Jacobian, but it is not/);
  });

  it('refuses bad tolerances, counts, orders, names and equations', () => {
    expect(() => checkAnswer(1, 1, { rtol: -1 })).toThrow('check: rtol must be a number ≥ 0, got -1');
    expect(() => checkAnswer(1, 1, { meanOver: { M: 0.5 } })).toThrow('check: meanOver.M must be a whole number ≥ 1, got 0.5');
    expect(() => checkAnswer(1, 1, { order: 'diagonal' as never })).toThrow(/order must be "column-major" or "row-major"/);
    expect(() => checkAnswer(1, 1, { name: '' })).toThrow(/name must be a short text/);
    expect(() => checkAnswer(1, 1, { equation: 'javascript:alert(1)' })).toThrow(/equation must be an equation number/);
  });

  it('lets the tolerance decide: a looser rtol passes what the default fails', () => {
    const close = map(dW, (x) => x * (1 + 1e-4));
    expect(checkAnswer(close, dW).passed).toBe(false);
    expect(checkAnswer(close, dW, { rtol: 1e-3 }).passed).toBe(true);
  });

  it('links the equation on a failure only', () => {
    expect(checkAnswer(dW, dW, { equation: '5.5' }).equation).toBeUndefined();
    expect(checkAnswer(transpose(dW), dW, { equation: '5.5' }).equation).toEqual({ tag: '5.5' });
    expect(checkAnswer(transpose(dW), dW, { equation: '/05-backpropagation/#eq-5.5' }).equation).toEqual({ tag: '5.5', page: '/05-backpropagation/' });
  });
});
