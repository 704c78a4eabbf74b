/** The network of dense layers and its two passes (chapters 02-forward-pass and 05-backpropagation). */
import { describe, expect, it } from 'vitest';
import { gradientCheck } from '~/lib/gradcheck';
import { lossFromName } from '~/lib/losses/loss';
import { fromFunction, Matrix } from '~/lib/matrix';
import { backwardPass, forwardPass, Network } from '~/lib/network';
import { Sequential } from '~/lib/training';
import { oneHot } from '~/lib/data/one-hot';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';
import type { DenseSpec } from '~/lib/dense';
import type { LossName } from '~/lib/losses/loss';

const randomMatrix = (rows: number, cols: number, seed: number) => {
  const rng = createRng(seed);
  return fromFunction(rows, cols, () => rng.normal());
};

const architectures: { name: string; inputs: number; specs: DenseSpec[]; loss: LossName; targets: (M: number, Q: number) => Matrix }[] = [
  {
    name: 'tanh → sigmoid with mse',
    inputs: 3,
    specs: [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'sigmoid' }],
    loss: 'mse',
    targets: (M, Q) => randomMatrix(M, Q, 99),
  },
  {
    name: 'relu → leaky_relu → softmax with cross_entropy',
    inputs: 4,
    specs: [{ units: 5, activation: 'relu' }, { units: 3, activation: { name: 'leaky_relu', slope: 0.2 } }, { units: 3, activation: 'softmax' }],
    loss: 'cross_entropy',
    targets: (M, Q) => oneHot(Array.from({ length: M }, (_, i) => i % Q), Q),
  },
  {
    name: 'sigmoid → linear with softmax_cross_entropy',
    inputs: 2,
    specs: [{ units: 6, activation: 'sigmoid' }, { units: 4, activation: 'linear' }],
    loss: 'softmax_cross_entropy',
    targets: (M, Q) => oneHot(Array.from({ length: M }, (_, i) => (3 * i) % Q), Q),
  },
];

describe('Sequential construction', () => {
  it('chains layer widths and counts parameters', () => {
    const model = new Sequential(784, [{ units: 128, activation: 'relu' }, { units: 10 }]);
    expect(model.layers.map((l) => l.W.shape)).toEqual([[784, 128], [128, 10]]);
    expect(model.parameterCount()).toBe(784 * 128 + 128 + 128 * 10 + 10);
    expect(model.params()).toHaveLength(4);
    expect(model.summary()).toMatch(/total parameters: 101,770/);
    expect(model.summary()).toMatch(/2 dense\s+linear\s+M×10\s+1,290/);
  });

  it('says which layer is wrong', () => {
    expect(() => new Sequential(3, [{ units: 2 }, { units: 0 }])).toThrow(/Sequential: layer 2 of 2: Dense: units must be a positive integer, got 0/);
    expect(() => new Sequential(3, [])).toThrow(/at least one layer/);
    expect(() =>
      Sequential.fromParams(2, [{ units: 3 }, { units: 1 }], [{ W: [[1, 2, 3], [4, 5, 6]], b: [0, 0, 0] }, { W: [[1], [2]], b: [0] }]),
    ).toThrow('Sequential.fromParams: layer 2: W is (2×1), expected (3×1)');
  });

  it('gives identical weights for the same seed and different ones for another', () => {
    const specs: DenseSpec[] = [{ units: 8, activation: 'relu' }, { units: 3 }];
    const a = new Sequential(5, specs, { seed: 3 }).params().map((p) => Array.from(p.data));
    const b = new Sequential(5, specs, { seed: 3 }).params().map((p) => Array.from(p.data));
    const c = new Sequential(5, specs, { seed: 4 }).params().map((p) => Array.from(p.data));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('rejects inputs of the wrong width and empty batches', () => {
    const model = new Sequential(3, [{ units: 2 }]);
    expect(() => model.predict(new Matrix(4, 2))).toThrow('predict: X is (4×2) but the model takes 3 inputs per sample, expected (M×3)');
    expect(() => model.predict(new Matrix(0, 3))).toThrow(/the batch is empty/);
    expect(() => model.gradients(new Matrix(2, 3), [0, 5], 'softmax_cross_entropy')).toThrow(/class index 1 is 5, expected an integer in \[0, 2\)/);
    expect(() => model.gradients(new Matrix(2, 3), [0, -1], 'softmax_cross_entropy')).toThrow(/class index 1 is -1/);
    expect(() => model.gradients(new Matrix(2, 3), [0, 0.5], 'softmax_cross_entropy')).toThrow(/class index 1 is 0.5/);
    expect(() => model.gradients(new Matrix(2, 3), [0], 'softmax_cross_entropy')).toThrow(/1 class indices for 2 samples/);
  });
});

describe('Sequential.gradients', () => {
  for (const arch of architectures) {
    it(`agrees with central differences (${arch.name}; relative error < 1e-6)`, () => {
      const model = new Sequential(arch.inputs, arch.specs, { seed: 5 });
      const X = randomMatrix(6, arch.inputs, 6);
      const Y = arch.targets(6, arch.specs[arch.specs.length - 1]!.units);
      const { grads, inputGrad } = model.gradients(X, Y, arch.loss);
      const check = gradientCheck(() => model.evaluate(X, Y, arch.loss), [...model.params(), X], [...grads, inputGrad]);
      expect(check.maxRelError).toBeLessThan(1e-6);
    });

    it(`equals the explicit Kronecker path (${arch.name}; rtol 1e-12)`, () => {
      const model = new Sequential(arch.inputs, arch.specs, { seed: 8 });
      const X = randomMatrix(5, arch.inputs, 9);
      const Y = arch.targets(5, arch.specs[arch.specs.length - 1]!.units);
      const efficient = model.gradients(X, Y, arch.loss);
      const explicit = model.gradients(X, Y, arch.loss, { backprop: 'kronecker' });
      expectClose(explicit.loss, efficient.loss, { rtol: 1e-14, atol: 0 });
      efficient.grads.forEach((g, k) => expectClose(explicit.grads[k]!, g, { rtol: 1e-12, atol: 1e-14 }));
      expectClose(explicit.inputGrad, efficient.inputGrad, { rtol: 1e-12, atol: 1e-14 });
    });
  }

  it('takes class indices on both paths, equal to one-hot rows', () => {
    const model = new Sequential(3, [{ units: 4, activation: 'tanh' }, { units: 3 }], { seed: 2 });
    const X = randomMatrix(5, 3, 3);
    const labels = [0, 2, 1, 2, 0];
    const reference = model.gradients(X, oneHot(labels, 3), 'softmax_cross_entropy');
    for (const backprop of ['efficient', 'kronecker'] as const) {
      const g = model.gradients(X, labels, 'softmax_cross_entropy', { backprop });
      expectClose(g.loss, reference.loss, { rtol: 1e-14, atol: 0 });
      g.grads.forEach((m, k) => expectClose(m, reference.grads[k]!, { rtol: 1e-12, atol: 1e-14 }));
    }
    expect(() => model.gradients(X, labels, 'mse', { backprop: 'adjoint' as never })).toThrow(
      `gradients: backprop must be 'efficient' or 'kronecker', got "adjoint"`,
    );
  });

  it('refuses a Kronecker Jacobian above the limit instead of allocating it', () => {
    const model = new Sequential(20, [{ units: 20 }]);
    expect(() => model.gradients(new Matrix(50, 20), new Matrix(50, 20), 'mse', { backprop: 'kronecker', maxEntries: 1000 })).toThrow(
      /over the limit of 1,000/,
    );
  });
});

describe('forwardPass and backwardPass', () => {
  const model = new Sequential(3, [{ units: 5, activation: 'tanh' }, { units: 4, activation: 'relu' }, { units: 2, activation: 'softmax' }], { seed: 4 });
  const X = randomMatrix(6, 3, 1);
  const Y = oneHot([0, 1, 1, 0, 1, 0], 2);
  const L = lossFromName('cross_entropy');

  it('give bit-identical results whether they allocate or write into kept buffers', () => {
    const fresh = forwardPass(model.layers, X);
    const sized = (cols: number) => new Matrix(6, cols);
    const forward = { Z: model.layers.map((l) => sized(l.units)), A: model.layers.map((l) => sized(l.units)) };
    const kept = forwardPass(model.layers, X, forward);
    kept.forEach((t, l) => {
      expect(t.Z).toBe(forward.Z[l]);
      expect(Array.from(t.A.data)).toEqual(Array.from(fresh[l]!.A.data));
    });
    const dYhat = L.gradient(fresh.at(-1)!.A, Y);
    const allocated = backwardPass(model.layers, fresh, dYhat, { inputGrad: true });
    const into = {
      dZ: model.layers.map((l) => sized(l.units)),
      grads: model.layers.flatMap((l) => [new Matrix(l.inputs, l.units), new Matrix(1, l.units)]),
      dA: model.layers.slice(1).map((l) => sized(l.inputs)),
    };
    const buffered = backwardPass(model.layers, kept, dYhat, { into });
    expect(buffered.grads).toBe(into.grads);
    buffered.grads.forEach((g, k) => expect(Array.from(g.data)).toEqual(Array.from(allocated.grads[k]!.data)));
    // Training needs no ∂L/∂X, so the buffered call skips the first layer's δWᵀ.
    expect(buffered.inputGrad).toBeNull();
    expect(allocated.inputGrad!.shape).toEqual([6, 3]);
  });

  it('backwardPass is the δ recursion Sequential.gradients uses', () => {
    const g = model.gradients(X, Y, L);
    const trace = forwardPass(model.layers, X);
    const direct = backwardPass(model.layers, trace, L.gradient(trace.at(-1)!.A, Y), { inputGrad: true });
    g.grads.forEach((m, k) => expect(Array.from(m.data)).toEqual(Array.from(direct.grads[k]!.data)));
    expect(Array.from(g.inputGrad.data)).toEqual(Array.from(direct.inputGrad!.data));
  });

  it('Network alone has the passes but no training, and its errors name it', () => {
    const net = new Network(2, [{ units: 3 }]);
    expect('fit' in net).toBe(false);
    expect(net.predict(new Matrix(1, 2)).shape).toEqual([1, 3]);
    expect(() => new Network(0, [{ units: 1 }])).toThrow('Network: inputs (features per sample) must be a positive integer, got 0');
    expect(Network.fromParams(1, [{ units: 1 }], [{ W: [[2]], b: [1] }])).toBeInstanceOf(Network);
    expect(Sequential.fromParams(1, [{ units: 1 }], [{ W: [[2]], b: [1] }])).toBeInstanceOf(Sequential);
  });
});
