/**
 * The SIMD kernel behind matmul, matmulTransposeA and matmulTransposeB gives exactly the bits of
 * the TypeScript loops (and of the textbook triple loop, whose order of summation both keep), for
 * every shape; the engine falls back to the loops where WebAssembly SIMD is missing; its memory
 * grows as products need, is reused, and stays under its limit. Equality here is Object.is per
 * entry: no tolerance, -0 ≠ +0, and NaN equals NaN (NaN payloads are not compared).
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  Matrix, fromFunction, matmul, matmulBackend, matmulTransposeA, matmulTransposeB, setMatmulBackend, transpose,
} from '~/lib/matrix';
import { configureKernel, instantiateKernel, kernelMemoryBytes, simdProduct, type KernelSettings } from '~/lib/simd/products';
import { createRng } from '~/lib/random';

type Product = (a: Matrix, b: Matrix) => Matrix;
const products: { name: string; run: Product; left: (m: number, k: number) => [number, number]; right: (k: number, n: number) => [number, number] }[] = [
  { name: 'matmul (A·B)', run: (a, b) => matmul(a, b), left: (m, k) => [m, k], right: (k, n) => [k, n] },
  { name: 'matmulTransposeA (Aᵀ·B)', run: (a, b) => matmulTransposeA(a, b), left: (m, k) => [k, m], right: (k, n) => [k, n] },
  { name: 'matmulTransposeB (A·Bᵀ)', run: (a, b) => matmulTransposeB(a, b), left: (m, k) => [m, k], right: (k, n) => [n, k] },
];

/** The textbook loop: C[i, j] = Σ_k A[i, k]·B[k, j] from 0, k ascending, on explicit transposes. */
function textbook(a: Matrix, b: Matrix): Matrix {
  return fromFunction(a.rows, b.cols, (i, j) => {
    let s = 0;
    for (let k = 0; k < a.cols; k++) s += a.get(i, k) * b.get(k, j);
    return s;
  });
}
const asProduct = [(a: Matrix, b: Matrix) => textbook(a, b), (a: Matrix, b: Matrix) => textbook(transpose(a), b), (a: Matrix, b: Matrix) => textbook(a, transpose(b))];

/** Indices where x and y differ as values (Object.is), at most a few. */
function differences(x: Matrix, y: Matrix): string[] {
  expect(x.shape).toEqual(y.shape);
  const out: string[] = [];
  for (let i = 0; i < x.size && out.length < 3; i++) {
    if (!Object.is(x.data[i], y.data[i])) out.push(`entry ${i}: ${x.data[i]} vs ${y.data[i]}`);
  }
  return out;
}

function withBackend<T>(backend: 'auto' | 'typescript', f: () => T): T {
  setMatmulBackend(backend);
  try {
    return f();
  } finally {
    setMatmulBackend('auto');
  }
}

/** A dimension: mostly small and odd ones around the 4×4 blocks, sometimes up to 40. */
const dimension = fc.oneof(fc.constantFrom(0, 1, 2, 3, 4, 5, 7, 8, 9, 13), fc.integer({ min: 0, max: 40 }));
/** Entries: ordinary numbers, sometimes ±0, ±Infinity, NaN, subnormals and overflowing magnitudes. */
const entry = fc.oneof(
  { weight: 8, arbitrary: fc.double({ min: -1e3, max: 1e3, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity, NaN, 5e-324, -2.5e-310, 1.7e308, -1.7e308) },
);
const matrixOf = ([rows, cols]: [number, number]) =>
  fc.array(entry, { minLength: rows * cols, maxLength: rows * cols }).map((values) => new Matrix(rows, cols, Float64Array.from(values)));

let saved: KernelSettings;
beforeEach(() => {
  saved = configureKernel({});
});
afterEach(() => {
  configureKernel(saved);
  setMatmulBackend('auto');
});

describe('the wasm-simd backend', () => {
  it('is the one in use in Node, and setMatmulBackend switches and reports', () => {
    expect(matmulBackend()).toBe('wasm-simd');
    expect(setMatmulBackend('typescript')).toBe('typescript');
    expect(matmulBackend()).toBe('typescript');
    expect(setMatmulBackend('wasm-simd')).toBe('wasm-simd');
    expect(setMatmulBackend('auto')).toBe('wasm-simd');
    expect(() => setMatmulBackend('gpu' as never)).toThrow(`setMatmulBackend: expected 'auto', 'wasm-simd' or 'typescript', got "gpu"`);
  });

  products.forEach(({ name, run, left, right }, p) => {
    it(`${name}: bit-identical to the TypeScript loops and the textbook loop, random shapes and entries`, () => {
      configureKernel({ smallestProduct: 1 }); // every non-empty product through the kernel
      const cases = fc.tuple(dimension, dimension, dimension).chain(([m, k, n]) => fc.tuple(matrixOf(left(m, k)), matrixOf(right(k, n))));
      fc.assert(
        fc.property(cases, ([a, b]) => {
          const kernel = run(a, b);
          const loops = withBackend('typescript', () => run(a, b));
          expect(differences(kernel, loops)).toEqual([]);
          expect(differences(kernel, asProduct[p]!(a, b))).toEqual([]);
        }),
        { numRuns: 300, seed: 14 + p },
      );
    });
  });

  it('bit-identical at the MLP shapes and a few large ones, through the default small-product threshold', () => {
    const rng = createRng(5);
    const random = (r: number, c: number) => fromFunction(r, c, () => 2 * rng.next() - 1);
    for (const [m, k, n] of [[128, 784, 128], [32, 784, 128], [784, 32, 128], [128, 128, 10], [256, 784, 128], [97, 301, 53], [1, 784, 128], [784, 1, 129]] as const) {
      products.forEach(({ name, run, left, right }) => {
        const a = random(...left(m, k));
        const b = random(...right(k, n));
        const kernel = run(a, b);
        const loops = withBackend('typescript', () => run(a, b));
        expect(differences(kernel, loops), `${name} ${m}×${k}×${n}`).toEqual([]);
      });
    }
  });

  it('writes into a given output buffer and overwrites what was there', () => {
    const rng = createRng(8);
    const a = fromFunction(20, 30, () => rng.next());
    const b = fromFunction(30, 17, () => rng.next());
    const out = fromFunction(20, 17, () => NaN);
    expect(matmul(a, b, out)).toBe(out);
    expect(differences(out, textbook(a, b))).toEqual([]);
  });

  it('keeps the shape and aliasing errors of the public functions', () => {
    const big = new Matrix(40, 40);
    expect(() => matmul(big, new Matrix(41, 40))).toThrow('matmul: (40×40) · (41×40): inner dimensions 40 and 41 differ');
    expect(() => matmulTransposeA(big, new Matrix(41, 40))).toThrow('matmulTransposeA: (40×40)ᵀ · (41×40): row counts 40 and 41 differ');
    expect(() => matmulTransposeB(big, new Matrix(40, 41))).toThrow('matmulTransposeB: (40×40) · (40×41)ᵀ: column counts 40 and 41 differ');
    expect(() => matmul(big, big, new Matrix(40, 39))).toThrow('matmul: the output buffer is (40×39), expected (40×40)');
    for (const product of [matmul, matmulTransposeA, matmulTransposeB]) {
      expect(() => product(big, big, big)).toThrow(`${product.name}: the output buffer shares memory with A, which would be overwritten while it is still read`);
    }
  });
});

describe('the kernel memory', () => {
  beforeEach(() => vi.resetModules());

  it('starts empty, grows for a product, is reused for the same product, and grows again for a larger one', async () => {
    const fresh = await import('~/lib/matrix');
    const kernelModule = await import('~/lib/simd/products');
    expect(kernelModule.kernelMemoryBytes()).toBe(0);
    fresh.matmul(new fresh.Matrix(64, 64), new fresh.Matrix(64, 64));
    const first = kernelModule.kernelMemoryBytes();
    expect(first).toBeGreaterThan(3 * 64 * 64 * 8);
    fresh.matmul(new fresh.Matrix(64, 64), new fresh.Matrix(64, 64));
    expect(kernelModule.kernelMemoryBytes()).toBe(first);
    fresh.matmul(new fresh.Matrix(256, 256), new fresh.Matrix(256, 256));
    expect(kernelModule.kernelMemoryBytes()).toBeGreaterThan(first);
  });

  it('stays under its limit: a product too large for it at once runs in bands of rows, bit-identically', async () => {
    const fresh = await import('~/lib/matrix');
    const kernelModule = await import('~/lib/simd/products');
    const limit = 1 << 20;
    kernelModule.configureKernel({ memoryLimitBytes: limit });
    const rng = createRng(9);
    // A alone is 300·200·8 = 480 KB; with B, its packed copy and C the product needs about 1.1 MB.
    const a = fresh.fromFunction(300, 200, () => rng.next() - 0.5);
    const b = fresh.fromFunction(200, 100, () => rng.next() - 0.5);
    for (const [kind, l, r] of [['AB', a, b], ['AtB', fresh.transpose(a), b], ['ABt', a, fresh.transpose(b)]] as const) {
      const c = new Float64Array(300 * 100);
      expect(kernelModule.simdProduct(kind, l.data, r.data, c, 300, 200, 100), kind).toBe(true);
      expect(differences(new Matrix(300, 100, c), textbook(a, b)), kind).toEqual([]);
    }
    expect(kernelModule.kernelMemoryBytes()).toBeLessThanOrEqual(limit);
    expect(kernelModule.kernelMemoryBytes()).toBeGreaterThan(0);
  });

  it('leaves a product whose right factor alone exceeds the limit to the loops, with the same result', async () => {
    const fresh = await import('~/lib/matrix');
    const kernelModule = await import('~/lib/simd/products');
    kernelModule.configureKernel({ memoryLimitBytes: 1 << 16 });
    const a = fresh.fromFunction(8, 100, (i, j) => i - j);
    const b = fresh.fromFunction(100, 100, (i, j) => i * j);
    expect(kernelModule.simdProduct('AB', a.data, b.data, new Float64Array(800), 8, 100, 100)).toBe(false);
    expect(differences(fresh.matmul(a, b), textbook(a, b))).toEqual([]);
    expect(kernelModule.kernelMemoryBytes()).toBe(0);
  });

  it('rejects settings that make no sense', () => {
    expect(() => configureKernel({ memoryLimitBytes: 100 })).toThrow('configureKernel: memoryLimitBytes must be a whole number from 65536 to 2³¹, got 100');
    expect(() => configureKernel({ memoryLimitBytes: 2 ** 32 })).toThrow('memoryLimitBytes must be a whole number from 65536 to 2³¹, got 4294967296');
    expect(() => configureKernel({ smallestProduct: 0 })).toThrow('configureKernel: smallestProduct must be a positive integer, got 0');
  });
});

describe('without WebAssembly SIMD', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('the products run on the TypeScript loops, say so, and refuse to be forced onto the kernel', async () => {
    vi.stubGlobal('WebAssembly', { ...WebAssembly, validate: () => false });
    vi.resetModules();
    const fresh = await import('~/lib/matrix');
    expect(fresh.matmulBackend()).toBe('typescript');
    expect(() => fresh.setMatmulBackend('wasm-simd')).toThrow(
      "setMatmulBackend: the 'wasm-simd' backend is unavailable: this JavaScript engine has WebAssembly without SIMD128; the products use 'typescript'",
    );
    const rng = createRng(2);
    const a = fresh.fromFunction(33, 47, () => rng.next());
    const b = fresh.fromFunction(47, 21, () => rng.next());
    expect(differences(fresh.matmul(a, b), textbook(a, b))).toEqual([]);
    expect(differences(fresh.matmulTransposeA(fresh.transpose(a), b), textbook(a, b))).toEqual([]);
    expect(differences(fresh.matmulTransposeB(a, fresh.transpose(b)), textbook(a, b))).toEqual([]);
  });

  it('an engine that refuses synchronous compilation (a page main thread) or has no WebAssembly gets a reason, not an error', () => {
    const refusing = {
      ...WebAssembly,
      Module: function Module() {
        throw new RangeError('WebAssembly.Module(): Buffer size is larger than allowed on the main thread');
      },
    } as unknown as typeof WebAssembly;
    expect(instantiateKernel(refusing)).toBe(
      'the WebAssembly kernel could not be compiled here (WebAssembly.Module(): Buffer size is larger than allowed on the main thread)',
    );
    expect(instantiateKernel(null)).toBe('this JavaScript engine has no WebAssembly');
    expect(typeof instantiateKernel(WebAssembly)).toBe('object');
  });

  it('simdProduct declines while the TypeScript backend is forced', () => {
    setMatmulBackend('typescript');
    expect(simdProduct('AB', new Float64Array(64 * 64), new Float64Array(64 * 64), new Float64Array(64 * 64), 64, 64, 64)).toBe(false);
    setMatmulBackend('auto');
    expect(simdProduct('AB', new Float64Array(64 * 64), new Float64Array(64 * 64), new Float64Array(64 * 64), 64, 64, 64)).toBe(true);
    expect(kernelMemoryBytes()).toBeGreaterThan(0);
  });
});
