/**
 * The harder exercises' networks are compositions of engine functions, not new layer types: a
 * residual block is denseForward plus `add`, dropout and layer normalisation sit between dense
 * layers, and the backward pass is the same calls in reverse. Each composition is gradient-checked
 * here for every parameter and the input, so a chapter can rely on writing it this way.
 */
import { describe, expect, it } from 'vitest';
import { activationFromSpec, type ActivationName } from '~/lib/activations/activation';
import { denseBackward, denseForward, type DenseParams } from '~/lib/dense';
import { dropoutBackward, dropoutForward } from '~/lib/dropout';
import { gradientCheck } from '~/lib/gradcheck';
import { layerNormBackward, layerNormForward } from '~/lib/layer-norm';
import { mse } from '~/lib/losses/mse';
import { add, fromFunction, type Matrix } from '~/lib/matrix';
import { createRng, type Rng } from '~/lib/random';

const random = (rows: number, cols: number, rng: Rng, scale = 1) => fromFunction(rows, cols, () => scale * rng.normal());
const weightedSum = (A: Matrix, G: Matrix) => A.data.reduce((s, a, e) => s + a * G.data[e]!, 0);
const dense = (inputs: number, units: number, activation: ActivationName, rng: Rng): DenseParams => ({
  W: random(inputs, units, rng, 0.6),
  b: random(1, units, rng, 0.2),
  activation: activationFromSpec(activation),
});

describe('a residual block y = x + f(xW + b), by composition', () => {
  const rng = createRng(1);
  const X = random(4, 3, rng);
  const layer: DenseParams = { W: random(3, 3, rng, 0.7), b: random(1, 3, rng, 0.3), activation: activationFromSpec('tanh') };
  const G = random(4, 3, rng);
  const forward = () => add(X, denseForward(layer, X).A);

  it('the input gradient adds over both paths: ∂L/∂x = ȳ + (the dense path\'s δWᵀ); gradient check < 1e-8', () => {
    const { Z, A } = denseForward(layer, X);
    const dense = denseBackward(layer, { X, Z, A }, G);
    const dX = add(G, dense.dX!);
    expect(gradientCheck(() => weightedSum(forward(), G), [X, layer.W, layer.b], [dX, dense.dW, dense.db]).maxRelError).toBeLessThan(1e-8);
  });

  it('forgetting the skip path (∂L/∂x = δWᵀ alone) is caught: relative error above 1e-2', () => {
    const { Z, A } = denseForward(layer, X);
    const dense = denseBackward(layer, { X, Z, A }, G);
    expect(gradientCheck(() => weightedSum(forward(), G), [X], [dense.dX!]).maxRelError).toBeGreaterThan(1e-2);
  });
});

describe('dense → dropout → dense, with mean squared error', () => {
  it('the backward pass through the same mask is the gradient of every parameter and of the input, to the rounding of central differences', () => {
    const rng = createRng(2);
    const X = random(5, 3, rng);
    const Y = random(5, 2, rng);
    const first = dense(3, 6, 'sigmoid', rng);
    const second = dense(6, 2, 'linear', rng);
    // A stream started afresh draws the same mask on every evaluation: the mask is a constant of the step.
    const run = () => {
      const one = denseForward(first, X);
      const dropped = dropoutForward(one.A, 0.5, { training: true, rng: createRng(3) });
      const two = denseForward(second, dropped.A);
      return { one, dropped, two, loss: mse.value(two.A, Y) };
    };
    const { one, dropped, two } = run();
    expect(dropped.mask.data.some((d) => d === 0) && dropped.mask.data.some((d) => d === 2)).toBe(true);
    const g2 = denseBackward(second, { X: dropped.A, Z: two.Z, A: two.A }, mse.gradient(two.A, Y));
    const g1 = denseBackward(first, { X, Z: one.Z, A: one.A }, dropoutBackward(g2.dX!, dropped.mask));
    const params = [X, first.W, first.b, second.W, second.b];
    // L ≈ 2.4: central differences with h = 1e-6 carry about 5e-10 of rounding (chapter 10-checking, eq. 10.3).
    const check = gradientCheck(() => run().loss, params, [g1.dX!, g1.dW, g1.db, g2.dW, g2.db]);
    expect(check.maxAbsError).toBeLessThan(5e-9);
    expect(check.maxRelError).toBeLessThan(1e-6);
  });
});

describe('dense → layer normalisation → dense, with mean squared error', () => {
  it('γ and β train like any parameter; gradient check of all seven matrices to the rounding of central differences', () => {
    const rng = createRng(4);
    const X = random(4, 3, rng);
    const Y = random(4, 2, rng);
    const first = dense(3, 5, 'relu', rng);
    const gain = random(1, 5, rng);
    const bias = random(1, 5, rng);
    const second = dense(5, 2, 'linear', rng);
    const run = () => {
      const one = denseForward(first, X);
      const normed = layerNormForward(one.A, { gain, bias });
      const two = denseForward(second, normed.A);
      return { one, normed, two, loss: mse.value(two.A, Y) };
    };
    const { one, normed, two } = run();
    expect(one.Z.data.every((z) => Math.abs(z) > 1e-4)).toBe(true);
    const g2 = denseBackward(second, { X: normed.A, Z: two.Z, A: two.A }, mse.gradient(two.A, Y));
    const gNorm = layerNormBackward(g2.dX!, normed.cache);
    const g1 = denseBackward(first, { X, Z: one.Z, A: one.A }, gNorm.dX);
    const params = [X, first.W, first.b, gain, bias, second.W, second.b];
    const analytic = [g1.dX!, g1.dW, g1.db, gNorm.dGain, gNorm.dBias, g2.dW, g2.db];
    // L ≈ 4, so central differences with h = 1e-6 carry about ε_mach·|L|/h ≈ 1e-9 of rounding
    // (chapter 10-checking, eq. 10.3): entries of ∂L/∂X near 1e-5 are only that accurate.
    const check = gradientCheck(() => run().loss, params, analytic);
    expect(check.maxAbsError).toBeLessThan(1e-8);
    expect(check.maxRelError).toBeLessThan(1e-4);
  });
});
