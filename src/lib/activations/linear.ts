/** The identity activation (chapter 03-activations): f(z) = z, f′(z) = 1; the output layer for regression and for logits. */
import { elementwiseActivation } from './elementwise';

export const linear = elementwiseActivation({
  name: 'linear',
  spec: 'linear',
  description: 'linear',
  f: (z) => z,
  derivative: () => 1,
});
