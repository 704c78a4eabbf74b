/**
 * The engine's functions outside the dense stack against PyTorch (tests/fixtures/parity/functions.json,
 * format mlp-function-parity/1, made by scripts/reference/functions.py, which describes every key):
 * Hessian-vector products and the largest curvature of small networks, dropout with a given mask,
 * layer normalisation with its Jacobians, and residual blocks composed from denseForward and add.
 *
 * Exact computations are held to the tolerance of the dense-stack cases, 1e-9 with the same error
 * measure (parityError). The Hessian-vector products are central differences, so they are held to
 * the error their doc comment states instead: at most HVP_TOLERANCE of the product's largest entry.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { activationFromSpec, type ActivationName, type ActivationSpec } from '~/lib/activations/activation';
import { largestCurvature } from '~/lib/curvature';
import { denseBackward, denseForward } from '~/lib/dense';
import { dropoutBackward, dropoutForward } from '~/lib/dropout';
import { hessianVectorProduct } from '~/lib/hessian-vector';
import { layerNormBackward, layerNormForward, layerNormJacobian } from '~/lib/layer-norm';
import { add, fromArray, type Matrix, rowVector } from '~/lib/matrix';
import { Network, type Backprop } from '~/lib/network';
import { DEFAULT_PARITY_TOLERANCE, type ParityCase, type ParityParams } from '~/lib/parity-format';
import { parityError } from '~/lib/parity';
import { expectClose } from '../close';

/** A dense stack as mlp-parity/1 describes one, with directions and PyTorch's products. */
interface HessianCase extends Pick<ParityCase, 'name' | 'inputs' | 'layers' | 'params' | 'loss' | 'x' | 'y'> {
  directions: ParityParams[][];
  kink_margin?: number;
  expect: { products: ParityParams[][]; curvatures: number[] };
}
interface DropoutCase {
  name: string;
  p: number;
  x: number[][];
  keep: number[][];
  upstream: number[][];
  expect: { train: number[][]; train_input_grad: number[][]; test: number[][]; test_input_grad: number[][] };
}
interface LayerNormCase {
  name: string;
  eps: number;
  x: number[][];
  gain: number[];
  bias: number[];
  upstream: number[][];
  expect: { forward: number[][]; input_grad: number[][]; gain_grad: number[]; bias_grad: number[]; jacobians: number[][][] };
}
interface ResidualCase {
  name: string;
  activation: ActivationName;
  slope?: number;
  x: number[][];
  W: number[][];
  b: number[];
  upstream: number[][];
  expect: { forward: number[][]; input_grad: number[][]; W_grad: number[][]; b_grad: number[] };
}
interface FunctionParityFile {
  format: 'mlp-function-parity/1';
  generator: string;
  hessian_vector: HessianCase[];
  dropout: DropoutCase[];
  layer_norm: LayerNormCase[];
  residual: ResidualCase[];
}

const file = JSON.parse(readFileSync(new URL('../fixtures/parity/functions.json', import.meta.url), 'utf8')) as FunctionParityFile;
const TOLERANCE = DEFAULT_PARITY_TOLERANCE;
/** The finite-difference products' stated error, relative to the product's largest entry (measured: below 1e-9). */
const HVP_TOLERANCE = 1e-8;

const spec = (layer: { activation: ActivationName; slope?: number }): ActivationSpec =>
  layer.activation === 'leaky_relu' && layer.slope !== undefined ? { name: 'leaky_relu', slope: layer.slope } : layer.activation;
const flatParams = (params: readonly ParityParams[]) => params.flatMap((p) => [...p.W.flat(), ...p.b]);
const flatMatrices = (list: readonly Matrix[]) => list.flatMap((m) => Array.from(m.data));
const asMatrices = (params: readonly ParityParams[]) => params.flatMap((p) => [fromArray(p.W), rowVector(p.b)]);
/** max |a − e| over max |e|: the error measure of a finite difference, whose error scales with the whole product. */
const relativeToLargest = (actual: readonly number[], expected: readonly number[]) =>
  Math.max(...actual.map((a, k) => Math.abs(a - expected[k]!))) / Math.max(...expected.map(Math.abs));

/** For each direction of a case, the engine's product's error relative to the largest entry of PyTorch's. */
function hessianVectorErrors(c: HessianCase, backprop: Backprop): number[] {
  const net = Network.fromParams(c.inputs, c.layers.map((l) => ({ units: l.units, activation: spec(l) })), c.params);
  const X = fromArray(c.x);
  const Y = fromArray(c.y);
  const gradient = () => net.gradients(X, Y, c.loss, { backprop }).grads;
  return c.directions.map((direction, k) =>
    relativeToLargest(flatMatrices(hessianVectorProduct(gradient, net.params(), asMatrices(direction))), flatParams(c.expect.products[k]!)),
  );
}

describe('the reference file', () => {
  it('is mlp-function-parity/1 with cases in every section', () => {
    expect(file.format).toBe('mlp-function-parity/1');
    expect(file.generator).toMatch(/^scripts\/reference\/functions\.py \(PyTorch 1\.13/);
    for (const section of [file.hessian_vector, file.dropout, file.layer_norm, file.residual]) expect(section.length).toBeGreaterThanOrEqual(4);
  });

  it('covers MSE, softmax cross-entropy and cross-entropy, ReLU kinks kept 1e-3 away, every activation but softmax in a residual', () => {
    expect(new Set(file.hessian_vector.map((c) => c.loss))).toEqual(new Set(['mse', 'softmax_cross_entropy', 'cross_entropy']));
    const kinked = file.hessian_vector.filter((c) => c.layers.some((l) => l.activation === 'relu' || l.activation === 'leaky_relu'));
    expect(kinked.length).toBeGreaterThanOrEqual(2);
    for (const c of kinked) expect(c.kink_margin!).toBeGreaterThanOrEqual(1e-3);
    expect(new Set(file.residual.map((c) => c.activation))).toEqual(new Set(['tanh', 'relu', 'leaky_relu', 'sigmoid']));
    expect(file.layer_norm.some((c) => c.x.length === 1) && file.layer_norm.some((c) => c.x[0]!.length === 1)).toBe(true);
    expect(file.layer_norm.some((c) => c.x.some((row) => row.every((v) => v === row[0])))).toBe(true);
    expect(new Set(file.dropout.map((c) => c.p))).toContain(0);
  });
});

describe('Hessian-vector products: central differences against PyTorch\'s double backward', () => {
  for (const c of file.hessian_vector) {
    for (const backprop of ['efficient', 'kronecker'] satisfies Backprop[]) {
      it(`${c.name} (gradients by ${backprop}): every product within ${HVP_TOLERANCE} of its largest entry`, () => {
        hessianVectorErrors(c, backprop).forEach((error, k) => expect(error, `direction ${k}`).toBeLessThanOrEqual(HVP_TOLERANCE));
      });
    }

    it(`${c.name}: largestCurvature finds PyTorch's κ_max (rtol 1e-7), through a shift when the most negative curvature dominates`, () => {
      const net = Network.fromParams(c.inputs, c.layers.map((l) => ({ units: l.units, activation: spec(l) })), c.params);
      const X = fromArray(c.x);
      const Y = fromArray(c.y);
      const gradient = () => net.gradients(X, Y, c.loss).grads;
      const times = (v: readonly Matrix[]) => hessianVectorProduct(gradient, net.params(), v);
      const kappa = c.expect.curvatures;
      const dominant = Math.abs(kappa[0]!) >= Math.abs(kappa.at(-1)!) ? kappa[0]! : kappa.at(-1)!;
      const options = { tolerance: 1e-9, maxIterations: 5000 };
      const first = largestCurvature(times, net.params(), options);
      expect(first.converged).toBe(true);
      expect(first.curvature).toBeCloseTo(dominant, 6);
      const result = dominant < 0 ? largestCurvature(times, net.params(), { ...options, shift: first.curvature }) : first;
      expect(result.converged).toBe(true);
      expect(Math.abs(result.curvature - kappa[0]!) / Math.abs(kappa[0]!)).toBeLessThanOrEqual(1e-7);
    });
  }
});

describe('dropout with a given mask against x ⊙ R/(1 − p) and F.dropout(training=False)', () => {
  for (const c of file.dropout) {
    it(`${c.name}: train and test, forward and input gradient, within ${TOLERANCE}`, () => {
      const X = fromArray(c.x);
      const upstream = fromArray(c.upstream);
      const train = dropoutForward(X, c.p, { training: true, keep: fromArray(c.keep) });
      expect(parityError(train.A.data, c.expect.train.flat())).toBeLessThanOrEqual(TOLERANCE);
      expect(parityError(dropoutBackward(upstream, train.mask).data, c.expect.train_input_grad.flat())).toBeLessThanOrEqual(TOLERANCE);
      const test = dropoutForward(X, c.p, { training: false });
      expect(parityError(test.A.data, c.expect.test.flat())).toBeLessThanOrEqual(TOLERANCE);
      expect(parityError(dropoutBackward(upstream, test.mask).data, c.expect.test_input_grad.flat())).toBeLessThanOrEqual(TOLERANCE);
    });
  }
});

describe('layer normalisation against torch.nn.functional.layer_norm', () => {
  for (const c of file.layer_norm) {
    it(`${c.name}: forward, ∂L/∂x, ∂L/∂γ, ∂L/∂β and every row's Jacobian, within ${TOLERANCE} relative and ${TOLERANCE} of their scale`, () => {
      const X = fromArray(c.x);
      const options = { gain: rowVector(c.gain), bias: rowVector(c.bias), eps: c.eps };
      const { A, cache } = layerNormForward(X, options);
      const { dX, dGain, dBias } = layerNormBackward(fromArray(c.upstream), cache);
      // Exact zeros (x̂ of a constant row, everything that follows from it) come out of PyTorch as
      // rounding: x̂ = (x − μ)/s is computed from terms of size |x|/s, 790 for a row of 2.5s and
      // ε = 1e-5. So every quantity is held to allclose's rule, 1e-9 relative plus 1e-9 times the
      // size its terms have (S), instead of the per-entry relative error of the dense cases.
      const largest = (values: ArrayLike<number>) => Math.max(...Array.from(values, Math.abs));
      const [inverseS, x, gain, bias, upstream] = [cache.inverseStd.data, X.data, options.gain.data, options.bias.data, c.upstream.flat()].map(largest);
      const xhat = inverseS! * x!;
      const M = X.rows;
      const checks: [string, ArrayLike<number>, number[], number][] = [
        ['forward', A.data, c.expect.forward.flat(), gain! * xhat + bias!],
        ['input_grad', dX.data, c.expect.input_grad.flat(), inverseS! * gain! * upstream!],
        ['gain_grad', dGain.data, c.expect.gain_grad, M * upstream! * xhat],
        ['bias_grad', dBias.data, c.expect.bias_grad, M * upstream!],
        ...c.x.map((row, i): [string, ArrayLike<number>, number[], number] => [
          `jacobian of row ${i}`,
          layerNormJacobian(rowVector(row), { gain: options.gain, eps: c.eps }).data,
          c.expect.jacobians[i]!.flat(),
          inverseS! * gain!,
        ]),
      ];
      for (const [quantity, actual, expected, S] of checks) {
        expect(S, quantity).toBeGreaterThan(0);
        expectClose(actual, expected, { rtol: TOLERANCE, atol: TOLERANCE * S });
      }
    });
  }
});

describe('a residual block y = x + f(xW + b), composed from denseForward, denseBackward and add', () => {
  for (const c of file.residual) {
    it(`${c.name}: forward and the gradients of x (both paths), W and b, within ${TOLERANCE}`, () => {
      const X = fromArray(c.x);
      const layer = { W: fromArray(c.W), b: rowVector(c.b), activation: activationFromSpec(spec(c)) };
      const { Z, A } = denseForward(layer, X);
      const upstream = fromArray(c.upstream);
      const dense = denseBackward(layer, { X, Z, A }, upstream);
      expect(parityError(add(X, A).data, c.expect.forward.flat()), 'forward').toBeLessThanOrEqual(TOLERANCE);
      expect(parityError(add(upstream, dense.dX!).data, c.expect.input_grad.flat()), 'input_grad').toBeLessThanOrEqual(TOLERANCE);
      expect(parityError(dense.dW.data, c.expect.W_grad.flat()), 'W_grad').toBeLessThanOrEqual(TOLERANCE);
      expect(parityError(dense.db.data, c.expect.b_grad), 'b_grad').toBeLessThanOrEqual(TOLERANCE);
    });
  }
});

describe('the checks can fail: a reference number moved by a millionth is caught', () => {
  it('a Hessian-vector product entry moved by 1e-6 of the product\'s largest entry', () => {
    const c = structuredClone(file.hessian_vector.find((k) => k.name === 'tanh-mse')!);
    const largestEntry = Math.max(...flatParams(c.expect.products[0]!).map(Math.abs));
    c.expect.products[0]![1]!.W[2]![0]! += 1e-6 * largestEntry;
    const [moved, ...others] = hessianVectorErrors(c, 'efficient');
    expect(moved).toBeGreaterThan(HVP_TOLERANCE);
    expectClose(moved!, 1e-6, { rtol: 1e-2 });
    for (const error of others) expect(error).toBeLessThanOrEqual(HVP_TOLERANCE);
  });

  it('a layer-norm input-gradient entry moved by one part in a million', () => {
    const c = file.layer_norm.find((k) => k.name === '3x5')!;
    const { cache } = layerNormForward(fromArray(c.x), { gain: rowVector(c.gain), bias: rowVector(c.bias), eps: c.eps });
    const expected = c.expect.input_grad.flat();
    expected[4] = expected[4]! * (1 + 1e-6);
    const S = Math.max(...Array.from(cache.inverseStd.data)) * Math.max(...c.gain.map(Math.abs)) * Math.max(...c.upstream.flat().map(Math.abs));
    const { dX } = layerNormBackward(fromArray(c.upstream), cache);
    expect(() => expectClose(dX.data, expected, { rtol: TOLERANCE, atol: TOLERANCE * S })).toThrow(/entry 4/);
  });
});
