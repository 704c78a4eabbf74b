/**
 * The logistic sigmoid (chapter 03-activations, eqs. 3.1–3.2): σ(z) = 1 / (1 + e⁻ᶻ), σ′(z) = σ(z)(1 − σ(z)).
 * For very negative z, e⁻ᶻ overflows to Infinity and 1/Infinity is 0, the correct limit, so this
 * form needs no special case.
 */
import { elementwiseActivation } from './elementwise';

export const sigmoid = elementwiseActivation({
  name: 'sigmoid',
  spec: 'sigmoid',
  description: 'sigmoid',
  f: (z) => 1 / (1 + Math.exp(-z)),
  derivative: (_z, a) => a * (1 - a),
});
