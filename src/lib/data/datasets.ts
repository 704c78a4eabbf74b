/**
 * Small seeded toy datasets (chapters 01-introduction and 09-training): point clouds in the plane
 * whose classes a linear model cannot separate but an MLP can, and a noisy linear regression.
 * The same seed gives the same data in Node and in every browser.
 *
 * Classification generators give sample i the class i mod K, so the classes interleave and every
 * prefix of the data is balanced; `y` holds the class indices (see `oneHot` for target rows).
 */
import { addRowVector, full, Matrix, matmul } from '../matrix';
import { positiveInteger } from '../errors';
import { createRng, type Rng } from '../random';
import { portableCos, portableSin } from '../portable-math';

export { oneHot } from './one-hot';
export { batches } from './batches';
export { trainValidationSplit, type SplitPart } from './split';

/** Inputs as rows and integer class labels. */
export interface ClassificationData {
  /** M×N inputs, one sample per row. */
  X: Matrix;
  /** M class indices in [0, classes). */
  y: Int32Array;
  classes: number;
}

/** Inputs and real-valued targets, with the true linear model that produced them. */
export interface RegressionData {
  X: Matrix;
  /** M×outputs targets. */
  Y: Matrix;
  /** features×outputs: Y = X·coefficients + bias + noise. */
  coefficients: Matrix;
  /** 1×outputs. */
  bias: Matrix;
}

function nonNegative(op: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(`${op}: ${name} must be a finite number ≥ 0, got ${String(value)}`);
  }
  return value;
}

/** How many of M interleaved samples (sample i in class i mod K) fall into class k. */
function classSize(M: number, K: number, k: number): number {
  return Math.floor(M / K) + (k < M % K ? 1 : 0);
}

function labelled(X: Matrix, K: number): ClassificationData {
  return { X, y: Int32Array.from({ length: X.rows }, (_, i) => i % K), classes: K };
}

/**
 * Gaussian blobs: class k is a cloud of standard deviation `std` around its center. `centers` is
 * a count (centers drawn uniformly in [−10, 10]ᴺ, as scikit-learn does) or explicit coordinates.
 */
export function makeBlobs(options: {
  samples: number;
  centers?: number | readonly (readonly number[])[];
  features?: number;
  std?: number;
  seed?: number;
}): ClassificationData {
  const op = 'makeBlobs';
  const M = positiveInteger(op, 'samples', options.samples);
  const std = nonNegative(op, 'std', options.std ?? 1);
  const rng = createRng(options.seed ?? 0);
  const given = options.centers ?? 3;
  let centers: number[][];
  if (typeof given === 'number') {
    const K = positiveInteger(op, 'centers', given);
    const N = positiveInteger(op, 'features', options.features ?? 2);
    centers = Array.from({ length: K }, () => Array.from({ length: N }, () => -10 + 20 * rng.next()));
  } else {
    if (!Array.isArray(given) || given.length === 0) throw new Error(`${op}: centers must be a positive count or a non-empty array of points`);
    const N = given[0].length;
    if (options.features !== undefined && options.features !== N) {
      throw new Error(`${op}: features is ${options.features} but the centers have ${N} coordinates`);
    }
    given.forEach((c, k) => {
      if (c.length !== N || N === 0) throw new Error(`${op}: center ${k} has ${c.length} coordinates, expected ${N} like center 0`);
    });
    centers = given.map((c) => Array.from(c));
  }
  const K = centers.length;
  const N = centers[0].length;
  const X = new Matrix(M, N);
  for (let i = 0; i < M; i++) {
    const center = centers[i % K];
    for (let j = 0; j < N; j++) X.data[i * N + j] = center[j] + std * rng.normal();
  }
  return labelled(X, K);
}

/**
 * Spirals: `arms` arms winding out of the origin, one class each. Point j of an arm with n points
 * sits at radius r = (j + ½)/n and angle 2πk/arms + 4r, plus Gaussian noise of standard
 * deviation `noise` on the angle, so points near the center mix more (the classic CS231n data).
 */
export function makeSpirals(options: { samples: number; arms?: number; noise?: number; seed?: number }): ClassificationData {
  const op = 'makeSpirals';
  const M = positiveInteger(op, 'samples', options.samples);
  const K = positiveInteger(op, 'arms', options.arms ?? 3);
  const noise = nonNegative(op, 'noise', options.noise ?? 0.2);
  const rng: Rng = createRng(options.seed ?? 0);
  const X = new Matrix(M, 2);
  for (let i = 0; i < M; i++) {
    const k = i % K;
    const r = (Math.floor(i / K) + 0.5) / classSize(M, K, k);
    const angle = (2 * Math.PI * k) / K + 4 * r + noise * rng.normal();
    X.data[2 * i] = r * portableCos(angle);
    X.data[2 * i + 1] = r * portableSin(angle);
  }
  return labelled(X, K);
}

/**
 * Two interleaving half circles (as scikit-learn's make_moons): class 0 on (cos t, sin t),
 * class 1 on (1 − cos t, ½ − sin t), t evenly spaced in [0, π], plus Gaussian noise on both
 * coordinates.
 */
export function makeMoons(options: { samples: number; noise?: number; seed?: number }): ClassificationData {
  const op = 'makeMoons';
  const M = positiveInteger(op, 'samples', options.samples);
  const noise = nonNegative(op, 'noise', options.noise ?? 0.1);
  const rng = createRng(options.seed ?? 0);
  const X = new Matrix(M, 2);
  for (let i = 0; i < M; i++) {
    const k = i % 2;
    const n = classSize(M, 2, k);
    const t = n === 1 ? 0 : (Math.PI * Math.floor(i / 2)) / (n - 1);
    const x = k === 0 ? portableCos(t) : 1 - portableCos(t);
    const y = k === 0 ? portableSin(t) : 0.5 - portableSin(t);
    X.data[2 * i] = x + noise * rng.normal();
    X.data[2 * i + 1] = y + noise * rng.normal();
  }
  return labelled(X, 2);
}

/**
 * XOR: sample i is the corner i mod 4 of the unit square — (0,0), (0,1), (1,0), (1,1) — plus
 * Gaussian noise, labelled x₁ XOR x₂. The defaults (4 samples, no noise) are the truth table
 * that no single neuron can fit (chapter 01-introduction).
 */
export function makeXor(options: { samples?: number; noise?: number; seed?: number } = {}): ClassificationData {
  const op = 'makeXor';
  const M = positiveInteger(op, 'samples', options.samples ?? 4);
  const noise = nonNegative(op, 'noise', options.noise ?? 0);
  const rng = createRng(options.seed ?? 0);
  const X = new Matrix(M, 2);
  const y = new Int32Array(M);
  for (let i = 0; i < M; i++) {
    const a = (i >> 1) & 1;
    const b = i & 1;
    X.data[2 * i] = a + (noise === 0 ? 0 : noise * rng.normal());
    X.data[2 * i + 1] = b + (noise === 0 ? 0 : noise * rng.normal());
    y[i] = a ^ b;
  }
  return { X, y, classes: 2 };
}

/**
 * A linear regression problem: X has standard normal entries, the true coefficients are drawn
 * uniformly from [−1, 1], and Y = X·coefficients + bias + noise·𝒩(0, 1) (chapter 04-losses, MSE).
 */
export function makeRegression(options: {
  samples: number;
  features?: number;
  outputs?: number;
  bias?: number;
  noise?: number;
  seed?: number;
}): RegressionData {
  const op = 'makeRegression';
  const M = positiveInteger(op, 'samples', options.samples);
  const N = positiveInteger(op, 'features', options.features ?? 1);
  const Q = positiveInteger(op, 'outputs', options.outputs ?? 1);
  const noise = nonNegative(op, 'noise', options.noise ?? 0);
  const biasValue = options.bias ?? 0;
  if (typeof biasValue !== 'number' || !Number.isFinite(biasValue)) throw new Error(`${op}: bias must be a finite number, got ${String(biasValue)}`);
  const rng = createRng(options.seed ?? 0);
  const X = new Matrix(M, N);
  for (let i = 0; i < X.size; i++) X.data[i] = rng.normal();
  const coefficients = new Matrix(N, Q);
  for (let i = 0; i < coefficients.size; i++) coefficients.data[i] = -1 + 2 * rng.next();
  const bias = full(1, Q, biasValue);
  const Y = addRowVector(matmul(X, coefficients), bias);
  if (noise > 0) for (let i = 0; i < Y.size; i++) Y.data[i] += noise * rng.normal();
  return { X, Y, coefficients, bias };
}
