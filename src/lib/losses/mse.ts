/**
 * Mean squared error (chapter 04-losses, eqs. 4.1–4.2): L = Σ (Ŷ − Y)² / (M·Q), the mean over every entry, and
 * ∂L/∂Ŷ = 2 (Ŷ − Y) / (M·Q).
 */
import { outputBuffer, type Matrix } from '../matrix';
import type { Loss } from './loss';
import { checkNotEmpty, targetMatrix, type Targets } from './targets';

export const mse: Loss = {
  name: 'mse',

  value(Yhat: Matrix, targets: Targets): number {
    checkNotEmpty('mse', Yhat);
    const Y = targetMatrix(targets, Yhat.rows, Yhat.cols, 'mse');
    let total = 0;
    for (let k = 0; k < Yhat.size; k++) total += (Yhat.data[k] - Y.data[k]) ** 2;
    return total / Yhat.size;
  },

  gradient(Yhat: Matrix, targets: Targets, out?: Matrix): Matrix {
    checkNotEmpty('mse.gradient', Yhat);
    const Y = targetMatrix(targets, Yhat.rows, Yhat.cols, 'mse.gradient');
    const G = outputBuffer('mse.gradient', out, Yhat.rows, Yhat.cols, 'the predictions Ŷ');
    const scale = 2 / Yhat.size;
    for (let k = 0; k < Yhat.size; k++) G.data[k] = scale * (Yhat.data[k] - Y.data[k]);
    return G;
  },
};
