import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adler32, decodeMnist, encodeMnist, loadMnist, MNIST_ASSET, type MnistBytes, readMnistBytes, setAssetLoader } from '~/lib/data/mnist';
import { buildMnistAsset, MNIST_ASSET_PATH, pixelByte } from '../../../scripts/build-mnist';

/** Three tiny 2×3 "digits" whose pixels run through the byte range. */
function tinyDigits(): MnistBytes {
  return {
    pixels: Uint8Array.from({ length: 3 * 6 }, (_, i) => (i * 37) % 256),
    labels: Uint8Array.of(7, 0, 9),
    rows: 2,
    cols: 3,
  };
}

describe('encodeMnist / decodeMnist', () => {
  for (const compress of [true, false]) {
    it(`round-trips bytes exactly (${compress ? 'deflate' : 'raw'} payload)`, () => {
      const digits = tinyDigits();
      const back = readMnistBytes(encodeMnist(digits, { compress }));
      expect(back.rows).toBe(2);
      expect(back.cols).toBe(3);
      expect(Array.from(back.pixels)).toEqual(Array.from(digits.pixels));
      expect(Array.from(back.labels)).toEqual([7, 0, 9]);
    });
  }

  it('decodes to one image per row with pixels k/255 in [0, 1]', () => {
    const digits = tinyDigits();
    const mnist = decodeMnist(encodeMnist(digits));
    expect(mnist.images.shape).toEqual([3, 6]);
    expect(mnist.count).toBe(3);
    expect(Array.from(mnist.labels)).toEqual([7, 0, 9]);
    expect(Array.from(mnist.images.data, (v) => v * 255).map(Math.round)).toEqual(Array.from(digits.pixels));
    expect(mnist.images.data.every((v, i) => v === digits.pixels[i] / 255)).toBe(true);
    expect(decodeMnist(encodeMnist(digits), { limit: 2 }).images.shape).toEqual([2, 6]);
  });

  it('computes Adler-32 like zlib (RFC 1950 example "Wikipedia" = 0x11E60398)', () => {
    expect(adler32(new TextEncoder().encode('Wikipedia'))).toBe(0x11e60398);
    expect(adler32(new Uint8Array(0))).toBe(1);
    // Long runs of 255 exercise the deferred modulo.
    const ones = new Uint8Array(100_000).fill(255);
    let a = 1;
    let b = 0;
    for (const x of ones) {
      a = (a + x) % 65521;
      b = (b + a) % 65521;
    }
    expect(adler32(ones)).toBe(((b << 16) | a) >>> 0);
  });

  it('rejects a file that is not an MNIST asset, a wrong version, a truncated or damaged file', () => {
    const good = encodeMnist(tinyDigits());
    expect(() => decodeMnist(new TextEncoder().encode('<!doctype html><html>…'))).toThrow(/not an MNIST asset.*starting with "<!doctyp"/);
    expect(() => decodeMnist(new Uint8Array(4))).toThrow('not an MNIST asset');
    const wrongVersion = good.slice();
    wrongVersion[8] = 9;
    expect(() => decodeMnist(wrongVersion)).toThrow('asset version 9, this engine reads version 1');
    expect(() => decodeMnist(good.subarray(0, good.length - 5))).toThrow(/damaged|truncated/);
    const raw = encodeMnist(tinyDigits(), { compress: false });
    expect(() => decodeMnist(raw.subarray(0, raw.length - 1))).toThrow('payload has 20 bytes, but 3 digits of 2×3 need 21');
    const flipped = raw.slice();
    flipped[30] ^= 1;
    expect(() => decodeMnist(flipped)).toThrow('checksum mismatch');
  });

  it('rejects inconsistent digits when encoding', () => {
    expect(() => encodeMnist({ ...tinyDigits(), labels: Uint8Array.of(1, 2) })).toThrow('2 labels need 2·2·3 = 12 pixels, got 18');
    expect(() => encodeMnist({ ...tinyDigits(), labels: Uint8Array.of(1, 2, 10) })).toThrow('label 2 is 10, expected a digit 0–9');
    expect(() => encodeMnist({ pixels: new Uint8Array(0), labels: new Uint8Array(0), rows: 28, cols: 28 })).toThrow('no digits');
  });
});

describe('build-mnist conversion', () => {
  it('recovers the byte from the package’s three-decimal value exactly', () => {
    expect(pixelByte(0, 'test')).toBe(0);
    expect(pixelByte(0.992, 'test')).toBe(253);
    expect(pixelByte(1, 'test')).toBe(255);
    for (let k = 0; k < 256; k++) expect(pixelByte(Math.round((k / 255) * 1000) / 1000, 'test')).toBe(k);
    expect(() => pixelByte(0.5, 'x.json value 3')).toThrow('x.json value 3: value 0.5 is not a byte/255');
  });
});

describe('the generated asset public/data/mnist.bin', () => {
  let bytes: Uint8Array;
  beforeAll(async () => {
    buildMnistAsset(); // no-op when up to date (npm test runs it before the suite anyway)
    bytes = await readFile(MNIST_ASSET_PATH);
  });

  it('holds 10,000 digits of 28×28 with all ten labels, pixels in [0, 1] using the full range', () => {
    const mnist = decodeMnist(bytes);
    expect(mnist.count).toBe(10_000);
    expect(mnist.images.shape).toEqual([10_000, 784]);
    const perClass = new Array(10).fill(0);
    for (const label of mnist.labels) perClass[label]++;
    expect(perClass.every((n) => n > 800)).toBe(true);
    let min = Infinity;
    let max = -Infinity;
    for (const v of mnist.images.data) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    expect([min, max]).toEqual([0, 1]);
  });

  it('spreads the classes evenly: the first 1,000 digits hold every class in about its overall share', () => {
    const { labels } = decodeMnist(bytes, { limit: 1000 });
    const total = decodeMnist(bytes).labels;
    for (let c = 0; c < 10; c++) {
      const share = labels.filter((l) => l === c).length / 1000;
      const overall = total.filter((l) => l === c).length / 10_000;
      expect(Math.abs(share - overall), `class ${c}`).toBeLessThanOrEqual(0.002);
    }
  });

  it('matches the package’s own values to within their three-decimal rounding', async () => {
    const zeros = createRequire(import.meta.url).resolve('mnist/src/digits/0.json');
    const first = (JSON.parse(await readFile(zeros, 'utf8')) as { data: number[] }).data.slice(0, 784);
    const mnist = decodeMnist(bytes);
    const row = mnist.labels.indexOf(0); // the first 0 in the asset is the package's first 0
    const image = mnist.images.data.subarray(row * 784, (row + 1) * 784);
    expect(Math.max(...first.map((v, i) => Math.abs(v - image[i])))).toBeLessThanOrEqual(0.0005 + 1e-12);
  });

  it('loads through the registered asset loader', async () => {
    const asked: string[] = [];
    setAssetLoader(async (name) => {
      asked.push(name);
      return readFile(join(MNIST_ASSET_PATH, '..', '..', name));
    });
    const a = await loadMnist({ limit: 50 });
    const b = await loadMnist({ limit: 50 });
    expect(asked).toEqual([MNIST_ASSET]); // fetched once, decoded per call
    expect(a.images.shape).toEqual([50, 784]);
    expect(a.images).not.toBe(b.images);
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  });
});
