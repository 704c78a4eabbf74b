/**
 * Cross-entropy on probabilities (chapter 04-losses, eqs. 4.3–4.4): L = −Σ Y ⊙ log Ŷ / M, with Ŷ the output of a
 * softmax (each row a distribution) and ∂L/∂Ŷ = −Y ⊘ Ŷ / M.
 *
 * Nothing is clipped. Terms with y = 0 contribute 0 (the convention 0·log 0 = 0; IEEE would give
 * 0·(−∞) = NaN), so the loss is finite whenever every class with y > 0 has ŷ > 0. If a target class
 * has ŷ = 0 exactly (softmax underflowed), the loss is −log 0 = Infinity and that gradient entry is
 * −Infinity: an honest signal that the logits are extreme. softmax_cross_entropy works on the
 * logits and stays finite there.
 */
import { outputBuffer, type Matrix } from '../matrix';
import type { Loss } from './loss';
import { distributionTargets, type Targets } from './targets';

/** Probabilities outside [0, 1] mean the last layer is not a softmax; NaN passes through to the result. */
function checkProbabilities(op: string, Yhat: Matrix): void {
  for (let k = 0; k < Yhat.size; k++) {
    const p = Yhat.data[k];
    if (p < 0 || p > 1) {
      const [i, j] = [Math.floor(k / Yhat.cols), k % Yhat.cols];
      throw new Error(
        `${op}: prediction (${i}, ${j}) is ${p}, expected a probability in [0, 1]; ` +
          `use softmax as the last activation, or softmax_cross_entropy on logits`,
      );
    }
  }
}

function validated(op: string, Yhat: Matrix, targets: Targets): Matrix {
  const Y = distributionTargets(op, Yhat, targets);
  checkProbabilities(op, Yhat);
  return Y;
}

export const crossEntropy: Loss = {
  name: 'cross_entropy',

  value(Yhat: Matrix, targets: Targets): number {
    const Y = validated('cross_entropy', Yhat, targets);
    let total = 0;
    for (let k = 0; k < Yhat.size; k++) {
      const y = Y.data[k];
      if (y !== 0) total -= y * Math.log(Yhat.data[k]);
    }
    return total / Yhat.rows;
  },

  gradient(Yhat: Matrix, targets: Targets, out?: Matrix): Matrix {
    const op = 'cross_entropy.gradient';
    const Y = validated(op, Yhat, targets);
    const G = outputBuffer(op, out, Yhat.rows, Yhat.cols, 'the predictions Ŷ');
    const M = Yhat.rows;
    for (let k = 0; k < Yhat.size; k++) {
      const y = Y.data[k];
      G.data[k] = y === 0 ? 0 : -y / (M * Yhat.data[k]);
    }
    return G;
  },
};
