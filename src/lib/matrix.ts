/**
 * Dense float64 matrices, row-major, samples as rows.
 *
 * Everything in the engine is a `Matrix`: a batch X is M×N (one sample per row), a weight
 * matrix W is inputs×units, a bias b is a 1×units row vector. Chapter 1 ("Introduction and
 * notation") fixes these conventions; chapter 2 eq. (2.1) `Z = X W + b` is `addRowVector(matmul(X, W), b)`.
 */

import { simdProduct } from './simd/products';

/** A rows×cols matrix whose entry (i, j) is `data[i * cols + j]`. */
export class Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;

  constructor(rows: number, cols: number, data?: Float64Array) {
    if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 0 || cols < 0) {
      throw new Error(`Matrix: shape must be two non-negative integers, got ${rows}×${cols}`);
    }
    const size = rows * cols;
    if (data !== undefined && data.length !== size) {
      throw new Error(`Matrix: a ${rows}×${cols} matrix needs ${size} values, got ${data.length}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? new Float64Array(size);
  }

  get shape(): [rows: number, cols: number] {
    return [this.rows, this.cols];
  }

  get size(): number {
    return this.data.length;
  }

  get(i: number, j: number): number {
    return this.data[i * this.cols + j];
  }

  set(i: number, j: number, value: number): void {
    this.data[i * this.cols + j] = value;
  }

  /** Row i as a fresh array. */
  row(i: number): number[] {
    return Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols));
  }

  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.data.slice());
  }

  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(this.row(i));
    return out;
  }

  toString(): string {
    return formatMatrix(this);
  }
}

export function shapeOf(m: Matrix): string {
  return `${m.rows}×${m.cols}`;
}

// ---------------------------------------------------------------------------------------------
// Construction

export function zeros(rows: number, cols: number): Matrix {
  return new Matrix(rows, cols);
}

export function full(rows: number, cols: number, value: number): Matrix {
  return new Matrix(rows, cols, new Float64Array(rows * cols).fill(value));
}

export function identity(n: number): Matrix {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** A matrix from nested arrays, one inner array per row; ragged or non-numeric input throws. */
export function fromArray(rows: readonly (readonly number[])[]): Matrix {
  if (!Array.isArray(rows)) throw new Error('fromArray: expected an array of rows (number[][])');
  const r = rows.length;
  const c = r === 0 ? 0 : rows[0].length;
  const m = new Matrix(r, c);
  for (let i = 0; i < r; i++) {
    // Typed as ArrayLike: a cell may pass a Float64Array row, and the checks must not narrow it away.
    const row: ArrayLike<number> = rows[i];
    if (!Array.isArray(row as unknown) && !ArrayBuffer.isView(row)) {
      throw new Error(`fromArray: row ${i} is not an array`);
    }
    if (row.length !== c) {
      throw new Error(`fromArray: row ${i} has ${row.length} values, expected ${c} like row 0`);
    }
    for (let j = 0; j < c; j++) {
      const v = row[j];
      if (typeof v !== 'number') throw new Error(`fromArray: entry (${i}, ${j}) is ${typeof v}, expected a number`);
      m.data[i * c + j] = v;
    }
  }
  return m;
}

/** A 1×n row vector, the shape of a bias b. */
export function rowVector(values: readonly number[] | Float64Array): Matrix {
  return new Matrix(1, values.length, Float64Array.from(values));
}

/** An n×1 column vector. */
export function columnVector(values: readonly number[] | Float64Array): Matrix {
  return new Matrix(values.length, 1, Float64Array.from(values));
}

/** A rows×cols matrix whose entry (i, j) is f(i, j). */
export function fromFunction(rows: number, cols: number, f: (i: number, j: number) => number): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m.data[i * cols + j] = f(i, j);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Shape checks

function assertSameShape(op: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new Error(`${op}: shapes (${shapeOf(a)}) and (${shapeOf(b)}) differ`);
  }
}

function assertOut(op: string, out: Matrix, rows: number, cols: number): void {
  if (out.rows !== rows || out.cols !== cols) {
    throw new Error(`${op}: output buffer is (${shapeOf(out)}), expected (${rows}×${cols})`);
  }
}

// ---------------------------------------------------------------------------------------------
// Products: the loops below, or the same sums on a WebAssembly SIMD kernel where the engine has one
// (simd/products.ts; identical bits, so `matmulBackend()` only says which one was fast).

export { matmulBackend, setMatmulBackend, type MatmulBackend } from './simd/products';

/**
 * C = A B (chapter 02-forward-pass: Z = X W). Throws when the inner dimensions differ.
 */
export function matmul(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.cols !== b.rows) {
    throw new Error(`matmul: (${shapeOf(a)}) · (${shapeOf(b)}): inner dimensions ${a.cols} and ${b.rows} differ`);
  }
  const c = out ?? new Matrix(a.rows, b.cols);
  if (out) assertOut('matmul', out, a.rows, b.cols);
  if (c === a || c === b) throw new Error('matmul: the output buffer must not be one of the inputs');
  if (simdProduct('AB', a.data, b.data, c.data, a.rows, a.cols, b.cols)) return c;
  // A[i, k] sits at i·K + k.
  blockedProduct(a.data, a.cols, 1, b.data, c.data, a.rows, a.cols, b.cols);
  return c;
}

/**
 * C = Aᵀ B without forming Aᵀ: the weight gradient Xᵀ δ of chapter 05-backpropagation.
 * Throws when A and B have different row counts.
 */
export function matmulTransposeA(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.rows !== b.rows) {
    throw new Error(`matmulTransposeA: (${shapeOf(a)})ᵀ · (${shapeOf(b)}): row counts ${a.rows} and ${b.rows} differ`);
  }
  const c = out ?? new Matrix(a.cols, b.cols);
  if (out) assertOut('matmulTransposeA', out, a.cols, b.cols);
  if (c === a || c === b) throw new Error('matmulTransposeA: the output buffer must not be one of the inputs');
  if (simdProduct('AtB', a.data, b.data, c.data, a.cols, a.rows, b.cols)) return c;
  // Aᵀ[i, k] = A[k, i] sits at k·M + i.
  blockedProduct(a.data, 1, a.cols, b.data, c.data, a.cols, a.rows, b.cols);
  return c;
}

/** Scratch copies of the factors in the order the inner loop reads them; grown on demand and reused. */
let rowPanel = new Float64Array(4 * 1024);
let columnPanels = new Float64Array(4 * 1024);
const KEPT_PANEL_ENTRIES = 1 << 20;

/**
 * C (M×N) = Σ_k L[i, k] · B[k, j], with the left factor's entry (i, k) at `L[i·rowStride + k·kStride]`
 * so one loop serves A B and Aᵀ B. Each 4×4 block of C is kept in sixteen local variables while k
 * runs: every value loaded from L or B feeds four multiply-adds and C is written once per block.
 * Both factors are first copied in the order that loop reads them: B's columns in groups of four,
 * each group stored k by k (`columnPanels[jK + 4k + c]`, once per product), and the block's four
 * rows of L side by side (`rowPanel[4k + r]`, once per row block, whatever the strides: for Aᵀ B the
 * rows of Aᵀ are columns of A). The k loop then walks two contiguous runs instead of striding
 * through memory. This register blocking is what lets plain Float64Array code train MNIST in a
 * browser; the sum over k runs in ascending order, exactly as the textbook loop would.
 */
function blockedProduct(
  L: Float64Array,
  rowStride: number,
  kStride: number,
  B: Float64Array,
  C: Float64Array,
  M: number,
  K: number,
  N: number,
): void {
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  if (rowPanel.length < 4 * K) rowPanel = new Float64Array(4 * K);
  // A right factor of over a million entries (8 MB) gets a one-off copy instead of being kept.
  const Q = columnPanels.length >= K * N4 ? columnPanels : new Float64Array(K * N4);
  if (K * N4 <= KEPT_PANEL_ENTRIES && Q !== columnPanels) columnPanels = Q;
  const P = rowPanel;
  for (let j = 0, q = 0; j < N4; j += 4) {
    for (let k = 0, bk = j; k < K; k++, bk += N, q += 4) {
      Q[q] = B[bk]; Q[q + 1] = B[bk + 1]; Q[q + 2] = B[bk + 2]; Q[q + 3] = B[bk + 3];
    }
  }
  for (let i = 0; i < M4; i += 4) {
    const l0 = i * rowStride;
    const l1 = l0 + rowStride;
    const l2 = l1 + rowStride;
    const l3 = l2 + rowStride;
    for (let k = 0, lk = 0, p = 0; k < K; k++, lk += kStride, p += 4) {
      P[p] = L[l0 + lk]; P[p + 1] = L[l1 + lk]; P[p + 2] = L[l2 + lk]; P[p + 3] = L[l3 + lk];
    }
    for (let j = 0, panel = 0; j < N4; j += 4, panel += 4 * K) {
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      for (let p = 0, q = panel; p < 4 * K; p += 4, q += 4) {
        const b0 = Q[q], b1 = Q[q + 1], b2 = Q[q + 2], b3 = Q[q + 3];
        const x0 = P[p], x1 = P[p + 1], x2 = P[p + 2], x3 = P[p + 3];
        c00 += x0 * b0; c01 += x0 * b1; c02 += x0 * b2; c03 += x0 * b3;
        c10 += x1 * b0; c11 += x1 * b1; c12 += x1 * b2; c13 += x1 * b3;
        c20 += x2 * b0; c21 += x2 * b1; c22 += x2 * b2; c23 += x2 * b3;
        c30 += x3 * b0; c31 += x3 * b1; c32 += x3 * b2; c33 += x3 * b3;
      }
      let c = i * N + j;
      C[c] = c00; C[c + 1] = c01; C[c + 2] = c02; C[c + 3] = c03; c += N;
      C[c] = c10; C[c + 1] = c11; C[c + 2] = c12; C[c + 3] = c13; c += N;
      C[c] = c20; C[c + 1] = c21; C[c + 2] = c22; C[c + 3] = c23; c += N;
      C[c] = c30; C[c + 1] = c31; C[c + 2] = c32; C[c + 3] = c33;
    }
  }
  // The edges (rows past M4, columns past N4): one entry at a time.
  for (let i = 0; i < M; i++) {
    for (let j = i < M4 ? N4 : 0; j < N; j++) {
      let total = 0;
      for (let k = 0, lk = i * rowStride, bk = j; k < K; k++, lk += kStride, bk += N) total += L[lk] * B[bk];
      C[i * N + j] = total;
    }
  }
}

/**
 * C = A Bᵀ without forming Bᵀ: the input gradient δ Wᵀ. Entry (i, j) is the dot product of
 * row i of A and row j of B; four rows of A share each pass over a row of B.
 */
export function matmulTransposeB(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (a.cols !== b.cols) {
    throw new Error(`matmulTransposeB: (${shapeOf(a)}) · (${shapeOf(b)})ᵀ: column counts ${a.cols} and ${b.cols} differ`);
  }
  const M = a.rows;
  const K = a.cols;
  const N = b.rows;
  const c = out ?? new Matrix(M, N);
  if (out) assertOut('matmulTransposeB', out, M, N);
  if (simdProduct('ABt', a.data, b.data, c.data, M, K, N)) return c;
  const A = a.data;
  const B = b.data;
  const C = c.data;
  let i = 0;
  for (; i + 3 < M; i += 4) {
    const a0 = i * K;
    const a1 = a0 + K;
    const a2 = a1 + K;
    const a3 = a2 + K;
    for (let j = 0; j < N; j++) {
      const bj = j * K;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < K; k++) {
        const y = B[bj + k];
        s0 += A[a0 + k] * y;
        s1 += A[a1 + k] * y;
        s2 += A[a2 + k] * y;
        s3 += A[a3 + k] * y;
      }
      C[i * N + j] = s0;
      C[(i + 1) * N + j] = s1;
      C[(i + 2) * N + j] = s2;
      C[(i + 3) * N + j] = s3;
    }
  }
  for (; i < M; i++) {
    const ai = i * K;
    for (let j = 0; j < N; j++) {
      const bj = j * K;
      let s = 0;
      for (let k = 0; k < K; k++) s += A[ai + k] * B[bj + k];
      C[i * N + j] = s;
    }
  }
  return c;
}

export function transpose(a: Matrix): Matrix {
  const t = new Matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  }
  return t;
}

/**
 * The Kronecker product A ⊗ B: the (p·r)×(q·s) block matrix whose block (i, j) is A[i,j]·B.
 * Chapter 6 builds every dense-layer Jacobian from it.
 */
export function kron(a: Matrix, b: Matrix): Matrix {
  const rows = a.rows * b.rows;
  const cols = a.cols * b.cols;
  const k = new Matrix(rows, cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const aij = a.data[i * a.cols + j];
      if (aij === 0) continue;
      for (let p = 0; p < b.rows; p++) {
        const dst = (i * b.rows + p) * cols + j * b.cols;
        const src = p * b.cols;
        for (let q = 0; q < b.cols; q++) k.data[dst + q] = aij * b.data[src + q];
      }
    }
  }
  return k;
}

// ---------------------------------------------------------------------------------------------
// vec: stacking a matrix into one column (chapter 6)

/** Which way `vec` stacks entries: column after column (the textbook vec) or row after row. */
export type VecOrder = 'column-major' | 'row-major';

/**
 * vec(A) as an (rows·cols)×1 column. Column-major stacks the columns (the convention of
 * vec(AXB) = (Bᵀ ⊗ A) vec(X)); row-major stacks the rows (then vec(AXB) = (A ⊗ Bᵀ) vec(X)).
 */
export function vec(a: Matrix, order: VecOrder = 'column-major'): Matrix {
  if (order === 'row-major') return new Matrix(a.size, 1, a.data.slice());
  const v = new Matrix(a.size, 1);
  for (let j = 0; j < a.cols; j++) {
    for (let i = 0; i < a.rows; i++) v.data[j * a.rows + i] = a.data[i * a.cols + j];
  }
  return v;
}

/** The inverse of `vec`: fold a vector (any shape with rows·cols entries) back into rows×cols. */
export function unvec(v: Matrix, rows: number, cols: number, order: VecOrder = 'column-major'): Matrix {
  if (v.size !== rows * cols) {
    throw new Error(`unvec: a vector of ${v.size} entries cannot fold into ${rows}×${cols} (${rows * cols} entries)`);
  }
  if (order === 'row-major') return new Matrix(rows, cols, v.data.slice());
  const a = new Matrix(rows, cols);
  for (let j = 0; j < cols; j++) {
    for (let i = 0; i < rows; i++) a.data[i * cols + j] = v.data[j * rows + i];
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// Elementwise

export function map(a: Matrix, f: (x: number, i: number, j: number) => number): Matrix {
  const m = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) m.data[i * a.cols + j] = f(a.data[i * a.cols + j], i, j);
  }
  return m;
}

function zipWith(op: string, a: Matrix, b: Matrix, f: (x: number, y: number) => number): Matrix {
  assertSameShape(op, a, b);
  const m = new Matrix(a.rows, a.cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = f(a.data[i], b.data[i]);
  return m;
}

export function add(a: Matrix, b: Matrix): Matrix {
  return zipWith('add', a, b, (x, y) => x + y);
}

export function sub(a: Matrix, b: Matrix): Matrix {
  return zipWith('sub', a, b, (x, y) => x - y);
}

/** The Hadamard (elementwise) product A ⊙ B. */
export function hadamard(a: Matrix, b: Matrix): Matrix {
  return zipWith('hadamard', a, b, (x, y) => x * y);
}

export function scale(a: Matrix, s: number): Matrix {
  const m = new Matrix(a.rows, a.cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = a.data[i] * s;
  return m;
}

/**
 * A + 1 b: add the 1×cols row vector b to every row of A — the broadcasting in `Z = X W + b`.
 * With `out` given (it may be A itself) no memory is allocated.
 */
export function addRowVector(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  if (b.rows !== 1 || b.cols !== a.cols) {
    throw new Error(`addRowVector: (${shapeOf(a)}) + (${shapeOf(b)}): expected a 1×${a.cols} row vector`);
  }
  const m = out ?? new Matrix(a.rows, a.cols);
  if (out) assertOut('addRowVector', out, a.rows, a.cols);
  const n = a.cols;
  for (let i = 0; i < a.rows; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) m.data[r + j] = a.data[r + j] + b.data[j];
  }
  return m;
}

/** 1ᵀ A: the 1×cols row of column sums (summing over samples) — the bias gradient 1ᵀδ. */
export function sumRows(a: Matrix, out?: Matrix): Matrix {
  const s = out ?? new Matrix(1, a.cols);
  if (out) assertOut('sumRows', out, 1, a.cols);
  s.data.fill(0);
  for (let i = 0; i < a.rows; i++) {
    const r = i * a.cols;
    for (let j = 0; j < a.cols; j++) s.data[j] += a.data[r + j];
  }
  return s;
}

/** A 1: the rows×1 column of row sums (summing over each sample's features). */
export function sumCols(a: Matrix): Matrix {
  const s = new Matrix(a.rows, 1);
  for (let i = 0; i < a.rows; i++) {
    let t = 0;
    for (let j = 0; j < a.cols; j++) t += a.data[i * a.cols + j];
    s.data[i] = t;
  }
  return s;
}

export function sum(a: Matrix): number {
  let t = 0;
  for (let i = 0; i < a.data.length; i++) t += a.data[i];
  return t;
}

/** The rows [start, end) of A as a new matrix (a mini-batch of samples). */
export function sliceRows(a: Matrix, start: number, end: number): Matrix {
  if (start < 0 || end > a.rows || start > end) {
    throw new Error(`sliceRows: rows [${start}, ${end}) are outside a matrix of ${a.rows} rows`);
  }
  return new Matrix(end - start, a.cols, a.data.slice(start * a.cols, end * a.cols));
}

/** The rows of A at the given indices, in that order (a shuffled mini-batch). */
export function takeRows(a: Matrix, indices: ArrayLike<number>, out?: Matrix): Matrix {
  const m = out ?? new Matrix(indices.length, a.cols);
  if (out) assertOut('takeRows', out, indices.length, a.cols);
  for (let r = 0; r < indices.length; r++) {
    const i = indices[r];
    if (!Number.isInteger(i) || i < 0 || i >= a.rows) {
      throw new Error(`takeRows: index ${i} is outside a matrix of ${a.rows} rows`);
    }
    m.data.set(a.data.subarray(i * a.cols, (i + 1) * a.cols), r * a.cols);
  }
  return m;
}

/** The largest |entry|, or 0 for an empty matrix. */
export function maxAbs(a: Matrix): number {
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    const v = Math.abs(a.data[i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** The index of the first non-finite entry as [row, col], or null when every entry is finite. */
export function firstNonFinite(a: Matrix): [row: number, col: number] | null {
  for (let i = 0; i < a.data.length; i++) {
    if (!Number.isFinite(a.data[i])) return [Math.floor(i / a.cols), i % a.cols];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Display

export interface FormatOptions {
  /** Significant digits per entry (default 4). */
  digits?: number;
  /** Rows and columns shown before eliding the middle with … (default 8 each). */
  maxRows?: number;
  maxCols?: number;
}

function formatNumber(x: number, digits: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return '0';
  const ax = Math.abs(x);
  if (ax >= 1e-4 && ax < 1e6) {
    const s = Number(x.toPrecision(digits)).toString();
    return s;
  }
  return x.toExponential(Math.max(0, digits - 1));
}

function shownIndices(n: number, max: number): (number | null)[] {
  if (n <= max) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil(max / 2);
  const tail = Math.floor(max / 2);
  return [
    ...Array.from({ length: head }, (_, i) => i),
    null,
    ...Array.from({ length: tail }, (_, i) => n - tail + i),
  ];
}

/**
 * A readable, aligned text rendering with the shape on top; large matrices keep their
 * corners and elide the middle.
 */
export function formatMatrix(a: Matrix, options: FormatOptions = {}): string {
  const digits = options.digits ?? 4;
  const rows = shownIndices(a.rows, options.maxRows ?? 8);
  const cols = shownIndices(a.cols, options.maxCols ?? 8);
  const cells = rows.map((i) => cols.map((j) => (i === null || j === null ? '…' : formatNumber(a.get(i, j), digits))));
  const widths = cols.map((_, c) => Math.max(1, ...cells.map((r) => r[c].length)));
  const lines = cells.map((r) => '[ ' + r.map((s, c) => s.padStart(widths[c])).join('  ') + ' ]');
  return [`Matrix ${shapeOf(a)}`, ...lines].join('\n');
}
