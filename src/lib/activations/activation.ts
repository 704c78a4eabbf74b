/**
 * Activation functions (chapter 03-activations): A = f(Z), applied after each dense layer.
 * Every activation knows three things: its value, the vector-Jacobian product that backprop
 * needs (chapter 05-backpropagation), and its explicit Jacobian ∂vec(A)/∂vec(Z) for the
 * Kronecker path (chapter 06-kronecker; softmax's in chapter 07-softmax-jacobian).
 */
import type { Matrix, VecOrder } from '../matrix';
import { leakyRelu } from './leaky-relu';
import { linear } from './linear';
import { relu } from './relu';
import { sigmoid } from './sigmoid';
import { softmax } from './softmax';
import { tanh } from './tanh';

export type ActivationName = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'softmax';
export type ActivationSpec = ActivationName | { name: 'leaky_relu'; slope: number };

export interface Activation {
  readonly name: ActivationName;
  /** The spec that builds this activation again: its name, or { name: 'leaky_relu', slope } with the slope it uses. */
  readonly spec: ActivationSpec;
  /** A readable label for summaries and errors, e.g. "leaky_relu(slope 0.01)". */
  readonly description: string;
  /** True when A[i,j] depends on Z[i,j] alone, so the Jacobian is diagonal; false only for softmax. */
  readonly elementwise: boolean;
  /** A = f(Z). */
  forward(Z: Matrix, out?: Matrix): Matrix;
  /** dZ = ∂L/∂Z from dA = ∂L/∂A: the vector-Jacobian product, computed without building the Jacobian. */
  backward(Z: Matrix, A: Matrix, dA: Matrix, out?: Matrix): Matrix;
  /**
   * The explicit (M·Q)×(M·Q) Jacobian ∂vec(A)/∂vec(Z) (default order column-major): diagonal for
   * elementwise activations, one Q×Q block per sample for softmax (contiguous blocks in row-major).
   */
  jacobian(Z: Matrix, A?: Matrix, order?: VecOrder): Matrix;
}

export const ACTIVATION_NAMES: readonly ActivationName[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'softmax'];

/** The leaky ReLU slope when only the name is given (PyTorch's default). */
export const DEFAULT_LEAKY_SLOPE = 0.01;

/** The activation for a name or a { name: 'leaky_relu', slope } spec (chapter 03-activations). */
export function activationFromSpec(spec: ActivationSpec): Activation {
  if (typeof spec === 'object' && spec !== null) {
    if (spec.name !== 'leaky_relu') {
      throw new Error(
        `activationFromSpec: only leaky_relu takes options ({ name: 'leaky_relu', slope }), got ${JSON.stringify(spec)}`,
      );
    }
    return leakyRelu(spec.slope);
  }
  switch (spec) {
    case 'linear':
      return linear;
    case 'sigmoid':
      return sigmoid;
    case 'tanh':
      return tanh;
    case 'relu':
      return relu;
    case 'leaky_relu':
      return leakyRelu(DEFAULT_LEAKY_SLOPE);
    case 'softmax':
      return softmax;
    default:
      throw new Error(`activationFromSpec: unknown activation ${JSON.stringify(spec)}, expected one of ${ACTIVATION_NAMES.join(', ')}`);
  }
}
