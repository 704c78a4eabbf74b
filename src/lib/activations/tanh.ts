/** The hyperbolic tangent (chapter 03-activations, eq. 3.3): tanh′(z) = 1 − tanh²(z). */
import { elementwiseActivation } from './elementwise';

export const tanh = elementwiseActivation({
  name: 'tanh',
  spec: 'tanh',
  description: 'tanh',
  f: (z) => Math.tanh(z),
  derivative: (_z, a) => 1 - a * a,
});
