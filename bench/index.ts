/**
 * `npm run bench`: the engine against TensorFlow.js 4.22 (cpu and wasm backends), in one process,
 * printed as ratios engine/peer (> 1 means the engine is faster). See bench/README.md.
 *
 *   npm run bench                 full run (a few minutes)
 *   npm run bench -- --quick      fewer, shorter rounds (a smoke run; noisier)
 */
import { cpus } from 'node:os';
import { Matrix, fromFunction, matmul, matmulBackend, matmulTransposeA, matmulTransposeB, setMatmulBackend, type MatmulBackend } from '~/lib/matrix';
import { createRng } from '~/lib/random';
import { Sequential } from '~/lib/training';
import { lossFromName } from '~/lib/losses/loss';
import { sgd } from '~/lib/optimizers/sgd';
import { oneHot } from '~/lib/data/one-hot';
import { configureKernel } from '~/lib/simd/products';
import { compare, spreadPercent, type Contender, type Timing } from './measure';
import { tfMatmul, tfTrainStep, useBackend, type TfBackend } from './tfjs';

const quick = process.argv.includes('--quick');
const timing = quick ? { rounds: 3, roundMs: 100 } : { rounds: 7, roundMs: 300 };

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  return fromFunction(rows, cols, () => 2 * rng.next() - 1);
}

/** The textbook i-k-j loop, for scale: what register blocking in matrix.ts buys. */
function plainMatmul(a: Matrix, b: Matrix, out: Matrix): Matrix {
  const { rows: m, cols: k } = a;
  const n = b.cols;
  const A = a.data, B = b.data, C = out.data;
  C.fill(0);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = A[i * k + p]!;
      const bRow = p * n, cRow = i * n;
      for (let j = 0; j < n; j++) C[cRow + j]! += aip * B[bRow + j]!;
    }
  }
  return out;
}

/** Which backend the engine's products run on here (the kernel where WebAssembly SIMD exists). */
const engineBackend: MatmulBackend = matmulBackend();

/**
 * The engine on a given backend. Each call selects its backend first, so interleaved contenders
 * each get theirs; 'engine' is the default (the kernel where it runs), 'engine-ts' the TypeScript loops.
 */
function onBackend(backend: MatmulBackend, run: () => void): () => void {
  return () => {
    setMatmulBackend(backend);
    run();
  };
}

function engineMatmul(m: number, k: number, n: number, backend: MatmulBackend = engineBackend): Contender {
  const a = randomMatrix(m, k, 1), b = randomMatrix(k, n, 2), out = new Matrix(m, n);
  return { name: backend === engineBackend ? 'engine' : 'engine-ts', run: onBackend(backend, () => void matmul(a, b, out)) };
}

function plainMatmulContender(m: number, k: number, n: number): Contender {
  const a = randomMatrix(m, k, 1), b = randomMatrix(k, n, 2), out = new Matrix(m, n);
  return { name: 'plain i-k-j', run: () => void plainMatmul(a, b, out) };
}

const fmt = (x: number, digits = 2) => x.toFixed(digits);

function report(title: string, timings: Timing[], unit: (t: Timing) => string): void {
  const engine = timings[0]!;
  console.log(`\n${title}`);
  for (const t of timings) {
    const ratio = t === engine ? '' : `   engine/${t.name} = ${fmt(t.secondsPerCall / engine.secondsPerCall)}×`;
    console.log(`  ${t.name.padEnd(12)} ${unit(t).padStart(16)}  (±${fmt(spreadPercent(t), 0)}%)${ratio}`);
  }
}

async function matmulSection(backend: TfBackend | null): Promise<void> {
  const shapes: [number, number, number][] = [[256, 784, 128], [128, 128, 128], [512, 512, 512]];
  for (const [m, k, n] of shapes) {
    const contenders = [engineMatmul(m, k, n)];
    if (backend) contenders.push(tfMatmul(backend, m, k, n));
    else contenders.push(plainMatmulContender(m, k, n));
    if (!backend && engineBackend === 'wasm-simd') contenders.push(engineMatmul(m, k, n, 'typescript'));
    const gflops = (t: Timing) => `${fmt((2 * m * k * n) / t.secondsPerCall / 1e9)} GFLOP/s`;
    report(`matmul (${m}×${k})·(${k}×${n})`, compare(contenders, timing), gflops);
  }
}

/**
 * The kernel against the TypeScript loops it replaces, on the products one training step makes
 * (784-128-10; batch 128 as in the training step below, batch 32 as in chapter 9's MNIST run) and
 * on small cubes around the size under which the engine keeps the loops (there forced through
 * the kernel, to show why).
 */
function kernelSection(): void {
  type Kind = 'A·B' | 'Aᵀ·B' | 'A·Bᵀ';
  const products: { kind: Kind; m: number; k: number; n: number; what: string }[] = [
    { kind: 'A·B', m: 128, k: 784, n: 128, what: 'forward X W1, batch 128' },
    { kind: 'Aᵀ·B', m: 784, k: 128, n: 128, what: 'gradient Xᵀ δ1, batch 128' },
    { kind: 'A·Bᵀ', m: 128, k: 10, n: 128, what: 'input gradient δ2 W2ᵀ, batch 128' },
    { kind: 'A·B', m: 32, k: 784, n: 128, what: 'forward X W1, batch 32' },
    { kind: 'Aᵀ·B', m: 784, k: 32, n: 128, what: 'gradient Xᵀ δ1, batch 32' },
    ...[8, 12, 16, 24, 32].map((d) => ({ kind: 'A·B' as const, m: d, k: d, n: d, what: 'small' })),
  ];
  const previous = configureKernel({ smallestProduct: 1 });
  for (const { kind, m, k, n, what: purpose } of products) {
    const what = m * k * n < previous.smallestProduct ? `${purpose}: under the ${previous.smallestProduct} multiply-adds for which the engine keeps the loops, here forced through the kernel` : purpose;
    const a = kind === 'Aᵀ·B' ? randomMatrix(k, m, 1) : randomMatrix(m, k, 1);
    const b = kind === 'A·Bᵀ' ? randomMatrix(n, k, 2) : randomMatrix(k, n, 2);
    const out = new Matrix(m, n);
    const product = kind === 'A·B' ? matmul : kind === 'Aᵀ·B' ? matmulTransposeA : matmulTransposeB;
    const gflops = (t: Timing) => `${fmt((2 * m * k * n) / t.secondsPerCall / 1e9)} GFLOP/s`;
    report(
      `${kind} (${m}×${k})·(${k}×${n}) — ${what}`,
      compare([
        { name: 'engine', run: onBackend('wasm-simd', () => void product(a, b, out)) },
        { name: 'engine-ts', run: onBackend('typescript', () => void product(a, b, out)) },
      ], timing),
      gflops,
    );
  }
  configureKernel(previous);
  setMatmulBackend('auto');
}

const sizes = { inputs: 784, hidden: 128, classes: 10, batch: 128 };
const lr = 0.01;

function trainData() {
  const rng = createRng(7);
  const x = new Float64Array(sizes.batch * sizes.inputs).map(() => rng.next());
  const labels = Int32Array.from({ length: sizes.batch }, () => rng.int(sizes.classes));
  return { x, labels };
}

function engineModel(): Sequential {
  return new Sequential(sizes.inputs, [
    { units: sizes.hidden, activation: 'relu', init: 'he-normal' },
    { units: sizes.classes, activation: 'linear', init: 'he-normal' },
  ], { seed: 11 });
}

async function trainSection(backend: TfBackend): Promise<void> {
  const data = trainData();
  const X = new Matrix(sizes.batch, sizes.inputs, data.x);
  const lossFn = lossFromName('softmax_cross_entropy');
  const model = engineModel();
  const [W1, b1, W2, b2] = model.params().map((p) => Float64Array.from(p.data));
  const peer = tfTrainStep(backend, sizes, data, { W1: W1!, b1: b1!, W2: W2!, b2: b2! }, lr);

  // Same work on both sides: the first loss must agree to float32 precision before timing.
  const engineLoss = model.evaluate(X, data.labels, lossFn);
  const peerLoss = peer.firstLoss();
  if (Math.abs(engineLoss - peerLoss) > 1e-4 * Math.max(1, Math.abs(engineLoss))) {
    throw new Error(`bench: engine and tfjs-${backend} disagree on the first loss (${engineLoss} vs ${peerLoss})`);
  }

  const optimizer = sgd({ lr });
  const Y = oneHot(data.labels, sizes.classes); // a target matrix keeps the step allocation-free
  const engine: Contender = { name: 'engine', run: onBackend(engineBackend, () => void model.trainStep(X, Y, lossFn, optimizer)) };
  const contenders = [engine, peer];
  if (engineBackend === 'wasm-simd') {
    contenders.push({ name: 'engine-ts', run: onBackend('typescript', () => void model.trainStep(X, Y, lossFn, optimizer)) });
  }
  const perSecond = (t: Timing) => `${fmt(sizes.batch / t.secondsPerCall, 0)} samples/s`;
  report(
    `training step ${sizes.inputs}-${sizes.hidden}-${sizes.classes} (ReLU, softmax-CE, SGD), batch ${sizes.batch} — first loss ${fmt(engineLoss, 6)} on both`,
    compare(contenders, timing),
    perSecond,
  );
}

console.log(`MLP from Scratch benchmark — Node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'}, one thread`);
console.log('engine: float64 (this repository); peers: TensorFlow.js 4.22 float32; median of interleaved rounds');
console.log(`engine matrix products: ${engineBackend}${engineBackend === 'wasm-simd' ? ' (engine-ts: the same engine forced onto its TypeScript loops; same bits)' : ''}`);

if (engineBackend === 'wasm-simd') {
  console.log('\n== the SIMD kernel vs the TypeScript loops ==');
  kernelSection();
}

console.log('\n== engine vs a plain i-k-j loop ==');
await matmulSection(null);
for (const backend of ['cpu', 'wasm'] as const) {
  if (!(await useBackend(backend))) {
    console.log(`\n(tfjs ${backend} backend unavailable here; skipped)`);
    continue;
  }
  console.log(`\n== engine vs TensorFlow.js ${backend} ==`);
  await matmulSection(backend);
  await trainSection(backend);
}
