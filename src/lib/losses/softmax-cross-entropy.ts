/**
 * Softmax fused with cross-entropy, on logits Z (chapter 07-softmax-jacobian, eq. 7.17; chapter 04-losses, eqs. 4.7–4.8).
 * Since log softmax(z)_j = z_j − lse(z) with lse(z) = log Σ_k e^{z_k},
 *   L = Σ_i Σ_j y_ij (lse(z_i) − z_ij) / M,
 * which never forms a probability, so it never takes log 0: for logits [1e4, −1e4] it is exactly 0
 * for the first class and 2e4 for the second. Multiplying the softmax Jacobian diag(s) − sᵀs by
 * −y/s collapses the gradient to (softmax(Z) − Y) / M (target rows sum to 1).
 */
import { rowLogSumExp, softmax } from '../activations/softmax';
import { withContext } from '../errors';
import { assertNotAliased, outputBuffer, type Matrix } from '../matrix';
import type { Loss } from './loss';
import { distributionTargets, type Targets } from './targets';

export const softmaxCrossEntropy: Loss = {
  name: 'softmax_cross_entropy',

  value(Z: Matrix, targets: Targets): number {
    const Y = distributionTargets('softmax_cross_entropy', Z, targets);
    let total = 0;
    for (let i = 0; i < Z.rows; i++) {
      const lse = rowLogSumExp(Z, i);
      for (let j = 0; j < Z.cols; j++) {
        const y = Y.data[i * Z.cols + j];
        // lse − z is computed first: for the winning class it is a small, exact difference.
        if (y !== 0) total += y * (lse - Z.data[i * Z.cols + j]);
      }
    }
    return total / Z.rows;
  },

  gradient(Z: Matrix, targets: Targets, out?: Matrix): Matrix {
    const op = 'softmax_cross_entropy.gradient';
    const Y = distributionTargets(op, Z, targets);
    // The softmax is written into G before Y is subtracted, so G must not be Y's memory.
    if (out) assertNotAliased(op, out, 'the targets', Y);
    const G = withContext(op, () => softmax.forward(Z, outputBuffer(op, out, Z.rows, Z.cols, 'the logits Z')));
    const M = Z.rows;
    for (let k = 0; k < G.size; k++) G.data[k] = (G.data[k] - Y.data[k]) / M;
    return G;
  },
};
