import { describe, expect, it } from 'vitest';
import { largestCurvature } from '~/lib/curvature';
import { hessianVectorProduct } from '~/lib/hessian-vector';
import { fromArray, fromFunction, Matrix } from '~/lib/matrix';
import { Network } from '~/lib/network';
import { sgd } from '~/lib/optimizers/sgd';
import { Sequential } from '~/lib/training';
import { innerProduct, vectorNorm } from '~/lib/parameter-vector';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';
import { flatten, hessianFromGradients, symmetricEigenvalues, symmetricWithEigenvalues, timesList } from './hessian';

const like = [new Matrix(2, 2), new Matrix(1, 2)];

describe('largestCurvature on matrices with known eigenvalues', () => {
  it('finds κ_max = 20 of U diag(20, 5, 1, 0.5, 0.2, 0.1) Uᵀ to 1e-10, with a unit eigenvector', () => {
    const A = symmetricWithEigenvalues([20, 5, 1, 0.5, 0.2, 0.1], 1);
    const result = largestCurvature((v) => timesList(A, v), like, { seed: 3, tolerance: 1e-10 });
    expect(result.converged).toBe(true);
    expectClose(result.curvature, 20, { rtol: 1e-10, atol: 0 });
    expectClose(vectorNorm(result.direction), 1, { rtol: 1e-14, atol: 0 });
    // Av = 20 v: the residual it reports is the one it has.
    const Av = timesList(A, result.direction);
    const r = Math.sqrt(flatten(Av).reduce((s, x, e) => s + (x - result.curvature * flatten(result.direction)[e]!) ** 2, 0));
    expectClose(result.residual, r, { rtol: 1e-6, atol: 1e-15 });
    expect(result.residual).toBeLessThanOrEqual(1e-10 * 20);
    // |κ₂/κ₁| = 1/4 per step: the residual falls by about that, so ~17 products reach 1e-10.
    expect(result.iterations).toBeGreaterThan(10);
    expect(result.iterations).toBeLessThan(25);
    expect(result.estimates).toHaveLength(result.iterations);
    expect(result.estimates.at(-1)).toBe(result.curvature);
  });

  it('through finite-difference Hessian-vector products of the quadratic ½θᵀAθ: κ_max to 1e-9', () => {
    const A = symmetricWithEigenvalues([3, -1, 0.5, 2.5, 0.1, 1], 2);
    const params = [fromArray([[0.3, -1], [2, 0.1]]), fromArray([[0.7, -0.2]])];
    const gradient = () => timesList(A, params);
    const result = largestCurvature((v) => hessianVectorProduct(gradient, params, v), params, { tolerance: 1e-9, maxIterations: 500 });
    expect(result.converged).toBe(true);
    expectClose(result.curvature, 3, { rtol: 1e-9, atol: 0 });
  });

  it('finds the curvature largest in magnitude; a shift by it then finds κ_max', () => {
    const A = symmetricWithEigenvalues([-30, 20, 1, 0.5, -2, 3], 4);
    const dominant = largestCurvature((v) => timesList(A, v), like, { tolerance: 1e-10, maxIterations: 1000 });
    expectClose(dominant.curvature, -30, { rtol: 1e-10, atol: 0 });
    const shifted = largestCurvature((v) => timesList(A, v), like, { shift: dominant.curvature, tolerance: 1e-10, maxIterations: 1000 });
    expect(shifted.converged).toBe(true);
    expectClose(shifted.curvature, 20, { rtol: 1e-9, atol: 0 });
  });

  it('says when it has not converged: close eigenvalues and 5 products leave a residual above tolerance', () => {
    const A = symmetricWithEigenvalues([10, 9.9, 1, 1, 1, 1], 5);
    const result = largestCurvature((v) => timesList(A, v), like, { maxIterations: 5 });
    expect(result.converged).toBe(false);
    expect(result.iterations).toBe(5);
    expect(result.estimates).toHaveLength(5);
    expect(result.residual).toBeGreaterThan(1e-4 * Math.abs(result.curvature));
    // The estimate belongs to the direction returned: it is that direction's Rayleigh quotient.
    expectClose(result.curvature, innerProduct(result.direction, timesList(A, result.direction)), { rtol: 1e-14, atol: 0 });
  });

  it('is reproducible from its seed; another seed or a given start converges to the same κ', () => {
    const A = symmetricWithEigenvalues([4, 1, 0.5, 0.3, 0.2, 0.1], 6);
    const times = (v: readonly Matrix[]) => timesList(A, v);
    const a = largestCurvature(times, like, { seed: 1, maxIterations: 3 });
    expect(largestCurvature(times, like, { seed: 1, maxIterations: 3 }).estimates).toEqual(a.estimates);
    expect(largestCurvature(times, like, { seed: 2, maxIterations: 3 }).estimates).not.toEqual(a.estimates);
    const start = [fromArray([[1, 1], [1, 1]]), fromArray([[1, 1]])];
    expectClose(largestCurvature(times, like, { start, tolerance: 1e-10 }).curvature, 4, { rtol: 1e-10, atol: 0 });
  });

  it('a zero Hessian has curvature 0, converged after one product', () => {
    const result = largestCurvature((v) => v.map((m) => new Matrix(m.rows, m.cols)), like);
    expect([result.curvature, result.iterations, result.converged, result.residual]).toEqual([0, 1, true, 0]);
  });
});

describe('largestCurvature of a small network, against its explicitly built Hessian', () => {
  it('tanh network, softmax cross-entropy: κ_max by power iteration on HVPs = the largest eigenvalue of H (Jacobi) to 1e-7', () => {
    const net = new Network(3, [{ units: 4, activation: 'tanh' }, { units: 3 }], { seed: 8 });
    const rng = createRng(9);
    const X = fromFunction(6, 3, () => rng.normal());
    const y = [0, 2, 1, 1, 0, 2];
    const params = net.params();
    const gradient = () => net.gradients(X, y, 'softmax_cross_entropy').grads;
    const H = hessianFromGradients(gradient, params);
    const eigenvalues = symmetricEigenvalues(H);
    const dominant = eigenvalues.reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a));
    expect(dominant).toBe(eigenvalues[0]);
    const result = largestCurvature((v) => hessianVectorProduct(gradient, params, v), params, { tolerance: 1e-8, maxIterations: 1000 });
    expect(result.converged).toBe(true);
    expectClose(result.curvature, eigenvalues[0]!, { rtol: 1e-7, atol: 0 });
  });
});

describe('2/κ_max is where gradient descent starts to diverge (chapter 08-optimizers, eq. 8.3)', () => {
  it('a linear layer under mean squared error (a quadratic): η = 0.98·2/κ_max converges, η = 1.02·2/κ_max diverges', () => {
    const rng = createRng(12);
    const X = fromFunction(8, 3, () => rng.normal());
    const Y = fromFunction(8, 2, () => rng.normal());
    const start = [{ W: fromFunction(3, 2, () => rng.normal()).toArray(), b: [0.5, -0.5] }];
    const measure = Sequential.fromParams(3, [{ units: 2 }], start);
    const gradient = () => measure.gradients(X, Y, 'mse').grads;
    const kappaMax = largestCurvature((v) => hessianVectorProduct(gradient, measure.params(), v), measure.params(), { tolerance: 1e-8 }).curvature;
    const lossAfter = (lr: number) => {
      const net = Sequential.fromParams(3, [{ units: 2 }], start);
      const optimizer = sgd({ lr });
      for (let t = 0; t < 300; t++) net.trainStep(X, Y, 'mse', optimizer);
      return net.evaluate(X, Y, 'mse');
    };
    const initial = measure.evaluate(X, Y, 'mse');
    // The top mode shrinks by |1 − ηκ_max| = 0.96 per step, or grows by 1.04: 300 steps make that 5e-6 or 1e5.
    expect(lossAfter((0.98 * 2) / kappaMax)).toBeLessThan(initial);
    expect(lossAfter((1.02 * 2) / kappaMax)).toBeGreaterThan(1e6 * initial);
  });
});

describe('largestCurvature refuses what it cannot use', () => {
  const A = symmetricWithEigenvalues([1, 2, 3, 4, 5, 6], 7);
  const times = (v: readonly Matrix[]) => timesList(A, v);
  it('says what was wrong', () => {
    expect(() => largestCurvature(times, like, { tolerance: 0 })).toThrow('largestCurvature: tolerance must be a finite number in (0, ∞), got 0');
    expect(() => largestCurvature(times, like, { maxIterations: 0 })).toThrow('largestCurvature: maxIterations must be a positive integer, got 0');
    expect(() => largestCurvature(times, like, { shift: Number.NaN })).toThrow('largestCurvature: shift must be a finite number, got NaN');
    expect(() => largestCurvature(times, like, { start: [like[0]!] })).toThrow('largestCurvature: start direction has 1 matrices, expected 2 like the parameters');
    expect(() => largestCurvature(times, like, { start: like })).toThrow('largestCurvature: the start direction must be finite and not 0, its length is 0');
    expect(() => largestCurvature(() => [like[0]!], like)).toThrow('largestCurvature: the Hessian-vector product has 1 matrices, expected 2 like the parameters');
    expect(() => largestCurvature((v) => v.map((m) => new Matrix(m.rows, m.cols, m.data.map(() => Number.NaN))), like)).toThrow(
      'largestCurvature: the Hessian-vector product of iteration 1 has a non-finite entry (κ = NaN)',
    );
  });
});
