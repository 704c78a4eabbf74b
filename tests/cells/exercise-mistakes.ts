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
  /** The name of the verdict that must get it, when the cell has several checks (default: the first that fails). */
  check?: string;
}

export interface ExerciseMistakes {
  placeholder: Mistake;
  wrong: readonly DeliberateMistake[];
  /** Answers written differently from the solution that only look like a mistake, and must pass. */
  lookalikes?: readonly Omit<DeliberateMistake, 'mistake' | 'check'>[];
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
  '03-activations.mdx': {
    'exercise-1': {
      placeholder: 'zeros',
      wrong: [
        { says: 'σ(2z) − 1/2: the factor 2 left out', replace: [['map(zs, () => 0);', 'map(sigmoid.forward(scale(zs, 2)), (s) => s - 0.5);']], mistake: 'two-missing' },
        { says: '1 − 2σ(2z): the sign flipped', replace: [['map(zs, () => 0);', 'map(sigmoid.forward(scale(zs, 2)), (s) => 1 - 2 * s);']], mistake: 'sign' },
        { says: '2σ(z) − 1: the inner 2 left out', replace: [['map(zs, () => 0);', 'map(sigmoid.forward(zs), (s) => 2 * s - 1);']], mistake: 'worst-entry' },
      ],
    },
    'exercise-2': {
      placeholder: 'not-finite',
      wrong: [
        {
          says: 'shifted by the largest logit of the whole batch',
          replace: [['return naiveSoftmax(Zs);', 'const top = Math.max(...Zs.data);\n  return naiveSoftmax(map(Zs, (z) => z - top));']],
          mistake: 'not-finite',
        },
        {
          says: 'each row shifted by its minimum',
          replace: [['return naiveSoftmax(Zs);', 'return naiveSoftmax(map(Zs, (z, i) => z - Math.min(...Zs.row(i))));']],
          mistake: 'not-finite',
        },
        {
          says: 'divided by the column sums',
          replace: [['return naiveSoftmax(Zs);', 'const E = map(Zs, (z, i) => Math.exp(z - Math.max(...Zs.row(i))));\n  const totals = E.data.reduce((t, e, k) => { t[k % E.cols] += e; return t; }, new Array(E.cols).fill(0));\n  return map(E, (e, i, j) => e / totals[j]);']],
          mistake: 'worst-entry',
        },
      ],
    },
  },
  '04-losses.mdx': {
    'exercise-1': {
      placeholder: 'mean-missing',
      wrong: [
        { says: 'divided by M twice', replace: [['=> summedMseGradient(P, T);', '=> scale(sub(P, T), 2 / (P.size * P.rows));']], mistake: 'mean-twice' },
        { says: 'the 2 of the square left out', replace: [['=> summedMseGradient(P, T);', '=> scale(sub(P, T), 1 / P.size);']], mistake: 'two-missing' },
        { says: 'Y − Ŷ instead of Ŷ − Y', replace: [['=> summedMseGradient(P, T);', '=> scale(sub(T, P), 2 / P.size);']], mistake: 'sign' },
        { says: 'divided by M only, not by Q = 2', replace: [['=> summedMseGradient(P, T);', '=> scale(sub(P, T), 2 / P.rows);']], mistake: 'factor' },
      ],
    },
    'exercise-2': {
      placeholder: 'not-finite',
      wrong: [
        { says: 'the slope left at 0 with a stable loss', check: '∂ℓ/∂z at the five points', replace: [['return -y * Math.log(p) - (1 - y) * Math.log(1 - p);', 'return y * softplusOf(-z) + (1 - y) * softplusOf(z);'], ['const bceFromLogit', 'const softplusOf = (u: number) => Math.max(u, 0) + Math.log1p(Math.exp(-Math.abs(u)));\nconst bceFromLogit']], mistake: 'zeros' },
        { says: 'y − ŷ: the sign flipped', check: '∂ℓ/∂z at the five points', replace: [['=> 0;       // your ∂ℓ/∂z', '=> y - 1 / (1 + Math.exp(-z));']], mistake: 'sign' },
        { says: 'ŷ(1 − ŷ): the sigmoid’s derivative instead of the loss’s', check: '∂ℓ/∂z at the five points', replace: [['=> 0;       // your ∂ℓ/∂z', '=> { const p = 1 / (1 + Math.exp(-z)); return p * (1 - p); };']], mistake: 'worst-entry' },
        { says: 'log(1 − σ(z)) computed as written', check: 'ℓ at the five points', replace: [['=> 0;       // your ∂ℓ/∂z', '=> 1 / (1 + Math.exp(-z)) - y;']], mistake: 'not-finite' },
      ],
    },
  },
  '05-backpropagation.mdx': {
    'exercise-1': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'δWᵀ doubled on the way down', replace: [['upstream = hadamard(g.dX!, caches[l].X);', 'upstream = scale(g.dX!, 2);'], ['function backpropBuggy', 'import { scale } from "mlp";\nfunction backpropBuggy']], mistake: 'factor' },
        { says: 'the activation of the layer below applied a second time', replace: [['upstream = hadamard(g.dX!, caches[l].X);', 'upstream = l > 0 ? layers[l - 1].activation.backward(caches[l - 1].Z, caches[l - 1].A, g.dX!) : g.dX!;']], mistake: 'worst-entry' },
        { says: 'every gradient with its sign flipped', replace: [['upstream = hadamard(g.dX!, caches[l].X);', 'upstream = g.dX!;'], ['let upstream = lossFn.gradient(Acur, targets);', 'let upstream = lossFn.gradient(targets as Matrix, Acur);']], mistake: 'sign' },
      ],
    },
    'exercise-2': {
      placeholder: 'zeros',
      wrong: [
        { says: 'the difference taken backwards', replace: [['const yourNumericInputGrad = zeros(6, 2);', 'const [forwardNumeric] = numericGradient(() => net.evaluate(Xs, Ys, "mse"), [Xs]);\nconst yourNumericInputGrad = map(forwardNumeric, (g) => -g);']], mistake: 'sign' },
        { says: 'the loss summed over the samples', replace: [['const yourNumericInputGrad = zeros(6, 2);', 'const [yourNumericInputGrad] = numericGradient(() => net.evaluate(Xs, Ys, "mse") * Xs.rows, [Xs]);']], mistake: 'mean-missing' },
        { says: 'transposed to features × samples', replace: [['import { numericGradient } from "mlp";', 'import { numericGradient, transpose as transposeOf } from "mlp";'], ['const yourNumericInputGrad = zeros(6, 2);', 'const yourNumericInputGrad = transposeOf(numericGradient(() => net.evaluate(Xs, Ys, "mse"), [Xs])[0]);']], mistake: 'transpose' },
      ],
    },
    'exercise-3': {
      placeholder: 'factor',
      wrong: [
        { says: 'multiplied by MQ twice', replace: [['gradient: (P, T, out) => mse.gradient(P, T, out),', 'gradient: (P, T) => map(mse.gradient(P, T), (g) => g * P.size * P.size),']], mistake: 'factor' },
        { says: 'Y − Ŷ', replace: [['gradient: (P, T, out) => mse.gradient(P, T, out),', 'gradient: (P, T) => map(mse.gradient(P, T), (g) => -g * P.size),']], mistake: 'sign' },
      ],
    },
    'exercise-4': {
      placeholder: 'zeros',
      wrong: [
        { says: 'the skip path left out of ∂L/∂X', replace: [['return { dX: zeros(X.rows, X.cols), dW: zeros(W.rows, W.cols), db: zeros(1, W.cols) };', 'const d = hadamard(dY, tanhPrime(tanhOf(addRowVector(matmul(X, W), b)))); return { dX: matmulTransposeB(d, W), dW: matmulTransposeA(X, d), db: columnSums(d) };']], mistake: 'listed' },
      ],
    },
    'exercise-5': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'no division by 1 − p', replace: [['return { A: X, backward: (dA: Matrix) => dA };', 'if (!training) return { A: X, backward: (dA: Matrix) => dA }; return { A: hadamard(X, keep), backward: (dA: Matrix) => hadamard(dA, keep) };']], mistake: 'listed' },
        { says: 'the mask left out of the backward pass', replace: [['return { A: X, backward: (dA: Matrix) => dA };', 'if (!training) return { A: X, backward: (dA: Matrix) => dA }; return { A: hadamard(X, scaleBy(keep, 1 / (1 - p))), backward: (dA: Matrix) => scaleBy(dA, 1 / (1 - p)) };']], mistake: 'listed' },
      ],
    },
  },
  '06-kronecker.mdx': {
    'exercise-1': {
      placeholder: 'zeros',
      wrong: [
        { says: 'the 1 of row j·m + i put in column i·n + j (K transposed)', replace: [['  // your code here: set one 1 per row', '  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) K.set(j * m + i, i * n + j, 1);']], mistake: 'transpose' },
        { says: 'the identity: both orders taken to be the same', replace: [['  // your code here: set one 1 per row', '  for (let k = 0; k < m * n; k++) K.set(k, k, 1);']], mistake: 'worst-entry' },
        { says: 'the loop over i one short', replace: [['  // your code here: set one 1 per row', '  for (let i = 0; i < m - 1; i++) for (let j = 0; j < n; j++) K.set(i * n + j, j * m + i, 1);']], mistake: 'few-entries' },
      ],
    },
    'exercise-2': {
      placeholder: 'zeros',
      wrong: [
        { says: 'folded row by row', replace: [['const explicitDW = new Matrix(2, 3);', 'const explicitDW = unvec(matmul(matmul(transpose(vec(mse.gradient(Yhat, Ytarget))), sigmoid.jacobian(Z, Yhat)), kron(identity(3), X)), 2, 3, "row-major");']], mistake: 'vec-order' },
        { says: 'left as the 1×6 row, not folded', replace: [['const explicitDW = new Matrix(2, 3);', 'const explicitDW = matmul(matmul(transpose(vec(mse.gradient(Yhat, Ytarget))), sigmoid.jacobian(Z, Yhat)), kron(identity(3), X));']], mistake: 'reshaped' },
        { says: 'the activation’s Jacobian left out', replace: [['const explicitDW = new Matrix(2, 3);', 'const explicitDW = unvec(matmul(transpose(vec(mse.gradient(Yhat, Ytarget))), kron(identity(3), X)), 2, 3);']], mistake: 'worst-entry' },
        { says: 'the bias gradient summed along each row (a column)', check: '∂L/∂b', replace: [['const explicitDb = new Matrix(1, 3);', 'const explicitDb = rowSums(delta);'], ['import { mse } from "mlp";', 'import { mse, rowSums } from "mlp";']], mistake: 'wrong-axis' },
        { says: 'the bias gradient not summed', check: '∂L/∂b', replace: [['const explicitDb = new Matrix(1, 3);', 'const explicitDb = delta;']], mistake: 'not-summed' },
        { says: 'the bias gradient summed over both axes', check: '∂L/∂b', replace: [['const explicitDb = new Matrix(1, 3);', 'const explicitDb = sum(delta);']], mistake: 'summed' },
      ],
    },
    'exercise-3': {
      placeholder: 'zeros',
      wrong: [
        { says: 'the fraction of zeros', replace: [['const nonzeroFraction = (M: number): number => 0;', 'const nonzeroFraction = (M: number): number => { const J = denseJacobians(fromFunction(M, 2, () => 1), W).dZdX; return 1 - countNonzero(J) / J.size; };']], mistake: 'worst-entry' },
        { says: 'divided by the number of rows', replace: [['const nonzeroFraction = (M: number): number => 0;', 'const nonzeroFraction = (M: number): number => { const J = denseJacobians(fromFunction(M, 2, () => 1), W).dZdX; return countNonzero(J) / J.rows; };']], mistake: 'worst-entry' },
      ],
    },
    'exercise-4': {
      placeholder: 'zeros',
      wrong: [
        { says: 'δᵀX, the other order of the product', replace: [['const contractedW = fromFunction(N4, Q4, () => 0);', 'const contractedW = matmul(transpose(deltaZ), X);']], mistake: 'transpose' },
        {
          says: 'averaged over the samples',
          replace: [['const dZdW4 = new Float64Array(M4 * Q4 * N4 * Q4);', 'const dZdW4 = new Float64Array(M4 * Q4 * N4 * Q4);\nfor (let p = 0; p < M4; p++) for (let q = 0; q < Q4; q++) for (let i = 0; i < N4; i++) dZdW4[at4W(p, q, i, q)] = X.get(p, i);'], ['const contractedW = fromFunction(N4, Q4, () => 0);', 'const contractedW = fromFunction(N4, Q4, (i, j) => { let t = 0; for (let p = 0; p < M4; p++) for (let q = 0; q < Q4; q++) t += deltaZ.get(p, q) * dZdW4[at4W(p, q, i, j)]; return t / M4; });']],
          mistake: 'factor',
        },
      ],
    },
    'exercise-5': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'σ′ written with Z in place of A', replace: [['const G = upstream;', 'const G = hadamard(upstream, map(Z, (z) => z * (1 - z)));']], mistake: 'from-z' },
        { says: 'the activation in place of its derivative', replace: [['const G = upstream;', 'const G = hadamard(upstream, Asig);']], mistake: 'worst-entry' },
        { says: 'Ā ⊙ F with the sign flipped', replace: [['const G = upstream;', 'const G = map(hadamard(upstream, Fprime), (g) => -g);']], mistake: 'sign' },
      ],
    },
  },
  '07-softmax-jacobian.mdx': {
    'exercise-1': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'I − sᵀ1ᵀ: the s in the columns', replace: [['const Jlog = identity(4);', 'const Jlog = sub(identity(4), matmul(transpose(s), full(1, 4, 1)));']], mistake: 'transpose' },
        { says: 'I − diag(s)', replace: [['const Jlog = identity(4);', 'const Jlog = sub(identity(4), fromFunction(4, 4, (i, j) => (i === j ? s.get(0, i) : 0)));']], mistake: 'worst-entry' },
        { says: '1s − I: the sign flipped', replace: [['const Jlog = identity(4);', 'const Jlog = sub(matmul(full(4, 1, 1), s), identity(4));']], mistake: 'sign' },
      ],
    },
    'exercise-2': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'the 1/T of the chain rule left out', replace: [['=> softmaxJacobian(softmax.forward(v));', '=> softmaxJacobian(softmaxT(T)(v));']], mistake: 'factor' },
        { says: 'multiplied by T instead of divided', replace: [['=> softmaxJacobian(softmax.forward(v));', '=> scale(softmaxJacobian(softmaxT(T)(v)), T);']], mistake: 'factor' },
        { says: 'the Jacobian at s = softmax(z) divided by T', replace: [['=> softmaxJacobian(softmax.forward(v));', '=> scale(softmaxJacobian(softmax.forward(v)), 1 / T);']], mistake: 'worst-entry' },
      ],
    },
    'exercise-3': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'diag(s) alone', replace: [['=> identity(2);', '=> fromFunction(2, 2, (i, j) => (i === j ? sPair.get(0, i) : 0));']], mistake: 'softmax-outer-term' },
        { says: 'sᵀs − diag(s): the sign flipped', replace: [['=> identity(2);', '=> fromFunction(2, 2, (i, j) => sPair.get(0, i) * sPair.get(0, j) - (i === j ? sPair.get(0, i) : 0));']], mistake: 'sign' },
        { says: 'the first entry right, the others from the identity', replace: [['=> identity(2);', '=> fromFunction(2, 2, (i, j) => (i === 0 && j === 0 ? sPair.get(0, 0) * (1 - sPair.get(0, 0)) : i === j ? 1 : 0));']], mistake: 'worst-entry' },
      ],
      lookalikes: [
        // sⱼ([i = j] − sᵢ) is the transpose of (7.4)'s sᵢ([i = j] − sⱼ), and the softmax Jacobian is symmetric: not a transpose mistake.
        { says: 'written with i and j swapped', replace: [['=> identity(2);', '=> fromFunction(2, 2, (i, j) => sPair.get(0, j) * ((i === j ? 1 : 0) - sPair.get(0, i)));']] },
      ],
    },
    'exercise-4': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'the centring matrix alone, without the −x̂ᵀx̂/n the variance contributes', replace: [['return identity(x.cols);', 'const r = layerNormForward(x).cache.inverseStd.get(0, 0); return scale(sub(identity(x.cols), scale(full(x.cols, x.cols, 1), 1 / x.cols)), r);']], mistake: 'worst-entry' },
      ],
    },
    'exercise-5': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'diag(s) without −sᵀs', replace: [['return identity(v.cols);', 'const sv = softmax.forward(v); return fromFunction(v.cols, v.cols, (i, j) => (i === j ? sv.get(0, i) : 0));']], mistake: 'softmax-outer-term' },
      ],
    },
  },
  '08-optimizers.mdx': {
    'exercise-1': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'the typo itself', replace: [['const decayCorrect = (t: number) => eta0;', 'const decayCorrect = (t: number) => eta0 / (1 + rho + t);']], mistake: 'worst-entry' },
        { says: 't counted from 0', replace: [['const decayCorrect = (t: number) => eta0;', 'const decayCorrect = (t: number) => eta0 / (1 + rho * (t - 1));']], mistake: 'worst-entry' },
        { says: 'multiplied instead of divided', replace: [['const decayCorrect = (t: number) => eta0;', 'const decayCorrect = (t: number) => eta0 * (1 + rho * t);']], mistake: 'worst-entry' },
      ],
    },
    'exercise-2': {
      placeholder: 'worst-entry',
      wrong: [
        {
          says: 'the bias correction kept',
          replace: [['    // TODO: update m and v by (8.14), then step with m / (√v + ε), without dividing by 1 − βᵗ.', '    for (let i = 0; i < 2; i++) {\n      m[i] = 0.9 * m[i] + 0.1 * g[i];\n      v[i] = 0.999 * v[i] + 0.001 * g[i] ** 2;\n      theta.data[i] -= (lr / (1 - 0.9 ** t)) * m[i] / (Math.sqrt(v[i]) / Math.sqrt(1 - 0.999 ** t) + 1e-8);\n    }']],
          mistake: 'listed',
        },
        {
          says: 'v from g instead of g²',
          replace: [['    // TODO: update m and v by (8.14), then step with m / (√v + ε), without dividing by 1 − βᵗ.', '    for (let i = 0; i < 2; i++) {\n      m[i] = 0.9 * m[i] + 0.1 * g[i];\n      v[i] = 0.999 * v[i] + 0.001 * g[i];\n      theta.data[i] -= lr * m[i] / (Math.sqrt(v[i]) + 1e-8);\n    }']],
          mistake: 'not-finite',
        },
        {
          says: 'β₁ and β₂ swapped',
          replace: [['    // TODO: update m and v by (8.14), then step with m / (√v + ε), without dividing by 1 − βᵗ.', '    for (let i = 0; i < 2; i++) {\n      m[i] = 0.999 * m[i] + 0.001 * g[i];\n      v[i] = 0.9 * v[i] + 0.1 * g[i] ** 2;\n      theta.data[i] -= lr * m[i] / (Math.sqrt(v[i]) + 1e-8);\n    }']],
          mistake: 'worst-entry',
        },
      ],
    },
  },
  '09-training.mdx': {
    'exercise-1': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'the samples never shuffled', replace: [['takeRows(trainTargets, indices)', 'takeRows(targets, indices)'], ['batches(Xdata.rows, 32, rng)', 'batches(Xdata.rows, 32)']], mistake: 'worst-entry' },
        { says: 'the optimizer made anew for every epoch', replace: [['takeRows(trainTargets, indices)', 'takeRows(targets, indices)'], ['    for (const indices of batches(Xdata.rows, 32, rng)) {', '    const fresh = sgd({ lr: 0.05, momentum: 0.9 });\n    for (const indices of batches(Xdata.rows, 32, rng)) {'], ['"softmax_cross_entropy", optimizer)', '"softmax_cross_entropy", fresh)']], mistake: 'worst-entry' },
      ],
    },
    'exercise-2': {
      placeholder: 'zeros',
      wrong: [
        {
          says: 'recall and precision swapped',
          replace: [['const recall = new Array(10).fill(0);', 'const recall = Array.from({ length: 10 }, (_, c) => quickConfusion.get(c, c) / Array.from({ length: 10 }, (_, t) => quickConfusion.get(t, c)).reduce((a, b) => a + b));'], ['const precision = new Array(10).fill(0);', 'const precision = Array.from({ length: 10 }, (_, c) => quickConfusion.get(c, c) / Array.from({ length: 10 }, (_, p) => quickConfusion.get(c, p)).reduce((a, b) => a + b));']],
          mistake: 'listed',
        },
        {
          says: 'in percent',
          replace: [['const recall = new Array(10).fill(0);', 'const recall = Array.from({ length: 10 }, (_, c) => 100 * quickConfusion.get(c, c) / Array.from({ length: 10 }, (_, p) => quickConfusion.get(c, p)).reduce((a, b) => a + b));']],
          mistake: 'factor',
        },
        {
          says: 'the diagonal over all the samples',
          replace: [['const recall = new Array(10).fill(0);', 'const recall = Array.from({ length: 10 }, (_, c) => quickConfusion.get(c, c) / quickPredictions.length);']],
          mistake: 'worst-entry',
        },
      ],
    },
  },
  '10-checking.mdx': {
    'exercise-1': {
      placeholder: 'unanswered',
      wrong: [
        { says: 'the best step of the plain loss', replace: [['const bestStep: number | undefined = undefined;', 'const bestStep = bestCentral.h;']], mistake: 'worst-entry' },
        { says: 'the largest error’s step', replace: [['const bestStep: number | undefined = undefined;', 'const bestStep = Array.from({ length: 21 }, (_, k) => 10 ** (-k / 2)).reduce((a, b) => (Math.abs((lossPlusOffset(theta + b) - lossPlusOffset(theta - b)) / (2 * b) - exact) > Math.abs((lossPlusOffset(theta + a) - lossPlusOffset(theta - a)) / (2 * a) - exact) ? b : a));']], mistake: 'worst-entry' },
      ],
    },
    'exercise-2': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'layer 1’s δ without the tanh derivative', replace: [['const delta1 = hadamard(dA1, map(A1, (a) => 1 - a * a));', 'const delta1 = dA1;']], mistake: 'worst-entry' },
        { says: 'layer 1 stepped uphill', replace: [['first.W.data.set(sub(first.W, scale(matmul(transpose(X), delta1), lr2)).data);', 'first.W.data.set(sub(first.W, scale(matmul(transpose(X), delta1), -lr2)).data);']], mistake: 'worst-entry' },
      ],
    },
    'exercise-3': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'zσ′(z) without σ(z)', replace: [['=> sigmoid.forward(Zs);', '=> map(sigmoid.forward(Zs), (s, i, j) => Zs.get(i, j) * s * (1 - s));']], mistake: 'worst-entry' },
        { says: 'the sign of the product rule’s second term flipped', replace: [['=> sigmoid.forward(Zs);', '=> map(sigmoid.forward(Zs), (s, i, j) => s - Zs.get(i, j) * s * (1 - s));']], mistake: 'worst-entry' },
        { says: 'twice the derivative', replace: [['=> sigmoid.forward(Zs);', '=> map(sigmoid.forward(Zs), (s, i, j) => 2 * (s + Zs.get(i, j) * s * (1 - s)));']], mistake: 'factor' },
        { says: 'the negative of the derivative', replace: [['=> sigmoid.forward(Zs);', '=> map(sigmoid.forward(Zs), (s, i, j) => -(s + Zs.get(i, j) * s * (1 - s)));']], mistake: 'sign' },
      ],
    },
  },
  '11-autodiff.mdx': {
    'exercise-1': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'exp’s local derivative left at 1', replace: [['const expOf = (a: Scalar): Scalar => a;', 'const expOf = (a: Scalar): Scalar => new Scalar(Math.exp(a.value), [a], [1], "exp");']], mistake: 'worst-entry' },
        { says: 'log’s local derivative with the wrong sign', check: "logOf's derivative", replace: [['const logOf = (a: Scalar): Scalar => a;', 'const logOf = (a: Scalar): Scalar => new Scalar(Math.log(a.value), [a], [-1 / a.value], "log");']], mistake: 'sign' },
        { says: 'log’s local derivative a instead of 1/a', check: "logOf's derivative", replace: [['const logOf = (a: Scalar): Scalar => a;', 'const logOf = (a: Scalar): Scalar => new Scalar(Math.log(a.value), [a], [a.value], "log");']], mistake: 'worst-entry' },
      ],
    },
    'exercise-2': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'the local derivative left out', replace: [['(u.grad = v.grad * v.localGrads[k])', '(u.grad += v.grad)']], mistake: 'worst-entry' },
        { says: 'the contributions subtracted', replace: [['(u.grad = v.grad * v.localGrads[k])', '(u.grad -= v.grad * v.localGrads[k])']], mistake: 'worst-entry' },
      ],
    },
    'exercise-3': {
      placeholder: 'worst-entry',
      wrong: [
        { says: 'the decoder’s contribution sent twice', replace: [['return tape.record(transpose(A.value));', 'return tape.record(transpose(A.value), (out) => { Tape.send(A, transpose(out.grad!)); Tape.send(A, transpose(out.grad!)); });']], mistake: 'worst-entry' },
        { says: 'the decoder’s contribution with its sign flipped', replace: [['return tape.record(transpose(A.value));', 'return tape.record(transpose(A.value), (out) => Tape.send(A, map(transpose(out.grad!), (g) => -g)));']], mistake: 'worst-entry' },
      ],
    },
  },
};
