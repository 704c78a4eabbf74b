import { describe, expect, it } from 'vitest';
import { activationFromSpec, type Activation, type ActivationSpec } from '~/lib/activations/activation';
import { gradientCheck } from '~/lib/gradcheck';
import { initWeights } from '~/lib/init';
import {
  denseJacobians,
  JacobianTooLargeError,
  kroneckerGradients,
  kroneckerJacobianShapes,
} from '~/lib/kronecker';
import { lossFromName, type LossName, type Targets } from '~/lib/losses/loss';
import { addRowVector, fromFunction, hadamard, map, Matrix, matmul, maxAbs, sub, vec, type VecOrder } from '~/lib/matrix';
import { backwardPass, forwardPass } from '~/lib/network';
import type { DenseParams } from '~/lib/dense';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';

const ORDERS: VecOrder[] = ['column-major', 'row-major'];

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  return fromFunction(rows, cols, () => rng.normal());
}

function network(inputs: number, specs: [number, ActivationSpec][], seed: number): DenseParams[] {
  const rng = createRng(seed);
  let n = inputs;
  return specs.map(([units, spec]) => {
    const layer = { W: initWeights('glorot-normal', n, units, rng), b: randomMatrix(1, units, seed + units), activation: activationFromSpec(spec) };
    n = units;
    return layer;
  });
}

/** The forward pass written out independently of the module under test. */
function predict(layers: readonly DenseParams[], X: Matrix): Matrix {
  return layers.reduce((A, { W, b, activation: f }) => f.forward(addRowVector(matmul(A, W), b)), X);
}

/** [W1, b1, W2, b2, …] */
const paramsOf = (layers: readonly DenseParams[]) => layers.flatMap(({ W, b }) => [W, b]);

describe('denseJacobians', () => {
  // Z is affine in X, W and b, so each Jacobian times vec(E) must be the vec of the change E causes.
  const X = randomMatrix(3, 4, 1);
  const W = randomMatrix(4, 2, 2);

  it.each(ORDERS)('maps perturbations exactly like Z = X W + 1b does (%s, to 1e-14)', (order) => {
    const { dZdX, dZdW, dZdb } = denseJacobians(X, W, order);
    expect([dZdX.shape, dZdW.shape, dZdb.shape]).toEqual([[6, 12], [6, 8], [6, 2]]);
    const EX = randomMatrix(3, 4, 3);
    const EW = randomMatrix(4, 2, 4);
    const eb = randomMatrix(1, 2, 5);
    expectClose(matmul(dZdX, vec(EX, order)), vec(matmul(EX, W), order), { rtol: 1e-14, atol: 1e-14 });
    expectClose(matmul(dZdW, vec(EW, order)), vec(matmul(X, EW), order), { rtol: 1e-14, atol: 1e-14 });
    expectClose(matmul(dZdb, vec(eb, order)), vec(addRowVector(new Matrix(3, 2), eb), order), { rtol: 0, atol: 0 });
  });

  it('is the column-major Jacobian with rows and columns permuted into row-major order', () => {
    const c = denseJacobians(X, W, 'column-major');
    const r = denseJacobians(X, W, 'row-major');
    // Exact equality (atol 0; expectClose counts −0 and +0 as equal).
    // Entry (i, j) of an R×C matrix sits at j·R + i column-major and i·C + j row-major.
    const toRow = (k: number, R: number, C: number) => (k % R) * C + Math.floor(k / R);
    const permuted = (J: Matrix, outR: number, outC: number, inR: number, inC: number) =>
      fromFunction(J.rows, J.cols, (p, q) => J.get(toRow(p, outR, outC), toRow(q, inR, inC)));
    expectClose(permuted(r.dZdX, 3, 2, 3, 4), c.dZdX, { rtol: 0, atol: 0 });
    expectClose(permuted(r.dZdW, 3, 2, 4, 2), c.dZdW, { rtol: 0, atol: 0 });
    expectClose(permuted(r.dZdb, 3, 2, 1, 2), c.dZdb, { rtol: 0, atol: 0 });
  });

  it('rejects shapes that do not multiply', () => {
    expect(() => denseJacobians(X, randomMatrix(3, 2, 1))).toThrow(
      'denseJacobians: X (3×4) · W (3×2): inner dimensions 4 and 3 differ',
    );
  });
});

describe('kroneckerGradients', () => {
  const M = 4;
  const X = randomMatrix(M, 3, 10);
  const cases: { name: string; loss: LossName; specs: [number, ActivationSpec][]; targets: Targets }[] = [
    {
      name: 'softmax_cross_entropy on logits, tanh → relu → linear',
      loss: 'softmax_cross_entropy',
      specs: [[5, 'tanh'], [4, 'relu'], [3, 'linear']],
      targets: [2, 0, 1, 2],
    },
    {
      name: 'cross_entropy on a softmax output, sigmoid → softmax',
      loss: 'cross_entropy',
      specs: [[5, 'sigmoid'], [3, 'softmax']],
      targets: [1, 1, 0, 2],
    },
    {
      name: 'mse, leaky_relu → tanh → linear',
      loss: 'mse',
      specs: [[4, { name: 'leaky_relu', slope: 0.1 }], [3, 'tanh'], [2, 'linear']],
      targets: randomMatrix(M, 2, 11),
    },
  ];

  it.each(cases)('matches central differences for every W, b and X: $name (relative error < 1e-6)', (c) => {
    const layers = network(3, c.specs, 20);
    const L = lossFromName(c.loss);
    for (const order of ORDERS) {
      const { loss: value, grads, inputGrad } = kroneckerGradients(layers, X, c.targets, L, { order });
      expect(value).toBe(L.value(predict(layers, X), c.targets));
      const check = gradientCheck(() => L.value(predict(layers, X), c.targets), [...paramsOf(layers), X], [...grads, inputGrad]);
      expect(check.maxRelError).toBeLessThan(1e-6);
    }
  });

  it.each(cases)('gives the same gradients in both vec orders (rtol 1e-12): $name', (c) => {
    const layers = network(3, c.specs, 21);
    const col = kroneckerGradients(layers, X, c.targets, lossFromName(c.loss), { order: 'column-major' });
    const row = kroneckerGradients(layers, X, c.targets, lossFromName(c.loss), { order: 'row-major' });
    [...col.grads, col.inputGrad].forEach((g, k) => {
      const other = [...row.grads, row.inputGrad][k];
      expect(other.shape).toEqual(g.shape);
      expectClose(other, g, { rtol: 1e-12, atol: 1e-15 });
    });
  });

  // The witness shares only the forward pass with the efficient path: with every derivative the
  // efficient path uses replaced by one that throws, it must still give the same numbers.
  it.each(cases)('computes its own derivatives, calling no backward, jacobian or loss gradient: $name (rtol 1e-12)', (c) => {
    const layers = network(3, c.specs, 23);
    const honest = kroneckerGradients(layers, X, c.targets, lossFromName(c.loss));
    const refuse = (what: string) => () => {
      throw new Error(`the witness called ${what}`);
    };
    const blind = layers.map((l) => ({ ...l, activation: { ...l.activation, backward: refuse('backward'), jacobian: refuse('jacobian') } }));
    const lossWithoutGradient = { ...lossFromName(c.loss), gradient: refuse('loss.gradient') };
    for (const order of ORDERS) {
      const witness = kroneckerGradients(blind, X, c.targets, lossWithoutGradient, { order });
      expect(witness.loss).toBe(honest.loss);
      [...witness.grads, witness.inputGrad].forEach((g, k) => expectClose(g, [...honest.grads, honest.inputGrad][k]!, { rtol: 1e-12, atol: 1e-15 }));
    }
  });

  it('disagrees with the efficient path when an activation derivative is wrong', () => {
    const layers = network(3, [[4, 'tanh'], [2, 'linear']], 24);
    const Y = randomMatrix(M, 2, 25);
    // A tanh whose backward forgets the square: 1 − tanh(z) instead of 1 − tanh²(z).
    const tanh = layers[0]!.activation;
    const wrongTanh = { ...tanh, backward: (Z: Matrix, A: Matrix, dA: Matrix) => hadamard(map(A, (a) => 1 - a), dA) };
    const broken = [{ ...layers[0]!, activation: wrongTanh }, layers[1]!];
    const L = lossFromName('mse');
    const trace = forwardPass(broken, X);
    const efficient = backwardPass(broken, trace, L.gradient(trace.at(-1)!.A, Y)).grads;
    const witness = kroneckerGradients(broken, X, Y, L).grads;
    expect(maxAbs(sub(efficient[0]!, witness[0]!))).toBeGreaterThan(1e-3);
    // The layer above the wrong derivative is unaffected.
    expectClose(efficient[2]!, witness[2]!, { rtol: 1e-12, atol: 1e-15 });
  });

  it('returns the gradients shaped like W1, b1, W2, b2 and X', () => {
    const layers = network(3, cases[0].specs, 22);
    const { grads, inputGrad } = kroneckerGradients(layers, X, cases[0].targets, lossFromName('softmax_cross_entropy'));
    expect(grads.map((g) => g.shape)).toEqual(paramsOf(layers).map((p) => p.shape));
    expect(inputGrad.shape).toEqual([M, 3]);
  });

  it('checks the layer shapes and options', () => {
    const layers = network(3, [[2, 'relu']], 1);
    const mse = lossFromName('mse');
    expect(() => kroneckerGradients(layers, randomMatrix(2, 4, 1), new Matrix(2, 2), mse)).toThrow(
      'kroneckerGradients: layer 1: W is (3×2), expected 4 rows for its 4 inputs',
    );
    expect(() => kroneckerGradients([{ ...layers[0], b: new Matrix(2, 1) }], X, new Matrix(M, 2), mse)).toThrow(
      'kroneckerGradients: layer 1: b is (2×1), expected (1×2)',
    );
    expect(() => kroneckerGradients([], X, new Matrix(M, 3), mse)).toThrow('kroneckerGradients: no layers');
    expect(() => kroneckerGradients(layers, X, new Matrix(M, 2), mse, { order: 'diagonal' as VecOrder })).toThrow(
      `kroneckerGradients: vec order must be 'column-major' or 'row-major', got "diagonal"`,
    );
  });
});

describe('the size refusal', () => {
  it('names the layer, the Jacobian, its shape, entry count and the limit, and suggests what to do', () => {
    // M = 4, 3 → 5 → 2: layer 1's activation Jacobian is 20×20 = 400 entries.
    const layers = network(3, [[5, 'relu'], [2, 'linear']], 1);
    let error: unknown;
    try {
      kroneckerGradients(layers, randomMatrix(4, 3, 1), [0, 1, 1, 0], lossFromName('softmax_cross_entropy'), { maxEntries: 300 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JacobianTooLargeError);
    const e = error as JacobianTooLargeError;
    expect([e.jacobian, e.rows, e.cols, e.entries, e.limit]).toEqual(['∂vec(A)/∂vec(Z)', 20, 20, 400, 300]);
    expect(e.message).toBe(
      'kroneckerGradients: layer 1: the Jacobian ∂vec(A)/∂vec(Z) would be 20×20 = 400 entries, over the limit of 300 ' +
        "(maxEntries). Use the efficient δ backpropagation (backprop: 'efficient'), or a batch smaller than M = 4: " +
        'these Jacobians grow with M, some with M².',
    );
  });

  it('refuses an MNIST-sized batch before the forward pass or any allocation', () => {
    // 64 samples, 784 → 128 → 10: ∂vec Z/∂vec W of layer 1 alone would be 8192×100352 ≈ 8.2e8 entries (6.6 GB).
    let forwardCalls = 0;
    const relu = activationFromSpec('relu');
    const counting: Activation = { ...relu, forward: (Z, out) => (forwardCalls++, relu.forward(Z, out)) };
    const layers = [
      { W: new Matrix(784, 128), b: new Matrix(1, 128), activation: counting },
      { W: new Matrix(128, 10), b: new Matrix(1, 10), activation: activationFromSpec('linear') },
    ];
    expect(() => kroneckerGradients(layers, new Matrix(64, 784), new Int32Array(64), lossFromName('softmax_cross_entropy'))).toThrow(
      'kroneckerGradients: layer 1: the Jacobian ∂vec(A)/∂vec(Z) would be 8192×8192 = 67,108,864 entries, over the limit of 4,000,000',
    );
    expect(forwardCalls).toBe(0);
  });

  it('lists the shapes it would build, and denseJacobians refuses on its own', () => {
    const shapes = kroneckerJacobianShapes([{ W: new Matrix(784, 128) }], 64);
    expect(shapes.map((s) => [s.jacobian, s.rows, s.cols])).toEqual([
      ['∂vec(A)/∂vec(Z)', 8192, 8192],
      ['∂vec(Z)/∂vec(W)', 8192, 100352],
      ['∂vec(Z)/∂b', 8192, 128],
      ['∂vec(Z)/∂vec(X)', 8192, 50176],
    ]);
    expect(() => denseJacobians(new Matrix(64, 784), new Matrix(784, 128))).toThrow(
      'denseJacobians: the Jacobian ∂vec(Z)/∂vec(W) would be 8192×100352 = 822,083,584 entries',
    );
  });
});
