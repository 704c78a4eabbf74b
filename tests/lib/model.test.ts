import { describe, expect, it } from 'vitest';
import { makeBlobs, makeSpirals } from '~/lib/data/datasets';
import { gradientCheck } from '~/lib/gradcheck';
import { loss } from '~/lib/losses/loss';
import { fromArray, fromFunction, Matrix } from '~/lib/matrix';
import { NonFiniteLossError, Sequential } from '~/lib/model';
import { sgd } from '~/lib/optimizers/sgd';
import { adam } from '~/lib/optimizers/adam';
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

  it('refuses a Kronecker Jacobian above the limit instead of allocating it', () => {
    const model = new Sequential(20, [{ units: 20 }]);
    expect(() => model.gradients(new Matrix(50, 20), new Matrix(50, 20), 'mse', { backprop: 'kronecker', maxEntries: 1000 })).toThrow(
      /over the limit of 1,000/,
    );
  });
});

describe('Sequential.trainStep', () => {
  it('equals gradients() followed by the optimizer step', () => {
    const a = new Sequential(3, [{ units: 4, activation: 'tanh' }, { units: 2, activation: 'softmax' }], { seed: 1 });
    const b = Sequential.fromJSON(a.toJSON());
    const X = randomMatrix(7, 3, 2);
    const Y = oneHot([0, 1, 1, 0, 1, 0, 0], 2);
    const stepLoss = a.trainStep(X, Y, 'cross_entropy', sgd({ lr: 0.3, momentum: 0.9 }));
    const { loss: value, grads } = b.gradients(X, Y, 'cross_entropy');
    sgd({ lr: 0.3, momentum: 0.9 }).step(b.params(), grads);
    expectClose(stepLoss, value, { rtol: 1e-15, atol: 0 });
    a.params().forEach((p, k) => expectClose(p, b.params()[k]!, { rtol: 1e-14, atol: 1e-15 }));
  });

  it('reuses its buffers: the gradient matrices are the same objects on every call of one batch size', () => {
    const model = new Sequential(3, [{ units: 4, activation: 'relu' }, { units: 2 }], { seed: 1 });
    const X = randomMatrix(8, 3, 2);
    const Y = oneHot([0, 1, 1, 0, 1, 0, 0, 1], 2);
    const seen: Matrix[][] = [];
    const recorder = { name: 'recorder', t: 0, step: (_: readonly Matrix[], grads: readonly Matrix[]) => void seen.push([...grads]) };
    for (let i = 0; i < 3; i++) model.trainStep(X, Y, loss('softmax_cross_entropy'), recorder);
    seen[0]!.forEach((g, k) => {
      expect(seen[1]![k]).toBe(g);
      expect(seen[2]![k]).toBe(g);
    });
  });
});

describe('Sequential.fit', () => {
  it('learns three blobs to > 95 % training accuracy (seeded)', async () => {
    const { X, y } = makeBlobs({ samples: 300, centers: 3, seed: 2 });
    const model = new Sequential(2, [{ units: 16, activation: 'relu' }, { units: 3 }], { seed: 3 });
    const history = await model.fit(X, y, {
      loss: 'softmax_cross_entropy', optimizer: { name: 'adam', lr: 0.02 }, epochs: 20, batchSize: 32, seed: 4, metrics: ['accuracy'],
    });
    const last = history.epochs[history.epochs.length - 1]!;
    expect(history.epochs).toHaveLength(20);
    expect(history.batchLosses).toHaveLength(20 * Math.ceil(300 / 32));
    expect(last.loss).toBeLessThan(history.epochs[0]!.loss);
    expect(last.accuracy).toBeGreaterThan(0.95);
  });

  it('reduces the loss on spirals and reports validation metrics each epoch', async () => {
    const train = makeSpirals({ samples: 300, arms: 3, seed: 1 });
    const val = makeSpirals({ samples: 90, arms: 3, seed: 2 });
    const model = new Sequential(2, [{ units: 32, activation: 'tanh' }, { units: 32, activation: 'tanh' }, { units: 3 }], { seed: 5 });
    const history = await model.fit(train.X, train.y, {
      loss: 'softmax_cross_entropy', optimizer: adam({ lr: 0.01 }), epochs: 30, batchSize: 30, seed: 6,
      validation: { X: val.X, targets: val.y }, metrics: ['accuracy'],
    });
    const first = history.epochs[0]!, last = history.epochs[history.epochs.length - 1]!;
    expect(last.loss).toBeLessThan(0.7 * first.loss);
    expect(last.valLoss).toBeDefined();
    expect(last.valAccuracy).toBeGreaterThan(0.6);
  });

  it('is reproducible: same seeds, same history and weights', async () => {
    const run = async () => {
      const { X, y } = makeBlobs({ samples: 64, centers: 2, seed: 1 });
      const model = new Sequential(2, [{ units: 4, activation: 'sigmoid' }, { units: 2 }], { seed: 9 });
      const history = await model.fit(X, y, { loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.1 }, epochs: 3, batchSize: 10, seed: 7 });
      return { losses: history.batchLosses, params: model.params().map((p) => Array.from(p.data)) };
    };
    expect(await run()).toEqual(await run());
  });

  it('calls onBatch with progress and the short last batch, and onEpoch once per epoch', async () => {
    const { X, y } = makeBlobs({ samples: 25, centers: 2, seed: 1 });
    const model = new Sequential(2, [{ units: 2 }]);
    const progress: number[] = [];
    const batchNumbers: string[] = [];
    let epochs = 0;
    await model.fit(X, y, {
      loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.1 }, epochs: 2, batchSize: 10,
      onBatch: (info) => { progress.push(info.progress); batchNumbers.push(`${info.epoch}.${info.batch}/${info.batches}`); },
      onEpoch: () => void epochs++,
    });
    expect(batchNumbers).toEqual(['1.1/3', '1.2/3', '1.3/3', '2.1/3', '2.2/3', '2.3/3']);
    expectClose(progress, [1, 2, 3, 4, 5, 6].map((s) => s / 6), { rtol: 1e-15, atol: 0 });
    expect(epochs).toBe(2);
  });

  it('stops cleanly when aborted, leaving finite parameters', async () => {
    const { X, y } = makeBlobs({ samples: 100, centers: 2, seed: 1 });
    const model = new Sequential(2, [{ units: 3, activation: 'relu' }, { units: 2 }]);
    const controller = new AbortController();
    let batches = 0;
    const history = await model.fit(X, y, {
      loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.1 }, epochs: 50, batchSize: 10, signal: controller.signal,
      onBatch: () => { if (++batches === 5) controller.abort(); },
    });
    expect(history.stopped).toBe('aborted');
    expect(history.batchLosses).toHaveLength(5);
    for (const p of model.params()) expect(Array.from(p.data).every(Number.isFinite)).toBe(true);
  });

  it('stops on NaN input, naming the epoch, the batch and the input', async () => {
    const X = fromArray([[0, 1], [1, 0], [NaN, 1], [1, 1]]);
    const model = new Sequential(2, [{ units: 2 }]);
    const run = model.fit(X, [0, 1, 0, 1], { loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.1 }, batchSize: 2, shuffle: false });
    await expect(run).rejects.toThrow(NonFiniteLossError);
    await expect(run).rejects.toThrow(/at epoch 1, batch 2\. First non-finite value: the input X \(row 0, column 0 is NaN\)/);
  });

  it('stops when a diverging update makes a layer non-finite, naming the layer', async () => {
    // Inputs near 1e10 and lr = 1e300: the first update pushes W past the float64 range.
    const X = fromFunction(8, 2, (i, j) => 1e10 * (1 + i + j));
    const Y = fromFunction(8, 1, (i) => i);
    const model = new Sequential(2, [{ units: 1 }], { seed: 2 });
    const error = await model
      .fit(X, Y, { loss: 'mse', optimizer: { name: 'sgd', lr: 1e300 }, epochs: 3, batchSize: 8 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const e = error as NonFiniteLossError;
    expect([e.epoch, e.batch, e.layer]).toEqual([2, 1, 1]);
    expect(e.message).toMatch(/First non-finite value: layer 1 \(linear\): its weights W \(row \d, column 0 is (NaN|-?Infinity)\), after an update diverged/);
  });

  it('rejects bad options with what it expected', async () => {
    const model = new Sequential(2, [{ units: 2 }]);
    const X = new Matrix(4, 2);
    await expect(model.fit(X, [0, 1, 0, 1], { loss: 'mse', optimizer: { name: 'sgd', lr: 0.1 }, epochs: 0 })).rejects.toThrow(
      'fit: epochs must be a positive integer, got 0',
    );
    await expect(model.fit(X, [0, 1, 0, 2], { loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.1 } })).rejects.toThrow(
      /fit: class index 3 is 2, expected an integer in \[0, 2\)/,
    );
    await expect(model.fit(X, [0, 1, 0, 1], { loss: 'mse', optimizer: { name: 'sgd', lr: -1 } })).rejects.toThrow(/lr/);
  });
});
