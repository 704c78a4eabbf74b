import { describe, expect, it } from 'vitest';
import { fromArray, Matrix } from '~/lib/matrix';
import { assertShapesLike, innerProduct, randomDirection, unitDirection, vectorNorm } from '~/lib/parameter-vector';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';

const W = fromArray([[1, -2], [3, 0.5]]);
const b = fromArray([[4, -1]]);

describe('parameter lists as one vector', () => {
  it('innerProduct sums entry by entry over every matrix; vectorNorm is its square root', () => {
    const V = fromArray([[2, 1], [0, -4]]);
    const c = fromArray([[0.5, 3]]);
    // 1·2 − 2·1 + 3·0 + 0.5·(−4) + 4·0.5 − 1·3 = −3
    expect(innerProduct([W, b], [V, c])).toBe(-3);
    // 1 + 4 + 9 + 0.25 + 16 + 1 = 31.25
    expectClose(vectorNorm([W, b]), Math.sqrt(31.25), { rtol: 1e-15, atol: 0 });
    expect(vectorNorm([])).toBe(0);
  });

  it('refuses lists of other lengths or shapes, naming the entry and both shapes', () => {
    expect(() => innerProduct([W, b], [W])).toThrow('innerProduct: b has 1 matrices, expected 2 like a');
    expect(() => innerProduct([W, b], [W, W])).toThrow('innerProduct: b[1] is (2×2), expected (1×2) like a[1]');
    expect(() => assertShapesLike('op', 'direction', 'W', [W], 'params')).toThrow('op: direction must be a list of matrices shaped like params, got W');
    expect(() => assertShapesLike('op', 'direction', [[1, 2]], [b], 'params')).toThrow('op: direction[0] must be a Matrix, got an array of 2');
  });

  it('randomDirection has length 1, the shapes asked for, and is the same for the same seed', () => {
    const d = randomDirection([W, b], createRng(5));
    expect(d.map((m) => m.shape)).toEqual([[2, 2], [1, 2]]);
    expectClose(vectorNorm(d), 1, { rtol: 1e-15, atol: 0 });
    expect(d.map((m) => Array.from(m.data))).toEqual(randomDirection([W, b], createRng(5)).map((m) => Array.from(m.data)));
    expect(Array.from(randomDirection([W, b], createRng(6))[0]!.data)).not.toEqual(Array.from(d[0]!.data));
    expect(() => randomDirection([new Matrix(0, 3)], createRng(1))).toThrow('randomDirection: the parameters have no entries');
  });

  it('randomDirection is spread evenly: over 4000 draws every coordinate averages 0 and has mean square 1/P (within 5 standard errors)', () => {
    const rng = createRng(11);
    const P = 6;
    const sums = new Float64Array(P);
    const squares = new Float64Array(P);
    const n = 4000;
    for (let t = 0; t < n; t++) {
      const v = randomDirection([W, b], rng).flatMap((m) => Array.from(m.data));
      v.forEach((x, i) => ((sums[i] += x), (squares[i] += x * x)));
    }
    // A coordinate x of a uniform unit vector in P dimensions: E x = 0, E x² = 1/P, E x⁴ = 3/(P(P+2)),
    // so Var x = 1/P and Var x² = 3/(P(P+2)) − 1/P² = 2(P−1)/(P²(P+2)).
    for (let i = 0; i < P; i++) {
      expect(Math.abs(sums[i]! / n)).toBeLessThan(5 * Math.sqrt(1 / P / n));
      expect(Math.abs(squares[i]! / n - 1 / P)).toBeLessThan(5 * Math.sqrt((2 * (P - 1)) / (P * P * (P + 2)) / n));
    }
  });

  it('unitDirection divides by the length and refuses a zero, non-finite or misshapen direction', () => {
    const u = unitDirection('op', 'direction', [fromArray([[3, 0], [0, 0]]), fromArray([[0, 4]])], [W, b]);
    expect(u.map((m) => m.toArray())).toEqual([[[0.6, 0], [0, 0]], [[0, 0.8]]]);
    expect(() => unitDirection('op', 'direction', [new Matrix(2, 2), new Matrix(1, 2)], [W, b])).toThrow('op: the direction must be finite and not 0, its length is 0');
    expect(() => unitDirection('op', 'direction', [fromArray([[Infinity, 0], [0, 0]]), b], [W, b])).toThrow('its length is Infinity');
    expect(() => unitDirection('op', 'direction', [b], [W, b])).toThrow('op: direction has 1 matrices, expected 2 like the parameters');
  });
});
