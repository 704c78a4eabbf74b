/**
 * Dense float64 matrices, row-major, samples as rows.
 *
 * Everything in the engine is a `Matrix`: a batch X is M×N (one sample per row), a weight
 * matrix W is inputs×units, a bias b is a 1×units row vector. Chapter 01-introduction fixes these
 * conventions; `Z = X W + b` (chapter 02-forward-pass, eq. 2.1) is `addRowVector(matmul(X, W), b)`.
 */
import { matrixCells, type FormatOptions } from './format';
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
    if (data !== undefined) {
      if (!(data instanceof Float64Array)) {
        throw new Error(`Matrix: data must be a Float64Array, got ${describeValue(data)} (fromArray or rowVector build one from arrays)`);
      }
      if (data.length !== size) throw new Error(`Matrix: a ${rows}×${cols} matrix needs ${size} values, got ${data.length}`);
    }
    this.rows = rows;
    this.cols = cols;
    this.data = data ?? allocate(rows, cols);
  }

  get shape(): [rows: number, cols: number] {
    return [this.rows, this.cols];
  }

  get size(): number {
    return this.data.length;
  }

  /** Entry (i, j); an index outside the matrix throws (the engine's own loops index `data` directly). */
  get(i: number, j: number): number {
    if (!this.has(i, j)) throw outside('Matrix.get', this, i, j);
    return this.data[i * this.cols + j];
  }

  set(i: number, j: number, value: number): void {
    if (!this.has(i, j)) throw outside('Matrix.set', this, i, j);
    if (typeof value !== 'number') throw new TypeError(`Matrix.set: value must be a number, got ${describeValue(value)}`);
    this.data[i * this.cols + j] = value;
  }

  /** Row i as a fresh array. */
  row(i: number): number[] {
    if (!(Number.isInteger(i) && i >= 0 && i < this.rows)) {
      const range = this.rows === 0 ? 'it has no rows' : `rows are 0–${this.rows - 1}`;
      throw new RangeError(`Matrix.row: row ${String(i)} is outside the ${shapeOf(this)} matrix: ${range}`);
    }
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

  /** i and j are integers in range: `x >>> 0 === x` holds exactly for the integers 0 ≤ x < 2³², and is cheap. */
  private has(i: number, j: number): boolean {
    return i >>> 0 === i && i < this.rows && j >>> 0 === j && j < this.cols;
  }
}

/** Zero-filled storage, with an error that says how large the matrix was when there is not that much memory. */
function allocate(rows: number, cols: number): Float64Array {
  try {
    return new Float64Array(rows * cols);
  } catch (error) {
    const gigabytes = (8 * rows * cols) / 2 ** 30;
    throw new RangeError(`Matrix: cannot allocate a ${rows}×${cols} matrix (${(rows * cols).toLocaleString('en-US')} entries, ${gigabytes.toPrecision(3)} GiB): ${(error as Error).message}`);
  }
}

function outside(op: string, m: Matrix, i: number, j: number): RangeError {
  const range = m.size === 0 ? 'it has no entries' : `rows are 0–${m.rows - 1}, columns 0–${m.cols - 1}`;
  return new RangeError(`${op}: (${String(i)}, ${String(j)}) is outside the ${shapeOf(m)} matrix: ${range}`);
}

export function shapeOf(m: Matrix): string {
  assertMatrix('shapeOf', 'A', m);
  return `${m.rows}×${m.cols}`;
}

// ---------------------------------------------------------------------------------------------
// Construction

export function zeros(rows: number, cols: number): Matrix {
  return new Matrix(rows, cols);
}

/** Chromium's Float64Array.prototype.fill does nothing on arrays of 2^28 entries or more; parts this size it fills. */
const FILL_CHUNK = 1 << 20;

/** Every entry of A becomes `value`, in place; returns A. */
export function fill(a: Matrix, value: number): Matrix {
  assertMatrix('fill', 'A', a);
  if (typeof value !== 'number') throw new Error(`fill: value must be a number, got ${describeValue(value)}`);
  if (a.size <= FILL_CHUNK) a.data.fill(value);
  else for (let start = 0; start < a.size; start += FILL_CHUNK) a.data.subarray(start, start + FILL_CHUNK).fill(value);
  return a;
}

export function full(rows: number, cols: number, value: number): Matrix {
  if (typeof value !== 'number') throw new Error(`full: value must be a number, got ${describeValue(value)}`);
  return fill(new Matrix(rows, cols), value);
}

export function identity(n: number): Matrix {
  const m = new Matrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/** A matrix from nested arrays, one inner array per row; ragged or non-numeric input throws. */
export function fromArray(rows: readonly (readonly number[])[]): Matrix {
  if (!Array.isArray(rows)) throw new Error(`fromArray: expected an array of rows (number[][]), got ${describeValue(rows)}`);
  if (rows.length > 0 && rows.every((x: unknown) => typeof x === 'number')) {
    const shown = `[${rows.slice(0, 4).join(', ')}${rows.length > 4 ? ', …' : ''}]`;
    const suggestion = rows.length <= 4 ? `[${rows.join(', ')}]` : '[…]';
    throw new Error(
      `fromArray: takes rows (an array of arrays), got a flat array of numbers ${shown}; ` +
        `for one row write fromArray([${suggestion}]) or rowVector(${suggestion})`,
    );
  }
  const r = rows.length;
  const c = r === 0 ? 0 : (rows[0] as ArrayLike<number> | undefined)?.length ?? 0;
  const m = new Matrix(r, c);
  for (let i = 0; i < r; i++) {
    // Typed as ArrayLike: a cell may pass a Float64Array row, and the checks must not narrow it away.
    const row: ArrayLike<number> = rows[i];
    if (!Array.isArray(row as unknown) && !ArrayBuffer.isView(row)) {
      throw new Error(`fromArray: row ${i} is ${describeValue(row)}, expected an array of numbers`);
    }
    if (row.length !== c) {
      throw new Error(`fromArray: row ${i} has ${row.length} values, expected ${c} like row 0`);
    }
    for (let j = 0; j < c; j++) {
      const v = row[j];
      if (typeof v !== 'number') throw new Error(`fromArray: entry (${i}, ${j}) is ${describeValue(v)}, expected a number`);
      m.data[i * c + j] = v;
    }
  }
  return m;
}

/** A vector's entries, each checked to be a number (`op` names the caller). */
function vectorData(op: string, values: readonly number[] | Float64Array): Float64Array {
  if (values instanceof Float64Array) return values.slice();
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) {
    throw new Error(`${op}: expected an array of numbers, got ${describeValue(values)}`);
  }
  const data = new Float64Array(values.length);
  for (let k = 0; k < values.length; k++) {
    const v: unknown = values[k];
    if (typeof v !== 'number') {
      throw new Error(`${op}: entry ${k} is ${describeValue(v)}, expected a number${Array.isArray(v) ? ' (fromArray takes rows)' : ''}`);
    }
    data[k] = v;
  }
  return data;
}

/** A 1×n row vector, the shape of a bias b. */
export function rowVector(values: readonly number[] | Float64Array): Matrix {
  const data = vectorData('rowVector', values);
  return new Matrix(1, data.length, data);
}

/** An n×1 column vector. */
export function columnVector(values: readonly number[] | Float64Array): Matrix {
  const data = vectorData('columnVector', values);
  return new Matrix(data.length, 1, data);
}

/** A rows×cols matrix whose entry (i, j) is f(i, j); f must return a number (a forgotten `return` gives undefined). */
export function fromFunction(rows: number, cols: number, f: (i: number, j: number) => number): Matrix {
  const m = new Matrix(rows, cols);
  if (typeof f !== 'function') throw new Error(`fromFunction: f must be a function (i, j) => number, got ${describeValue(f)}`);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const v = f(i, j);
      if (typeof v !== 'number') throw new Error(`fromFunction: f(${i}, ${j}) returned ${describeValue(v)}, expected a number`);
      m.data[i * cols + j] = v;
    }
  }
  return m;
}

// ---------------------------------------------------------------------------------------------
// Checks: every operation states what it was given wrong through these few functions

/** A value as a message names it: "undefined", "the number 3", "an array of 3", "a Float64Array of 4", … */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (value instanceof Matrix) return `a ${shapeOf(value)} Matrix`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${(value as unknown as ArrayLike<unknown>).length}`;
  switch (typeof value) {
    case 'number':
      return `the number ${value}`;
    case 'string':
      return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
    case 'function':
      return 'a function';
    case 'object': {
      const name = Object.getPrototypeOf(value)?.constructor?.name;
      return name && name !== 'Object' ? `a ${name}` : 'an object';
    }
    default:
      return `${typeof value} ${String(value)}`;
  }
}

/** Throws unless `value` is a Matrix, naming the operation, the argument and what it got instead. */
export function assertMatrix(op: string, name: string, value: unknown): asserts value is Matrix {
  if (value instanceof Matrix) return;
  const hint = Array.isArray(value) ? ' (fromArray(rows) makes a Matrix of nested arrays)' : '';
  throw new Error(`${op}: ${name} must be a Matrix, got ${describeValue(value)}${hint}`);
}

/**
 * The one shape assertion: throws unless `m` is a rows×cols Matrix, with a message naming the
 * operation, the argument, both shapes and (when given) what the expected shape comes from, e.g.
 * "relu.backward: dA is (2×3), expected (3×2) like Z".
 */
export function assertShape(op: string, name: string, m: unknown, rows: number, cols: number, like?: string): asserts m is Matrix {
  assertMatrix(op, name, m);
  if (m.rows !== rows || m.cols !== cols) {
    throw new Error(`${op}: ${name} is (${shapeOf(m)}), expected (${rows}×${cols})${like === undefined ? '' : ` like ${like}`}`);
  }
}

/** Where an operation writes its result: `out` after checking its shape, or a fresh rows×cols matrix. */
export function outputBuffer(op: string, out: Matrix | undefined, rows: number, cols: number, like?: string): Matrix {
  if (out === undefined) return new Matrix(rows, cols);
  assertShape(op, 'the output buffer', out, rows, cols, like);
  return out;
}

/** True when two matrices share memory: the same matrix, or overlapping views of one buffer. */
function sharesMemory(x: Matrix, y: Matrix): boolean {
  const a = x.data;
  const b = y.data;
  return (
    a.buffer === b.buffer &&
    a.length > 0 &&
    b.length > 0 &&
    a.byteOffset < b.byteOffset + b.byteLength &&
    b.byteOffset < a.byteOffset + a.byteLength
  );
}

/**
 * The aliasing guard of every operation that reads an input after it has begun writing its output
 * (the three products, takeRows, columnSums, addRowVector's b, the softmax–cross-entropy gradient's
 * targets): such an output must not share memory with that input.
 */
export function assertNotAliased(op: string, out: Matrix, name: string, input: Matrix): void {
  if (sharesMemory(out, input)) {
    throw new Error(`${op}: the output buffer shares memory with ${name}, which would be overwritten while it is still read; pass a separate output buffer`);
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
  assertMatrix('matmul', 'A', a);
  assertMatrix('matmul', 'B', b);
  if (a.cols !== b.rows) {
    throw new Error(`matmul: (${shapeOf(a)}) · (${shapeOf(b)}): inner dimensions ${a.cols} and ${b.rows} differ`);
  }
  const c = outputBuffer('matmul', out, a.rows, b.cols);
  if (out) {
    assertNotAliased('matmul', out, 'A', a);
    assertNotAliased('matmul', out, 'B', b);
  }
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
  assertMatrix('matmulTransposeA', 'A', a);
  assertMatrix('matmulTransposeA', 'B', b);
  if (a.rows !== b.rows) {
    throw new Error(`matmulTransposeA: (${shapeOf(a)})ᵀ · (${shapeOf(b)}): row counts ${a.rows} and ${b.rows} differ`);
  }
  const c = outputBuffer('matmulTransposeA', out, a.cols, b.cols);
  if (out) {
    assertNotAliased('matmulTransposeA', out, 'A', a);
    assertNotAliased('matmulTransposeA', out, 'B', b);
  }
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
  assertMatrix('matmulTransposeB', 'A', a);
  assertMatrix('matmulTransposeB', 'B', b);
  if (a.cols !== b.cols) {
    throw new Error(`matmulTransposeB: (${shapeOf(a)}) · (${shapeOf(b)})ᵀ: column counts ${a.cols} and ${b.cols} differ`);
  }
  const M = a.rows;
  const K = a.cols;
  const N = b.rows;
  const c = outputBuffer('matmulTransposeB', out, M, N);
  if (out) {
    assertNotAliased('matmulTransposeB', out, 'A', a);
    assertNotAliased('matmulTransposeB', out, 'B', b);
  }
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
  assertMatrix('transpose', 'A', a);
  const t = new Matrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  }
  return t;
}

/**
 * The Kronecker product A ⊗ B: the (p·r)×(q·s) block matrix whose block (i, j) is A[i,j]·B.
 * Chapter 06-kronecker builds every dense-layer Jacobian from it (eq. 6.8).
 */
export function kron(a: Matrix, b: Matrix): Matrix {
  assertMatrix('kron', 'A', a);
  assertMatrix('kron', 'B', b);
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
// vec: stacking a matrix into one column (chapter 06-kronecker, eqs. 6.1–6.2)

/** Which way `vec` stacks entries: column after column (the textbook vec) or row after row. */
export type VecOrder = 'column-major' | 'row-major';

export const VEC_ORDERS: readonly VecOrder[] = ['column-major', 'row-major'];

/** The one check of a vec order, for every operation that takes one. */
export function assertVecOrder(op: string, order: unknown): asserts order is VecOrder {
  if (!VEC_ORDERS.includes(order as VecOrder)) {
    throw new Error(`${op}: vec order must be ${VEC_ORDERS.map((o) => `'${o}'`).join(' or ')}, got ${JSON.stringify(order) ?? String(order)}`);
  }
}

/** Where entry (i, j) of a rows×cols matrix sits in vec(·): j·rows + i column-major, i·cols + j row-major. */
export function vecIndex(i: number, j: number, rows: number, cols: number, order: VecOrder): number {
  return order === 'row-major' ? i * cols + j : j * rows + i;
}

/**
 * vec(A) as an (rows·cols)×1 column. Column-major stacks the columns (the convention of
 * vec(AXB) = (Bᵀ ⊗ A) vec(X)); row-major stacks the rows (then vec(AXB) = (A ⊗ Bᵀ) vec(X)).
 */
export function vec(a: Matrix, order: VecOrder = 'column-major'): Matrix {
  assertMatrix('vec', 'A', a);
  assertVecOrder('vec', order);
  const v = new Matrix(a.size, 1);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) v.data[vecIndex(i, j, a.rows, a.cols, order)] = a.data[i * a.cols + j];
  }
  return v;
}

/** The inverse of `vec`: fold a vector (any shape with rows·cols entries) back into rows×cols. */
export function unvec(v: Matrix, rows: number, cols: number, order: VecOrder = 'column-major'): Matrix {
  assertMatrix('unvec', 'v', v);
  if (v.size !== rows * cols) {
    throw new Error(`unvec: a vector of ${v.size} entries cannot fold into ${rows}×${cols} (${rows * cols} entries)`);
  }
  assertVecOrder('unvec', order);
  const a = new Matrix(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) a.data[i * cols + j] = v.data[vecIndex(i, j, rows, cols, order)];
  }
  return a;
}

// ---------------------------------------------------------------------------------------------
// Elementwise

export function map(a: Matrix, f: (x: number, i: number, j: number) => number): Matrix {
  assertMatrix('map', 'A', a);
  if (typeof f !== 'function') throw new Error(`map: f must be a function (x, i, j) => number, got ${describeValue(f)}`);
  const m = new Matrix(a.rows, a.cols);
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const v = f(a.data[i * a.cols + j], i, j);
      if (typeof v !== 'number') throw new Error(`map: f returned ${describeValue(v)} for entry (${i}, ${j}), expected a number`);
      m.data[i * a.cols + j] = v;
    }
  }
  return m;
}

function zipWith(op: string, a: Matrix, b: Matrix, f: (x: number, y: number) => number): Matrix {
  assertMatrix(op, 'A', a);
  assertShape(op, 'B', b, a.rows, a.cols, 'A');
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
  assertMatrix('scale', 'A', a);
  if (typeof s !== 'number') throw new Error(`scale: the factor must be a number, got ${describeValue(s)}`);
  const m = new Matrix(a.rows, a.cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = a.data[i] * s;
  return m;
}

/**
 * A + 1 b: add the 1×cols row vector b to every row of A — the broadcasting in `Z = X W + b`.
 * With `out` given (it may be A itself) no memory is allocated.
 */
export function addRowVector(a: Matrix, b: Matrix, out?: Matrix): Matrix {
  assertMatrix('addRowVector', 'A', a);
  assertShape('addRowVector', 'the row vector b', b, 1, a.cols, 'a row of A');
  const m = outputBuffer('addRowVector', out, a.rows, a.cols, 'A');
  // out = A is exact (each entry is read before it is written); a b inside out would change mid-way.
  if (out && out !== b) assertNotAliased('addRowVector', out, 'b', b);
  const n = a.cols;
  for (let i = 0; i < a.rows; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) m.data[r + j] = a.data[r + j] + b.data[j];
  }
  return m;
}

/**
 * The column sums 1ᵀA, a 1×cols row: the sum over the samples (rows) of each column, as in the
 * bias gradient ∂L/∂b = 1ᵀδ (chapter 05-backpropagation, eq. 5.6). The sums start from row 0
 * instead of a cleared output, so `out` may be A itself (a 1×n A is its own column sums); any other
 * output sharing A's memory is refused.
 */
export function columnSums(a: Matrix, out?: Matrix): Matrix {
  assertMatrix('columnSums', 'A', a);
  const s = outputBuffer('columnSums', out, 1, a.cols);
  if (out && out !== a) assertNotAliased('columnSums', out, 'A', a);
  const n = a.cols;
  // 0 + a: the same sums, to the sign of a zero, as adding every row to a cleared row.
  for (let j = 0; j < n; j++) s.data[j] = 0 + a.data[j];
  for (let i = 1; i < a.rows; i++) {
    const r = i * n;
    for (let j = 0; j < n; j++) s.data[j] += a.data[r + j];
  }
  return s;
}

/**
 * The row sums A1, a rows×1 column: the sum of each sample's (row's) entries, as in the softmax's
 * normaliser Σ_k e^{z_k} (chapter 03-activations, eq. 3.9).
 */
export function rowSums(a: Matrix): Matrix {
  assertMatrix('rowSums', 'A', a);
  const s = new Matrix(a.rows, 1);
  for (let i = 0; i < a.rows; i++) {
    let t = 0;
    for (let j = 0; j < a.cols; j++) t += a.data[i * a.cols + j];
    s.data[i] = t;
  }
  return s;
}

export function sum(a: Matrix): number {
  assertMatrix('sum', 'A', a);
  let t = 0;
  for (let i = 0; i < a.data.length; i++) t += a.data[i];
  return t;
}

/** The rows [start, end) of A as a new matrix (a mini-batch of samples). */
export function sliceRows(a: Matrix, start: number, end: number): Matrix {
  assertMatrix('sliceRows', 'A', a);
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > a.rows || start > end) {
    throw new Error(`sliceRows: rows [${start}, ${end}) are outside a matrix of ${a.rows} rows`);
  }
  return new Matrix(end - start, a.cols, a.data.slice(start * a.cols, end * a.cols));
}

/** The rows of A at the given indices, in that order (a shuffled mini-batch). */
export function takeRows(a: Matrix, indices: ArrayLike<number>, out?: Matrix): Matrix {
  assertMatrix('takeRows', 'A', a);
  const m = outputBuffer('takeRows', out, indices.length, a.cols);
  if (out) assertNotAliased('takeRows', out, 'A', a);
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
  assertMatrix('maxAbs', 'A', a);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) {
    const v = Math.abs(a.data[i]);
    if (v > m || Number.isNaN(v)) m = v;
  }
  return m;
}

/** The index of the first non-finite entry as [row, col], or null when every entry is finite. */
export function firstNonFinite(a: Matrix): [row: number, col: number] | null {
  assertMatrix('firstNonFinite', 'A', a);
  for (let i = 0; i < a.data.length; i++) {
    if (!Number.isFinite(a.data[i])) return [Math.floor(i / a.cols), i % a.cols];
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Display (the entry format and the elision rule are ./format's)

/** The matrix as aligned text: "Matrix rows×cols" on top, then one bracketed line per shown row. */
export function formatMatrix(a: Matrix, options: FormatOptions = {}): string {
  assertMatrix('formatMatrix', 'A', a);
  const { cells } = matrixCells(a, options);
  const widths = (cells[0] ?? []).map((_, c) => Math.max(...cells.map((row) => row[c]!.length)));
  const lines = cells.map((row) => `[ ${row.map((entry, c) => entry.padStart(widths[c]!)).join('  ')} ]`);
  return [`Matrix ${shapeOf(a)}`, ...lines].join('\n');
}
