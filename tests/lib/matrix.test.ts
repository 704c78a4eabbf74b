import { describe, expect, it } from 'vitest';
import {
  Matrix, fromArray, fromFunction, identity, kron, matmul, matmulTransposeA, matmulTransposeB,
  transpose, vec, unvec, addRowVector, columnSums, rowSums, rowVector, takeRows,
  full, columnVector,
} from '~/lib/matrix';
import * as matrixModule from '~/lib/matrix';
import { expectClose } from '../close';

/** The exports of matrix.ts that do not take a Matrix first: constructors, checks and helpers. */
const NOT_MATRIX_OPS = [
  'Matrix', 'zeros', 'full', 'identity', 'fromArray', 'rowVector', 'columnVector', 'fromFunction', 'describeValue',
  'assertMatrix', 'assertShape', 'outputBuffer', 'assertNotAliased', 'assertVecOrder', 'vecIndex',
  // Which code multiplies (the SIMD kernel or the loops) is a setting, not an operation on a matrix.
  'matmulBackend', 'setMatmulBackend',
];

/** The textbook triple loop, as the reference for the blocked products. */
function naiveProduct(a: Matrix, b: Matrix): Matrix {
  return fromFunction(a.rows, b.cols, (i, j) => {
    let s = 0;
    for (let k = 0; k < a.cols; k++) s += a.get(i, k) * b.get(k, j);
    return s;
  });
}

const wave = (r: number, c: number, phase: number) => fromFunction(r, c, (i, j) => Math.sin(phase + 1.7 * i + 0.3 * j));

describe('matmul', () => {
  // Row and column counts 1..9 exercise the 4×4 blocks and every remainder on both edges.
  for (const [m, n] of [[1, 5], [3, 4], [4, 4], [5, 1], [8, 5], [9, 8], [4, 9], [7, 3]] as const) {
    it(`matches the triple loop for ${m}×7 · 7×${n} (rtol 1e-14)`, () => {
      const a = wave(m, 7, 0.1);
      const b = wave(7, n, 2.3);
      const ref = naiveProduct(a, b);
      expectClose(matmul(a, b), ref, { rtol: 1e-14, atol: 1e-15 });
      expectClose(matmulTransposeA(transpose(a), b), ref, { rtol: 1e-14, atol: 1e-15 });
      expectClose(matmulTransposeB(a, transpose(b)), ref, { rtol: 1e-14, atol: 1e-15 });
    });
  }

  it('gives the same products whatever size was multiplied before (reused scratch panels; rtol 1e-14)', () => {
    // Large, then small, then over the size whose panel copy is kept (2^20 entries), then small again.
    for (const [m, k, n] of [[12, 300, 40], [5, 7, 6], [4, 1025, 1024], [9, 3, 8]] as const) {
      const a = wave(m, k, 0.4);
      const b = wave(k, n, 1.1);
      const ref = naiveProduct(a, b);
      expectClose(matmul(a, b), ref, { rtol: 1e-14, atol: 1e-13 });
      expectClose(matmulTransposeA(transpose(a), b), ref, { rtol: 1e-14, atol: 1e-13 });
    }
  });

  it('names the operation and both shapes when inner dimensions differ', () => {
    expect(() => matmul(new Matrix(2, 3), new Matrix(4, 5))).toThrow(
      'matmul: (2×3) · (4×5): inner dimensions 3 and 4 differ',
    );
  });

  it('reuses an output buffer and rejects one of the wrong shape', () => {
    const out = new Matrix(2, 2);
    const r = matmul(fromArray([[1, 2], [3, 4]]), identity(2), out);
    expect(r).toBe(out);
    expect(r.toArray()).toEqual([[1, 2], [3, 4]]);
    expect(() => matmul(identity(2), identity(2), new Matrix(3, 2))).toThrow('matmul: the output buffer is (3×2), expected (2×2)');
  });
});

describe('kron and vec', () => {
  it('vec(AXB) = (Bᵀ ⊗ A) vec(X) column-major and (A ⊗ Bᵀ) vec(X) row-major (rtol 1e-13)', () => {
    const A = wave(3, 4, 0.5);
    const X = wave(4, 2, 1.5);
    const B = wave(2, 5, 2.5);
    const AXB = matmul(matmul(A, X), B);
    expectClose(matmul(kron(transpose(B), A), vec(X)), vec(AXB), { rtol: 1e-13, atol: 1e-14 });
    expectClose(
      matmul(kron(A, transpose(B)), vec(X, 'row-major')),
      vec(AXB, 'row-major'),
      { rtol: 1e-13, atol: 1e-14 },
    );
  });

  it('unvec inverts vec in both orders', () => {
    const X = wave(3, 5, 0);
    expect(unvec(vec(X), 3, 5).toArray()).toEqual(X.toArray());
    expect(unvec(vec(X, 'row-major'), 3, 5, 'row-major').toArray()).toEqual(X.toArray());
    expect(() => unvec(vec(X), 4, 4)).toThrow(/15 entries cannot fold into 4×4/);
  });
});

describe('broadcasting and sums', () => {
  it('adds a bias row to every sample and sums it back', () => {
    const Z = addRowVector(fromArray([[1, 2], [3, 4], [5, 6]]), rowVector([10, 20]));
    expect(Z.toArray()).toEqual([[11, 22], [13, 24], [15, 26]]);
    expect(columnSums(Z).toArray()).toEqual([[39, 72]]);
    expect(rowSums(Z).toArray()).toEqual([[33], [37], [41]]);
    expect(() => addRowVector(Z, rowVector([1, 2, 3]))).toThrow('addRowVector: the row vector b is (1×3), expected (1×2) like a row of A');
  });

  it('rejects ragged nested arrays with the row that differs', () => {
    expect(() => fromArray([[1, 2], [3]])).toThrow('fromArray: row 1 has 1 values, expected 2 like row 0');
  });
});

describe('outputs that alias an input', () => {
  it('matmulTransposeB refuses an output that is its left factor instead of overwriting A mid-product', () => {
    const a = fromArray([[1, 2], [3, 4]]);
    const b = fromArray([[5, 6], [7, 8]]);
    expect(() => matmulTransposeB(a, b, a)).toThrow(/output buffer/);
    expect(a.toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it('columnSums(a, a) of a 1×n matrix is the row itself', () => {
    const a = fromArray([[1, -2, 3]]);
    expect(columnSums(a, a).toArray()).toEqual([[1, -2, 3]]);
  });

  it('columnSums and addRowVector refuse an output that overlaps an input row they still read', () => {
    const a = fromArray([[1, 2], [3, 4]]);
    const secondRow = new Matrix(1, 2, a.data.subarray(2, 4));
    expect(() => columnSums(a, secondRow)).toThrow('columnSums: the output buffer shares memory with A');
    // b is a row of the output: writing row 1 of A + 1b would change b before the rows after it.
    const out = new Matrix(3, 2);
    expect(() => addRowVector(fromArray([[1, 1], [1, 1], [1, 1]]), new Matrix(1, 2, out.data.subarray(2, 4)), out)).toThrow(
      'addRowVector: the output buffer shares memory with b',
    );
    // The same matrix as input and output stays allowed where it is exact: A + 1b into A.
    const A = fromArray([[1, 2], [3, 4]]);
    expect(addRowVector(A, rowVector([10, 20]), A).toArray()).toEqual([[11, 22], [13, 24]]);
  });

  it('takeRows refuses to permute rows in place, which would read rows it already overwrote', () => {
    const a = fromArray([[1, 2], [3, 4]]);
    expect(() => takeRows(a, [1, 0], a)).toThrow(/output buffer/);
    expect(a.toArray()).toEqual([[1, 2], [3, 4]]);
  });
});

describe('vec order', () => {
  it('vec and unvec refuse an order they do not know instead of stacking columns without a word', () => {
    const X = fromArray([[1, 2], [3, 4]]);
    expect(() => vec(X, 'rows' as never)).toThrow(`vec: vec order must be 'column-major' or 'row-major', got "rows"`);
    expect(() => unvec(vec(X), 2, 2, 'Row-Major' as never)).toThrow(`unvec: vec order must be 'column-major' or 'row-major', got "Row-Major"`);
  });
});

describe('bad arguments get errors that say what was wrong', () => {
  it('fromArray of a flat list says it takes rows and what to write instead', () => {
    expect(() => fromArray([1, 2, 3] as never)).toThrow(
      'fromArray: takes rows (an array of arrays), got a flat array of numbers [1, 2, 3]; for one row write fromArray([[1, 2, 3]]) or rowVector([1, 2, 3])',
    );
  });

  it('every operation on matrices names the argument that is not one, and what it is', () => {
    const I = identity(2);
    expect(() => matmul(I, [[1, 0], [0, 1]] as never)).toThrow(
      'matmul: B must be a Matrix, got an array of 2 (fromArray(rows) makes a Matrix of nested arrays)',
    );
    expect(() => matmul(undefined as never, I)).toThrow('matmul: A must be a Matrix, got undefined');
    const unary: [string, (x: never) => unknown][] = Object.entries(matrixModule)
      .filter(([name, f]) => typeof f === 'function' && !NOT_MATRIX_OPS.includes(name))
      .map(([name, f]) => [name, f as (x: never) => unknown]);
    expect(unary.length).toBeGreaterThan(20);
    for (const [name, f] of unary) {
      expect(() => f(3 as never), name).toThrow(new RegExp(`^${name}: \\w+ must be a Matrix, got the number 3$`));
    }
  });

  it('get and set outside the matrix throw a RangeError naming the index and the shape', () => {
    const M = new Matrix(2, 3);
    expect(() => M.get(2, 0)).toThrow(RangeError);
    expect(() => M.get(2, 0)).toThrow('Matrix.get: (2, 0) is outside the 2×3 matrix: rows are 0–1, columns 0–2');
    expect(() => M.get(0, 3)).toThrow('Matrix.get: (0, 3) is outside');
    expect(() => M.get(-1, 0)).toThrow('Matrix.get: (-1, 0) is outside');
    expect(() => M.get(0.5, 0)).toThrow('Matrix.get: (0.5, 0) is outside');
    expect(() => M.set(1, 3, 1)).toThrow('Matrix.set: (1, 3) is outside the 2×3 matrix');
    expect(() => M.row(2)).toThrow('Matrix.row: row 2 is outside the 2×3 matrix: rows are 0–1');
    expect(() => M.set(0, 0, '1' as never)).toThrow('Matrix.set: value must be a number, got the string "1"');
    M.set(1, 2, 5);
    expect(M.get(1, 2)).toBe(5);
  });

  it('constructors refuse values that are not numbers instead of storing NaN', () => {
    expect(() => full(2, 2, 'a' as never)).toThrow('full: value must be a number, got the string "a"');
    expect(() => rowVector([[1, 2]] as never)).toThrow('rowVector: entry 0 is an array of 2, expected a number (fromArray takes rows)');
    expect(() => columnVector([1, undefined] as never)).toThrow('columnVector: entry 1 is undefined, expected a number');
    expect(() => fromFunction(2, 2, (i) => (i === 1 ? ('x' as never) : 0))).toThrow('fromFunction: f(1, 0) returned the string "x", expected a number');
    expect(() => new Matrix(1, 2, [1, 2] as never)).toThrow('Matrix: data must be a Float64Array, got an array of 2 (fromArray or rowVector build one from arrays)');
  });
});
