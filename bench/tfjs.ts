/**
 * The peer: TensorFlow.js 4.22 (float32), on its pure-JavaScript `cpu` backend and its `wasm`
 * backend, doing the same work as the engine's contenders in bench/index.ts.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { Contender } from './measure';

export type TfBackend = 'cpu' | 'wasm';

/** Makes `backend` the active one; resolves false when it cannot start here. */
export async function useBackend(backend: TfBackend): Promise<boolean> {
  if (backend === 'wasm') {
    const require = createRequire(import.meta.url);
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
  }
  const ok = await tf.setBackend(backend);
  await tf.ready();
  return ok && tf.getBackend() === backend;
}

/** (m×k)·(k×n) on the active backend; `dataSync` makes each call finish its work. */
export function tfMatmul(backend: TfBackend, m: number, k: number, n: number): Contender {
  const a = tf.randomUniform([m, k], -1, 1, 'float32', 1);
  const b = tf.randomUniform([k, n], -1, 1, 'float32', 2);
  return {
    name: `tfjs-${backend}`,
    run: () => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    },
    dispose: () => tf.dispose([a, b]),
  };
}

/**
 * One SGD step of inputs-hidden-classes (ReLU, softmax cross-entropy) on a fixed batch, with
 * gradients from TF.js's autodiff (`optimizer.minimize`).
 */
export function tfTrainStep(
  backend: TfBackend,
  sizes: { inputs: number; hidden: number; classes: number; batch: number },
  data: { x: Float64Array; labels: Int32Array },
  init: { W1: Float64Array; b1: Float64Array; W2: Float64Array; b2: Float64Array },
  lr: number,
): Contender & { firstLoss: () => number } {
  const { inputs, hidden, classes, batch } = sizes;
  const X = tf.tensor2d(Float32Array.from(data.x), [batch, inputs]);
  const Y = tf.oneHot(tf.tensor1d(data.labels, 'int32'), classes).toFloat();
  // The engine's initial parameters, so both sides take the same first step (checked in index.ts).
  const W1 = tf.variable(tf.tensor2d(Float32Array.from(init.W1), [inputs, hidden]));
  const b1 = tf.variable(tf.tensor1d(Float32Array.from(init.b1)));
  const W2 = tf.variable(tf.tensor2d(Float32Array.from(init.W2), [hidden, classes]));
  const b2 = tf.variable(tf.tensor1d(Float32Array.from(init.b2)));
  const optimizer = tf.train.sgd(lr);
  const loss = () => {
    const logits = tf.add(tf.matMul(tf.relu(tf.add(tf.matMul(X, W1), b1)), W2), b2);
    return tf.losses.softmaxCrossEntropy(Y, logits) as tf.Scalar;
  };
  return {
    name: `tfjs-${backend}`,
    firstLoss: () => tf.tidy(() => loss().dataSync()[0]!),
    run: () => {
      const cost = optimizer.minimize(loss, true)!;
      cost.dataSync();
      cost.dispose();
    },
    dispose: () => {
      tf.dispose([X, Y, W1, b1, W2, b2]);
      optimizer.dispose();
    },
  };
}
