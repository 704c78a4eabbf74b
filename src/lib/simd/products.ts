/**
 * The matrix products of `matrix.ts` on a WebAssembly SIMD128 kernel (assembly/products.ts), when
 * the JavaScript engine has WebAssembly SIMD; the TypeScript loops of `matrix.ts` otherwise.
 *
 * Both compute every entry C[i, j] = Σ_k L(i, k) · R(k, j) as one float64 sum from +0 in ascending
 * k, with no fused multiply-add, so they give the same bits: which one runs changes the speed,
 * never a number. The kernel is compiled synchronously on first use (the engine's API is
 * synchronous), and the operands are copied into its linear memory, which grows as products need
 * and is reused, up to a limit (64 MiB by default); a larger product is cut into bands of rows of C,
 * and one whose right factor alone does not fit runs on the TypeScript loops.
 */
import { productsWasmBase64 } from './products-binary';

/** Which code computes `matmul`, `matmulTransposeA` and `matmulTransposeB`. */
export type MatmulBackend = 'wasm-simd' | 'typescript';

/** The three products: A·B, Aᵀ·B and A·Bᵀ. */
export type ProductKind = 'AB' | 'AtB' | 'ABt';

interface KernelExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  packColumns(r: number, rK: number, rCol: number, K: number, N: number, q: number): void;
  multiply(l: number, lRow: number, lK: number, q: number, c: number, M: number, K: number, N: number): void;
}

interface Kernel {
  exports: KernelExports;
  /** First byte JavaScript may use, 16-byte aligned. */
  base: number;
  /** A view of the whole memory, replaced whenever the memory grows. */
  heap: Float64Array;
}

const PAGE_BYTES = 65536;

let kernel: Kernel | null | undefined;
let unavailableReason = '';
let forcedTypeScript = false;
/**
 * Below `smallestProduct` multiply-adds, copying the operands in and out costs about what the kernel
 * saves, so the loops run instead (same bits): bench/index.ts measures the kernel slower at 8³ and
 * barely faster at 12³, and clearly faster from 16³ = 4096 on.
 */
let settings: KernelSettings = { memoryLimitBytes: 64 * 1024 * 1024, smallestProduct: 4096 };

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Compiles and instantiates the kernel with `wasm` (the global one unless a test passes another;
 * null for none), or says why it cannot. Validating the kernel's own bytes is the feature test: they use
 * SIMD128, so an engine without it rejects them. Compilation is synchronous; an engine that refuses
 * that (Chromium does for large modules on a page's main thread; the kernel is a few kilobytes and
 * normally runs in the cells' worker) throws, and the products keep the TypeScript loops.
 */
export function instantiateKernel(wasm: typeof WebAssembly | null = globalThis.WebAssembly ?? null): Kernel | string {
  if (typeof wasm !== 'object' || wasm === null) return 'this JavaScript engine has no WebAssembly';
  const bytes = decodeBase64(productsWasmBase64);
  try {
    if (!wasm.validate(bytes)) return 'this JavaScript engine has WebAssembly without SIMD128';
    const exports = new wasm.Instance(new wasm.Module(bytes), {}).exports as unknown as KernelExports;
    return { exports, base: exports.heapBase(), heap: new Float64Array(exports.memory.buffer) };
  } catch (error) {
    return `the WebAssembly kernel could not be compiled here (${(error as Error).message})`;
  }
}

/** The kernel, instantiated on first use; null where it is unavailable. */
function loadedKernel(): Kernel | null {
  if (kernel === undefined) {
    const result = instantiateKernel();
    if (typeof result === 'string') {
      kernel = null;
      unavailableReason = result;
    } else {
      kernel = result;
    }
  }
  return kernel;
}

/** The backend the products use now: 'wasm-simd' where the kernel runs, else 'typescript'. */
export function matmulBackend(): MatmulBackend {
  return !forcedTypeScript && loadedKernel() ? 'wasm-simd' : 'typescript';
}

/**
 * Chooses the backend: 'typescript' forces the loops (to compare speeds, or to run what the chapters
 * show), 'auto' takes the kernel where it is available, 'wasm-simd' insists on it and throws where
 * it is not. Returns the backend now in use. The numbers are the same either way.
 */
export function setMatmulBackend(choice: MatmulBackend | 'auto'): MatmulBackend {
  if (choice !== 'auto' && choice !== 'wasm-simd' && choice !== 'typescript') {
    throw new Error(`setMatmulBackend: expected 'auto', 'wasm-simd' or 'typescript', got ${JSON.stringify(choice)}`);
  }
  if (choice === 'wasm-simd' && !loadedKernel()) {
    throw new Error(`setMatmulBackend: the 'wasm-simd' backend is unavailable: ${unavailableReason}; the products use 'typescript'`);
  }
  forcedTypeScript = choice === 'typescript';
  return matmulBackend();
}

export interface KernelSettings {
  /** The most bytes of linear memory the kernel may use (default 64 MiB). */
  memoryLimitBytes: number;
  /** Products of fewer multiply-adds (M·K·N) run on the loops (default 4096). */
  smallestProduct: number;
}

/** Changes the kernel's settings (tests lower them to exercise bands and small shapes); returns the previous ones. */
export function configureKernel(changes: Partial<KernelSettings>): KernelSettings {
  const previous = { ...settings };
  const { memoryLimitBytes = settings.memoryLimitBytes, smallestProduct = settings.smallestProduct } = changes;
  // 2 GiB at most: addresses stay non-negative 32-bit integers on both sides of the call.
  if (!Number.isInteger(memoryLimitBytes) || memoryLimitBytes < PAGE_BYTES || memoryLimitBytes > 2 ** 31) {
    throw new Error(`configureKernel: memoryLimitBytes must be a whole number from ${PAGE_BYTES} to 2³¹, got ${memoryLimitBytes}`);
  }
  if (!Number.isInteger(smallestProduct) || smallestProduct < 1) {
    throw new Error(`configureKernel: smallestProduct must be a positive integer, got ${smallestProduct}`);
  }
  settings = { memoryLimitBytes, smallestProduct };
  return previous;
}

/** Bytes of linear memory the kernel holds now (it never shrinks). */
export function kernelMemoryBytes(): number {
  return kernel ? kernel.exports.memory.buffer.byteLength : 0;
}

/** Grows the memory so that bytes [0, end) exist; false if that would pass the limit or fails. */
function reserve(k: Kernel, end: number): boolean {
  const { memory } = k.exports;
  if (end > settings.memoryLimitBytes) return false;
  if (end <= memory.buffer.byteLength) return true;
  try {
    memory.grow(Math.ceil((end - memory.buffer.byteLength) / PAGE_BYTES));
  } catch {
    return false;
  }
  k.heap = new Float64Array(memory.buffer);
  return true;
}

const align16 = (bytes: number) => Math.ceil(bytes / 16) * 16;

/**
 * C (M×N) = L·R into `c` on the kernel, where for kind
 *   'AB'  L = A (M×K), R = B (K×N);   'AtB'  L = Aᵀ with A K×M;   'ABt'  R = Bᵀ with B N×K.
 * Returns false, having written nothing, when the TypeScript loops should run instead: the
 * backend is 'typescript', the product is tiny, or its right factor does not fit the memory limit.
 * Shapes are the caller's to check.
 */
export function simdProduct(kind: ProductKind, a: Float64Array, b: Float64Array, c: Float64Array, M: number, K: number, N: number): boolean {
  if (forcedTypeScript || M * K * N < settings.smallestProduct) return false;
  const k = loadedKernel();
  if (!k) return false;
  // Memory: the packed right factor (K × N rounded up to 4 columns), then a region that first holds
  // R as given (only while it is packed) and then a band of rows of L and the same rows of C.
  const packed = k.base;
  const region = packed + align16(8 * K * (N + ((4 - (N % 4)) % 4)));
  const bandEnd = (rows: number) => region + align16(8 * rows * K) + 8 * rows * N;
  const rawEnd = region + 8 * b.length;
  let band = M;
  if (!reserve(k, Math.max(bandEnd(M), rawEnd))) {
    band = Math.floor((settings.memoryLimitBytes - region - 16) / (8 * (K + N)));
    if (band >= 4) band -= band % 4;
    if (band < 1 || !reserve(k, Math.max(bandEnd(band), rawEnd))) return false;
  }
  const { exports } = k;
  k.heap.set(b, region / 8);
  if (kind === 'ABt') exports.packColumns(region, 8, 8 * K, K, N, packed);
  else exports.packColumns(region, 8 * N, 8, K, N, packed);
  for (let i0 = 0; i0 < M; i0 += band) {
    const rows = Math.min(band, M - i0);
    const left = region;
    const out = region + align16(8 * rows * K);
    if (kind === 'AtB') {
      // The band's rows of Aᵀ are columns i0… of A: one run of `rows` entries per row of A.
      if (rows === M) k.heap.set(a, left / 8);
      else for (let r = 0; r < K; r++) k.heap.set(a.subarray(r * M + i0, r * M + i0 + rows), left / 8 + r * rows);
      exports.multiply(left, 8, 8 * rows, packed, out, rows, K, N);
    } else {
      k.heap.set(a.subarray(i0 * K, (i0 + rows) * K), left / 8);
      exports.multiply(left, 8 * K, 8, packed, out, rows, K, N);
    }
    c.set(k.heap.subarray(out / 8, out / 8 + rows * N), i0 * N);
  }
  return true;
}
