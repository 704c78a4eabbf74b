/**
 * Leaky ReLU (chapter 03-activations, eq. 3.5): f(z) = z for z > 0 and slope·z otherwise, so negative
 * inputs keep a small gradient (slope) instead of none. f′(0) is taken as slope, as in PyTorch.
 */
import type { Activation } from './activation';
import { elementwiseActivation } from './elementwise';

export function leakyRelu(slope: number): Activation {
  if (typeof slope !== 'number' || !Number.isFinite(slope)) {
    throw new Error(`leaky_relu: slope must be a finite number, got ${String(slope)}`);
  }
  return elementwiseActivation({
    name: 'leaky_relu',
    spec: { name: 'leaky_relu', slope },
    description: `leaky_relu(slope ${slope})`,
    f: (z) => (z < 0 ? slope * z : z),
    derivative: (z) => (z > 0 ? 1 : z <= 0 ? slope : Number.NaN),
  });
}
