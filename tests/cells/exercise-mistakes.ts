/**
 * The deliberate mistakes of every exercise, by chapter file and exercise id: the diagnosis the
 * page's placeholder must get, and for each mistake a reader makes, the lines of the exercise cell
 * that make it (`replace`: [text in the cell, text that replaces it], each found exactly once) and
 * the diagnosis code it must get. Read by ./exercises.test.ts; kept out of the pages on purpose.
 */
import type { Mistake } from '~/cells/checks/mistakes';

export interface DeliberateMistake {
  /** What the reader did wrong, as a test name. */
  says: string;
  replace: readonly (readonly [string, string])[];
  mistake: Mistake;
}

export interface ExerciseMistakes {
  placeholder: Mistake;
  wrong: readonly DeliberateMistake[];
}

export const EXERCISE_MISTAKES: Readonly<Record<string, Readonly<Record<string, ExerciseMistakes>>>> = {
  '01-introduction.mdx': {
    'exercise-1': {
      placeholder: 'zeros',
      wrong: [
        { says: 'the batch size in W1 instead of its units', replace: [['W1: [0, 0]', 'W1: [784, 32]'], ['X: [0, 0]', 'X: [32, 784]']], mistake: 'worst-entry' },
        { says: 'X written features × samples', replace: [['X: [0, 0]', 'X: [784, 32]']], mistake: 'worst-entry' },
      ],
    },
    'exercise-2': {
      placeholder: 'zeros',
      wrong: [
        { says: 'the row convention result itself', replace: [['const Z2cols = zeros(2, 3);', 'const Z2cols = Z2rows;']], mistake: 'transpose' },
        { says: 'the bias left out', replace: [['const Z2cols = zeros(2, 3);', 'const Z2cols = matmul(transpose(V), Zcols);']], mistake: 'worst-entry' },
        { says: 'the bias subtracted', replace: [['const Z2cols = zeros(2, 3);', 'const Z2cols = sub(matmul(transpose(V), Zcols), matmul(transpose(c), full(1, 3, 1)));']], mistake: 'worst-entry' },
      ],
    },
  },
  '02-forward-pass.mdx': {
    'exercise-1': {
      placeholder: 'zeros',
      wrong: [
        { says: 'the product in the other order, transposed to fit', replace: [['import { identity } from "mlp";', 'import { identity, transpose } from "mlp";'], ['const Wone = zeros(2, 2);', 'const Wone = transpose(matmul(W, W2));'], ['const bone = zeros(1, 2);', 'const bone = add(matmul(b, W2), b2);']], mistake: 'transpose' },
        { says: 'the first bias not carried through W2', replace: [['const Wone = zeros(2, 2);', 'const Wone = matmul(W, W2);'], ['const bone = zeros(1, 2);', 'const bone = add(b2, zeros(1, 2));']], mistake: 'worst-entry' },
        { says: 'the biases added as they are', replace: [['const Wone = zeros(2, 2);', 'const Wone = matmul(W, W2);'], ['const bone = zeros(1, 2);', 'const bone = rowVector([b.get(0, 0) + b2.get(0, 0), b.get(0, 1) + b2.get(0, 1)]);']], mistake: 'worst-entry' },
      ],
    },
    'exercise-2': {
      placeholder: 'worst-entry',
      wrong: [
        {
          says: 'the activation never applied',
          replace: [['  // your code here\n  return X;', '  let Acurrent = X;\n  for (const { W, b } of layers) Acurrent = addRowVector(matmul(Acurrent, W), b);\n  return Acurrent;']],
          mistake: 'worst-entry',
        },
        {
          says: 'only the first layer',
          replace: [['  // your code here\n  return X;', '  const { W, b, f } = layers[0];\n  return f(addRowVector(matmul(X, W), b));']],
          mistake: 'shape',
        },
      ],
    },
  },
};
