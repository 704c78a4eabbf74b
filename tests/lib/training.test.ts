/** Training: one optimizer step per batch and `fit` (chapter 09-training). */
import { describe, expect, it } from 'vitest';
import { makeBlobs, makeSpirals } from '~/lib/data/datasets';
import { lossFromName } from '~/lib/losses/loss';
import { fromArray, fromFunction, Matrix } from '~/lib/matrix';
import { NonFiniteLossError, Sequential } from '~/lib/training';
import { sgd } from '~/lib/optimizers/sgd';
import { adam } from '~/lib/optimizers/adam';
import { oneHot } from '~/lib/data/one-hot';
import { trainValidationSplit } from '~/lib/data/split';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';

const randomMatrix = (rows: number, cols: number, seed: number) => {
  const rng = createRng(seed);
  return fromFunction(rows, cols, () => rng.normal());
};

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

  it('takes class indices as well as one-hot rows, with the same result', () => {
    const a = new Sequential(3, [{ units: 5, activation: 'relu' }, { units: 3 }], { seed: 2 });
    const b = Sequential.fromJSON(a.toJSON());
    const X = randomMatrix(6, 3, 4);
    const labels = [2, 0, 1, 1, 0, 2];
    const optimizerA = adam({ lr: 0.01 });
    const optimizerB = adam({ lr: 0.01 });
    for (let i = 0; i < 3; i++) {
      const withIndices = a.trainStep(X, Int32Array.from(labels), 'softmax_cross_entropy', optimizerA);
      const withRows = b.trainStep(X, oneHot(labels, 3), 'softmax_cross_entropy', optimizerB);
      expectClose(withIndices, withRows, { rtol: 0, atol: 0 });
    }
    a.params().forEach((p, k) => expectClose(p, b.params()[k]!, { rtol: 0, atol: 0 }));
    expect(() => a.trainStep(X, [2, 0, 1, 1, 0, 3], 'softmax_cross_entropy', optimizerA)).toThrow(
      /trainStep: class index 5 is 3, expected an integer in \[0, 3\)/,
    );
    expect(() => a.trainStep(X, [2, 0, 1], 'softmax_cross_entropy', optimizerA)).toThrow(/trainStep: 3 class indices for 6 samples/);
  });

  // Every Matrix (and every other numeric buffer) is a Float64Array underneath, so counting
  // constructions of Float64Array counts the engine's allocations.
  for (const { loss: lossName, last, labels } of [
    { loss: 'mse', last: 'linear', labels: false },
    { loss: 'cross_entropy', last: 'softmax', labels: true },
    { loss: 'softmax_cross_entropy', last: 'linear', labels: false },
  ] as const) {
    it(`allocates no Float64Array after its first call (${lossName}, ${labels ? 'class indices' : 'target matrix'})`, () => {
      const model = new Sequential(4, [{ units: 6, activation: 'tanh' }, { units: 5, activation: 'relu' }, { units: 3, activation: last }], { seed: 3 });
      const X = randomMatrix(9, 4, 5);
      const classes = Array.from({ length: 9 }, (_, i) => i % 3);
      const targets = labels ? classes : lossName === 'mse' ? randomMatrix(9, 3, 6) : oneHot(classes, 3);
      const optimizer = adam({ lr: 1e-3 });
      model.trainStep(X, targets, lossName, optimizer);
      const Original = globalThis.Float64Array;
      let constructed = 0;
      globalThis.Float64Array = new Proxy(Original, {
        construct(target, args, newTarget) {
          constructed++;
          return Reflect.construct(target, args, newTarget);
        },
      });
      try {
        for (let i = 0; i < 5; i++) model.trainStep(X, targets, lossName, optimizer);
      } finally {
        globalThis.Float64Array = Original;
      }
      expect(constructed).toBe(0);
      // The probe itself works: a Matrix built while it is installed is counted.
      globalThis.Float64Array = new Proxy(Original, { construct: (t, a, n) => (constructed++, Reflect.construct(t, a, n)) });
      try {
        new Matrix(2, 2);
      } finally {
        globalThis.Float64Array = Original;
      }
      expect(constructed).toBe(1);
    });
  }

  it('skips the update when the loss is not finite, leaving the parameters that produced it', () => {
    const model = new Sequential(2, [{ units: 2 }], { seed: 1 });
    const before = model.params().map((p) => Array.from(p.data));
    const value = model.trainStep(fromArray([[NaN, 1]]), [1], 'softmax_cross_entropy', sgd({ lr: 0.1 }));
    expect(value).toBeNaN();
    expect(model.params().map((p) => Array.from(p.data))).toEqual(before);
  });

  it('reuses its buffers: the gradient matrices are the same objects on every call of one batch size', () => {
    const model = new Sequential(3, [{ units: 4, activation: 'relu' }, { units: 2 }], { seed: 1 });
    const X = randomMatrix(8, 3, 2);
    const Y = oneHot([0, 1, 1, 0, 1, 0, 0, 1], 2);
    const seen: Matrix[][] = [];
    const recorder = { name: 'recorder', t: 0, step: (_: readonly Matrix[], grads: readonly Matrix[]) => void seen.push([...grads]) };
    for (let i = 0; i < 3; i++) model.trainStep(X, Y, lossFromName('softmax_cross_entropy'), recorder);
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

  it('reports batch accuracy in onBatch when asked, and the epoch accuracy is their size-weighted mean', async () => {
    const { X, y } = makeBlobs({ samples: 25, centers: 2, seed: 3 });
    const model = new Sequential(2, [{ units: 2 }], { seed: 1 });
    const seen: { accuracy?: number; size: number }[] = [];
    const history = await model.fit(X, y, {
      loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.05 }, batchSize: 10, seed: 2, metrics: ['accuracy'],
      onBatch: (info) => void seen.push({ ...info.metrics, size: info.batch < info.batches ? 10 : 5 }),
    });
    expect(seen).toHaveLength(3);
    for (const s of seen) expect(s.accuracy! * s.size).toBeCloseTo(Math.round(s.accuracy! * s.size), 12);
    const weighted = seen.reduce((t, s) => t + s.accuracy! * s.size, 0) / 25;
    expectClose(history.epochs[0]!.accuracy!, weighted, { rtol: 1e-14, atol: 0 });
    const plain: object[] = [];
    await model.fit(X, y, { loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.05 }, onBatch: (info) => void plain.push(info.metrics) });
    expect(plain).toEqual([{}]);
  });

  it('holds out validationSplit of the samples, seeded, and never trains on them', async () => {
    const { X, y } = makeBlobs({ samples: 50, centers: 2, seed: 4 });
    const run = async () => {
      const model = new Sequential(2, [{ units: 2 }], { seed: 1 });
      const history = await model.fit(X, y, {
        loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.1 }, epochs: 2, batchSize: 8, seed: 5, validationSplit: 0.2,
      });
      return { history, model };
    };
    const { history, model } = await run();
    // 40 training samples in batches of 8: 5 steps per epoch.
    expect(history.batchLosses).toHaveLength(10);
    expect(history.epochs.every((e) => Number.isFinite(e.valLoss))).toBe(true);
    const again = await run();
    expect(again.history).toEqual(history);
    // The validation loss is the model's loss on samples that are not in the training part.
    const { validation } = trainValidationSplit(X, y, 0.2, 5);
    expectClose(history.epochs[1]!.valLoss!, model.evaluate(validation.X, validation.y, 'softmax_cross_entropy'), { rtol: 1e-15, atol: 0 });
    await expect(
      model.fit(X, y, { loss: 'mse', optimizer: { name: 'sgd', lr: 0.1 }, validationSplit: 0.2, validation: { X, targets: y } }),
    ).rejects.toThrow('fit: give either validation or validationSplit, not both');
    await expect(model.fit(X, y, { loss: 'mse', optimizer: { name: 'sgd', lr: 0.1 }, validationSplit: 1.5 })).rejects.toThrow(/fraction .* must be in \(0, 1\), got 1.5/);
  });

  it('yields to the event loop, so an abort from a timer stops it', async () => {
    const { X, y } = makeBlobs({ samples: 40, centers: 2, seed: 1 });
    const model = new Sequential(2, [{ units: 2 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 0);
    const history = await model.fit(X, y, {
      loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.1 }, epochs: 1000, batchSize: 10, signal: controller.signal, yieldEveryMs: 0,
    });
    expect(history.stopped).toBe('aborted');
    expect(history.batchLosses.length).toBeGreaterThan(0);
    expect(history.batchLosses.length).toBeLessThan(4000);
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

  it('names the layer whose forward pass overflowed, and keeps the parameters that did it', async () => {
    // Layer 1 maps x to 1e200·x (finite); layer 2 multiplies by 1e200 again: Z⁽²⁾ = 1e400 = Infinity.
    const model = Sequential.fromParams(1, [{ units: 1, activation: 'tanh' }, { units: 1, activation: 'linear' }, { units: 1 }], [
      { W: [[1]], b: [0] },
      { W: [[1e200]], b: [0] },
      { W: [[1e200]], b: [0] },
    ]);
    const before = model.toJSON();
    const error = await model
      .fit(fromArray([[1], [2]]), fromArray([[0], [1]]), { loss: 'mse', optimizer: { name: 'sgd', lr: 0.1 }, batchSize: 2 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const e = error as NonFiniteLossError;
    expect([e.epoch, e.batch, e.layer]).toEqual([1, 1, 3]);
    expect(e.message).toMatch(/First non-finite value: layer 3 \(linear\): Z = A W \+ b \(row 0, column 0 is -?Infinity\)/);
    expect(model.toJSON()).toEqual(before);
  });

  it('names the softmax layer whose logits overflowed, though softmax itself refuses them', async () => {
    // Z⁽²⁾ = 1e200 · 1e200 · x = Infinity: softmax has no distribution for it.
    const model = Sequential.fromParams(1, [{ units: 1, activation: 'linear' }, { units: 2, activation: 'softmax' }], [
      { W: [[1e200]], b: [0] },
      { W: [[1e200, -1]], b: [0, 0] },
    ]);
    const error = await model.fit(fromArray([[1], [2]]), [0, 1], { loss: 'cross_entropy', optimizer: { name: 'sgd', lr: 0.1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    const e = error as NonFiniteLossError;
    expect([e.epoch, e.batch, e.layer]).toEqual([1, 1, 2]);
    expect(e.message).toMatch(/First non-finite value: layer 2 \(softmax\): Z = A W \+ b \(row 0, column 0 is Infinity\)/);
  });

  it('says when only the loss is infinite (cross-entropy of an underflowed probability)', async () => {
    // softmax([1000, −1000]) = [1, 0] exactly; the target class has probability 0, so −log 0 = Infinity.
    const model = Sequential.fromParams(1, [{ units: 2, activation: 'softmax' }], [{ W: [[1000, -1000]], b: [0, 0] }]);
    const error = await model.fit(fromArray([[1]]), [1], { loss: 'cross_entropy', optimizer: { name: 'sgd', lr: 0.1 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as NonFiniteLossError).layer).toBe(-1);
    expect((error as NonFiniteLossError).message).toMatch(/the loss became Infinity at epoch 1, batch 1\. First non-finite value: the loss itself/);
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
    await expect(model.fit(new Matrix(0, 2), [], { loss: 'mse', optimizer: { name: 'sgd', lr: 0.1 } })).rejects.toThrow(
      'fit: the batch is empty (X has 0 rows), expected at least one sample',
    );
    await expect(model.fit(X, [0, 1, 0], { loss: 'softmax_cross_entropy', optimizer: { name: 'sgd', lr: 0.1 } })).rejects.toThrow(
      'fit: 3 class indices for 4 samples, expected one per sample',
    );
    await expect(model.fit(X, new Matrix(4, 3), { loss: 'mse', optimizer: { name: 'sgd', lr: 0.1 } })).rejects.toThrow(
      'fit: the target matrix Y is (4×3), expected (4×2) like the predictions Ŷ',
    );
    await expect(model.fit(X, [0, 1, 0, 1], { loss: 'mse', optimizer: { name: 'sgd', lr: 0.1 }, batchSize: 0 })).rejects.toThrow(
      'fit: batchSize must be a positive integer, got 0',
    );
  });
});
