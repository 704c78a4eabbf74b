/**
 * The rectified linear unit (chapter 03-activations, eq. 3.4): relu(z) = max(0, z), relu′(z) = 1 for z > 0
 * and 0 for z ≤ 0 (at the kink we take 0, as PyTorch does). Both are written so NaN stays NaN:
 * `z > 0 ? z : 0` would quietly turn a NaN into 0.
 */
import { elementwiseActivation } from './elementwise';

export const relu = elementwiseActivation({
  name: 'relu',
  spec: 'relu',
  description: 'relu',
  f: (z) => (z < 0 ? 0 : z),
  derivative: (z) => (z > 0 ? 1 : z <= 0 ? 0 : Number.NaN),
});
