import { describe, expect, it } from 'vitest';
import { gradientCheck, numericGradient } from '~/lib/gradcheck';
import { DEFAULT_LAYER_NORM_EPS, layerNormBackward, layerNormForward, layerNormJacobian } from '~/lib/layer-norm';
import { columnVector, fromArray, fromFunction, full, Matrix, matmul, maxAbs, rowVector, sliceRows, zeros } from '~/lib/matrix';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';

const random = (rows: number, cols: number, seed: number, scale = 1) => {
  const rng = createRng(seed);
  return fromFunction(rows, cols, () => scale * rng.normal());
};

describe('layerNormForward', () => {
  it('normalises each row by its own mean and biased variance, ε inside the root, then applies γ and β (rtol 1e-15)', () => {
    const X = fromArray([[1, 2, 3, 6], [-1, 0, 0, 1]]);
    const gain = rowVector([2, 1, 0.5, -1]);
    const bias = rowVector([0, 1, 0, -0.5]);
    const { A, cache } = layerNormForward(X, { gain, bias, eps: 1e-3 });
    // Row 0: μ = 3, σ² = (4 + 1 + 0 + 9)/4 = 3.5. Row 1: μ = 0, σ² = 2/4 = 0.5.
    const s0 = Math.sqrt(3.5 + 1e-3);
    const s1 = Math.sqrt(0.5 + 1e-3);
    const expected = [
      [(2 * -2) / s0, (1 * -1) / s0 + 1, 0, (-1 * 3) / s0 - 0.5],
      [(2 * -1) / s1, 1, 0, (-1 * 1) / s1 - 0.5],
    ];
    expectClose(A, fromArray(expected), { rtol: 1e-15, atol: 1e-16 });
    expectClose(cache.inverseStd, columnVector([1 / s0, 1 / s1]), { rtol: 1e-15, atol: 0 });
    expect(DEFAULT_LAYER_NORM_EPS).toBe(1e-5);
  });

  it('without γ and β, every row comes out with mean 0 and variance σ²/(σ² + ε)', () => {
    const X = random(5, 7, 1, 3);
    const { A } = layerNormForward(X);
    for (let i = 0; i < 5; i++) {
      const x = X.row(i);
      const mean = x.reduce((a, b) => a + b, 0) / 7;
      const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / 7;
      const a = A.row(i);
      expect(Math.abs(a.reduce((p, q) => p + q, 0) / 7)).toBeLessThan(1e-15);
      expectClose(a.reduce((p, q) => p + q * q, 0) / 7, variance / (variance + 1e-5), { rtol: 1e-14, atol: 0 });
    }
  });

  it('a constant row gives x̂ = 0 and a = β; an offset of 1e8 does not cancel the variance away (rtol 1e-7)', () => {
    const bias = rowVector([0.5, -1, 2]);
    const { A, cache } = layerNormForward(fromArray([[2.5, 2.5, 2.5], [0, 0, 0]]), { bias });
    expect(A.toArray()).toEqual([[0.5, -1, 2], [0.5, -1, 2]]);
    expectClose(cache.inverseStd, columnVector([1, 1].map(() => 1 / Math.sqrt(1e-5))), { rtol: 1e-15, atol: 0 });
    const near = layerNormForward(fromArray([[1, 2, 4]])).A;
    const far = layerNormForward(fromArray([[1e8 + 1, 1e8 + 2, 1e8 + 4]])).A;
    expectClose(far, near, { rtol: 1e-7, atol: 0 });
  });

  it('rows of one entry normalise to 0 (they have no spread), so a = β', () => {
    const { A } = layerNormForward(fromArray([[3], [-7]]), { bias: rowVector([0.25]) });
    expect(A.toArray()).toEqual([[0.25], [0.25]]);
  });
});

describe('layerNormBackward', () => {
  for (const [M, n, label] of [[3, 5, '3×5'], [1, 4, 'a batch of one'], [4, 1, 'rows of one entry']] as const) {
    it(`is the gradient of the forward pass for X, γ and β (${label}; gradient check, relative error < 1e-7)`, () => {
      const X = random(M, n, 2);
      const gain = random(1, n, 3);
      const bias = random(1, n, 4);
      const G = random(M, n, 5);
      const loss = () => layerNormForward(X, { gain, bias }).A.data.reduce((s, a, e) => s + a * G.data[e]!, 0);
      const { dX, dGain, dBias } = layerNormBackward(G, layerNormForward(X, { gain, bias }).cache);
      expect(gradientCheck(loss, [X, gain, bias], [dX, dGain, dBias]).maxRelError).toBeLessThan(1e-7);
    });
  }

  it('a constant row passes back (1/√ε)(ḡ − mean ḡ): only the part that changes the row\'s shape', () => {
    const gain = rowVector([1, 2, -1]);
    const { cache } = layerNormForward(fromArray([[4, 4, 4]]), { gain });
    const { dX, dGain } = layerNormBackward(fromArray([[1, 1, 3]]), cache);
    // ḡ = γ ⊙ ā = [1, 2, −3], mean 0.
    expectClose(dX, fromArray([[1, 2, -3].map((g) => g / Math.sqrt(1e-5))]), { rtol: 1e-14, atol: 0 });
    expect(dGain.toArray()).toEqual([[0, 0, 0]]);
  });

  it('without γ it is the same as with γ = 1', () => {
    const X = random(3, 4, 6);
    const G = random(3, 4, 7);
    const without = layerNormBackward(G, layerNormForward(X).cache);
    const ones = layerNormBackward(G, layerNormForward(X, { gain: full(1, 4, 1) }).cache);
    expect([without.dX, without.dGain, without.dBias].map((m) => m.toArray())).toEqual([ones.dX, ones.dGain, ones.dBias].map((m) => m.toArray()));
  });
});

describe('layerNormJacobian', () => {
  const x = fromArray([[0.3, -1.2, 2, 0.7, -0.4]]);
  const gain = rowVector([1.5, -0.5, 1, 2, 0.25]);

  it('matches the Jacobian by central differences of the forward pass (1e-8 of its largest entry)', () => {
    const J = layerNormJacobian(x, { gain, eps: 1e-3 });
    expect(J.shape).toEqual([5, 5]);
    const numeric = new Matrix(5, 5);
    for (let j = 0; j < 5; j++) {
      const [row] = numericGradient(() => layerNormForward(x, { gain, eps: 1e-3 }).A.data[j]!, [x]);
      numeric.data.set(row!.data, j * 5);
    }
    expectClose(J, numeric, { rtol: 0, atol: 1e-8 * maxAbs(J) });
  });

  it('is what the backward pass multiplies by: ā J = ∂L/∂x, row by row of a batch (1e-14)', () => {
    const X = random(3, 5, 8);
    const G = random(3, 5, 9);
    const { dX } = layerNormBackward(G, layerNormForward(X, { gain }).cache);
    for (let i = 0; i < 3; i++) {
      const viaJacobian = matmul(sliceRows(G, i, i + 1), layerNormJacobian(sliceRows(X, i, i + 1), { gain }));
      expectClose(viaJacobian.data, dX.row(i), { rtol: 0, atol: 1e-14 * maxAbs(dX) });
    }
  });

  it('J 1 = 0 (adding a constant to the row changes nothing) and J (x − μ)ᵀ = ε/s² · (x − μ)ᵀ/s (scaling changes only through ε)', () => {
    const eps = 1e-2;
    const J = layerNormJacobian(x, { eps });
    const mean = x.data.reduce((a, b) => a + b, 0) / 5;
    const centred = columnVector(Array.from(x.data, (v) => v - mean));
    const s2 = centred.data.reduce((a, c) => a + c * c, 0) / 5 + eps;
    expectClose(matmul(J, full(5, 1, 1)), zeros(5, 1), { rtol: 0, atol: 1e-15 * maxAbs(J) });
    expectClose(matmul(J, centred), columnVector(Array.from(centred.data, (c) => ((eps / s2) * c) / Math.sqrt(s2))), { rtol: 1e-12, atol: 1e-16 });
  });

  it('is 0 for a row of one entry, and γ(I − 11ᵀ/n)/√ε for a constant row', () => {
    expect(layerNormJacobian(fromArray([[5]])).toArray()).toEqual([[0]]);
    const J = layerNormJacobian(fromArray([[2, 2, 2]]), { gain: rowVector([1, 2, 3]) });
    const r = 1 / Math.sqrt(1e-5);
    expectClose(J, fromFunction(3, 3, (j, k) => (j + 1) * r * ((j === k ? 1 : 0) - 1 / 3)), { rtol: 1e-14, atol: 1e-14 });
  });
});

describe('layer normalisation refuses what it cannot use', () => {
  it('says what was wrong', () => {
    const X = random(2, 3, 10);
    expect(() => layerNormForward(X, { eps: 0 })).toThrow('layerNormForward: eps must be a finite number in (0, ∞), got 0');
    expect(() => layerNormForward(X, { gain: rowVector([1, 2]) })).toThrow('layerNormForward: the gain γ is (1×2), expected (1×3) like a row of X');
    expect(() => layerNormForward(X, { bias: full(2, 3, 0) })).toThrow('layerNormForward: the bias β is (2×3), expected (1×3) like a row of X');
    expect(() => layerNormForward(new Matrix(2, 0))).toThrow('layerNormForward: X is (2×0): a row needs at least one entry to have a mean');
    expect(() => layerNormForward([[1, 2]] as never)).toThrow('layerNormForward: X must be a Matrix, got an array of 1');
    const { cache } = layerNormForward(X);
    expect(() => layerNormBackward(full(3, 2, 1), cache)).toThrow("layerNormBackward: dA is (3×2), expected (2×3) like the layer's output A");
    expect(() => layerNormBackward(full(2, 3, 1), undefined as never)).toThrow('layerNormBackward: cache must be the cache layerNormForward returned, got undefined');
    expect(() => layerNormJacobian(X)).toThrow('layerNormJacobian: expected one sample as a 1×n row, got (2×3)');
  });
});
