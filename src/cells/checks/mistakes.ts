/**
 * The mistakes a check can name, as stable codes. A verdict carries one of them (src/cells/types.ts),
 * so tests, the build and the reader's progress can tell diagnoses apart without parsing sentences.
 * The order here is the catalogue's, not the order the diagnosis tries them (see ./diagnose).
 */
export const MISTAKES = {
  unanswered: 'the answer is undefined, null or empty: the placeholder is not filled in',
  'not-a-value': 'the answer is not a number, a list of numbers or a matrix (a string, a function, a ragged list…)',
  'missing-part': 'a list or record of answers lacks a part the reference has, or has a different number of parts',
  'not-finite': 'the answer has NaN or ±Infinity where the right answer is finite',
  shape: 'the shapes differ, and no simpler explanation fits',
  transpose: 'the answer is the transpose of the right one',
  reshaped: 'the right numbers in another shape (a vec where a matrix belongs, or the reverse)',
  'vec-order': 'the right numbers in the other vec order (row-major for column-major, or the reverse)',
  summed: 'a sum where none belongs (the right answer keeps one row per sample)',
  'not-summed': 'the terms of the right answer, not yet summed',
  'wrong-axis': 'summed along the other axis (each row where the sum over the samples is expected, or the reverse)',
  zeros: 'all zeros where the right answer is not: usually the placeholder',
  sign: 'every entry has the wrong sign',
  'mean-missing': 'a factor of M (or another averaged count) too large: the 1/M of a mean is missing',
  'mean-twice': 'a factor 1/M too small: the 1/M of a mean is applied twice',
  'two-missing': 'half the right answer: the 2 of a squared error is missing',
  factor: 'off by another constant factor',
  'softmax-outer-term': 'diag(s) alone: the softmax Jacobian without its −sᵀs term',
  'from-z': 'computed from Z where A was needed',
  'from-a': 'computed from A where Z was needed',
  'bias-correction-from-zero': "Adam's bias correction counted from t = 0 instead of t = 1",
  listed: 'equal to a known wrong answer that the exercise lists with its own sentence',
  'few-entries': 'right except for a few entries',
  'worst-entry': 'wrong in many entries: the worst one is named',
} as const;

export type Mistake = keyof typeof MISTAKES;

export function isMistake(code: unknown): code is Mistake {
  return typeof code === 'string' && Object.hasOwn(MISTAKES, code);
}
