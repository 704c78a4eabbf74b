/**
 * Checks every activation must pass, shared by the per-activation test files:
 * backward against central differences, the explicit Jacobian against backward in both vec
 * orders, and NaN propagation.
 */
import { expect } from 'vitest';
import type { Activation } from '~/lib/activations/activation';
import { gradientCheck } from '~/lib/gradcheck';
import { Matrix, fromFunction, matmul, transpose, vec, type VecOrder } from '~/lib/matrix';
import { createRng } from '~/lib/random';
import { expectClose } from '../../close';

/** An M×Q matrix of uniform draws in [−3, 3], kept at least 0.01 away from 0 (the ReLU kink). */
export function sampleZ(M: number, Q: number, seed: number): Matrix {
  const rng = createRng(seed);
  return fromFunction(M, Q, () => {
    const z = -3 + 6 * rng.next();
    return Math.abs(z) < 0.01 ? z + 0.02 : z;
  });
}

/**
 * backward(Z, A, G) must be the gradient of L(Z) = Σ G ⊙ f(Z) for a fixed G.
 * Tolerance: max relative error below 1e-6 (central differences with h = 1e-6 leave ~1e-10 absolute
 * noise, which is ~1e-7 relative on the smallest entries).
 */
export function checkBackwardNumerically(act: Activation, Z: Matrix, seed = 1): number {
  const G = sampleZ(Z.rows, Z.cols, seed + 100);
  const loss = () => {
    const A = act.forward(Z);
    let s = 0;
    for (let i = 0; i < A.size; i++) s += G.data[i] * A.data[i];
    return s;
  };
  const dZ = act.backward(Z, act.forward(Z), G);
  const { maxRelError } = gradientCheck(loss, [Z], [dZ]);
  expect(maxRelError).toBeLessThan(1e-6);
  return maxRelError;
}

/** Jᵀ vec(dA) = vec(backward(Z, A, dA)) in the given vec order, to 1e-13. */
export function checkJacobianMatchesBackward(act: Activation, Z: Matrix, order: VecOrder): void {
  const A = act.forward(Z);
  const dA = sampleZ(Z.rows, Z.cols, 7);
  const J = act.jacobian(Z, A, order);
  expect(J.shape).toEqual([Z.size, Z.size]);
  const viaJacobian = matmul(transpose(J), vec(dA, order));
  expectClose(viaJacobian, vec(act.backward(Z, A, dA), order), { rtol: 1e-13, atol: 1e-13 });
  // Without A the Jacobian computes it itself.
  expectClose(act.jacobian(Z, undefined, order), J, { rtol: 0, atol: 0 });
}

/**
 * A NaN in Z reaches the output of an elementwise activation (softmax refuses it, naming where it
 * is), and a NaN in dA reaches dZ: neither is silently replaced.
 */
export function checkNaNPropagates(act: Activation): void {
  const Z = new Matrix(2, 3, Float64Array.of(0.5, Number.NaN, -1, 2, -2, 0.25));
  if (act.elementwise) {
    const A = act.forward(Z);
    expect(Number.isNaN(A.get(0, 1))).toBe(true);
    expect(Number.isFinite(A.get(1, 0))).toBe(true);
  } else {
    expect(() => act.forward(Z)).toThrow(`${act.name}.forward: row 0, column 1 is NaN`);
  }
  const finiteZ = new Matrix(2, 3, Float64Array.of(0.5, 1, -1, 2, -2, 0.25));
  const dA = new Matrix(2, 3, Float64Array.of(1, 1, 1, Number.NaN, 1, 1));
  const dZ = act.backward(finiteZ, act.forward(finiteZ), dA);
  expect(Number.isNaN(dZ.get(1, 0))).toBe(true);
}

/** Shape errors name the operation and both shapes; out buffers are checked and reused. */
export function checkShapesAndBuffers(act: Activation): void {
  const Z = sampleZ(3, 4, 3);
  const A = act.forward(Z);
  const out = new Matrix(3, 4);
  expect(act.forward(Z, out)).toBe(out);
  expectClose(out, A, { rtol: 0, atol: 0 });
  const dZ = new Matrix(3, 4);
  expect(act.backward(Z, A, Z, dZ)).toBe(dZ);
  expect(() => act.forward(Z, new Matrix(4, 3))).toThrow(`${act.name}.forward: the output buffer is (4×3), expected (3×4) like Z`);
  expect(() => act.backward(Z, A, new Matrix(3, 5))).toThrow(`${act.name}.backward: dA is (3×5), expected (3×4) like Z`);
  expect(() => act.backward(Z, new Matrix(1, 4), A)).toThrow(`${act.name}.backward: A is (1×4), expected (3×4) like Z`);
  expect(() => act.jacobian(Z, A, 'diagonal' as VecOrder)).toThrow(
    `${act.name}.jacobian: vec order must be 'column-major' or 'row-major', got "diagonal"`,
  );
}

/** All of the above on a 3×4 batch. */
export function checkActivationCalculus(act: Activation): void {
  const Z = sampleZ(3, 4, 42);
  checkBackwardNumerically(act, Z);
  checkJacobianMatchesBackward(act, Z, 'column-major');
  checkJacobianMatchesBackward(act, Z, 'row-major');
  checkNaNPropagates(act);
  checkShapesAndBuffers(act);
}
