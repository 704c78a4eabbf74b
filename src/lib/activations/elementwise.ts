/**
 * Elementwise activations (chapter 03-activations; the backward pass is eq. 3.6): A[i,j] = f(Z[i,j]). Then ∂A[i,j]/∂Z[k,l] is
 * zero unless (k,l) = (i,j), so the Jacobian is the diagonal matrix diag(vec f′(Z)) (chapter
 * 06-kronecker, eq. 6.10) and the
 * vector-Jacobian product collapses to the Hadamard product dZ = f′(Z) ⊙ dA.
 */
import { assertMatrix, assertShape, assertVecOrder, Matrix, outputBuffer, vecIndex, type VecOrder } from '../matrix';
import type { Activation, ActivationName, ActivationSpec } from './activation';

export interface ElementwiseDefinition {
  name: ActivationName;
  spec: ActivationSpec;
  description: string;
  /** f(z). Must return NaN for NaN, so bad values are not hidden. */
  f: (z: number) => number;
  /** f′(z), given z and a = f(z) (sigmoid and tanh are cheapest in terms of a). NaN for NaN. */
  derivative: (z: number, a: number) => number;
}

export function elementwiseActivation({ name, spec, description, f, derivative }: ElementwiseDefinition): Activation {
  const forward = (Z: Matrix, out?: Matrix): Matrix => {
    assertMatrix(`${name}.forward`, 'Z', Z);
    const A = outputBuffer(`${name}.forward`, out, Z.rows, Z.cols, 'Z');
    for (let i = 0; i < Z.size; i++) A.data[i] = f(Z.data[i]);
    return A;
  };

  return {
    name,
    spec,
    description,
    elementwise: true,
    forward,

    backward(Z: Matrix, A: Matrix, dA: Matrix, out?: Matrix): Matrix {
      const op = `${name}.backward`;
      assertMatrix(op, 'Z', Z);
      assertShape(op, 'A', A, Z.rows, Z.cols, 'Z');
      assertShape(op, 'dA', dA, Z.rows, Z.cols, 'Z');
      const dZ = outputBuffer(op, out, Z.rows, Z.cols, 'Z');
      for (let i = 0; i < Z.size; i++) dZ.data[i] = derivative(Z.data[i], A.data[i]) * dA.data[i];
      return dZ;
    },

    jacobian(Z: Matrix, A?: Matrix, order: VecOrder = 'column-major'): Matrix {
      const op = `${name}.jacobian`;
      assertMatrix(op, 'Z', Z);
      assertVecOrder(op, order);
      if (A) assertShape(op, 'A', A, Z.rows, Z.cols, 'Z');
      const values = A ?? forward(Z);
      const n = Z.size;
      const J = new Matrix(n, n);
      for (let i = 0; i < Z.rows; i++) {
        for (let j = 0; j < Z.cols; j++) {
          const k = vecIndex(i, j, Z.rows, Z.cols, order);
          J.data[k * n + k] = derivative(Z.data[i * Z.cols + j], values.data[i * Z.cols + j]);
        }
      }
      return J;
    },
  };
}
