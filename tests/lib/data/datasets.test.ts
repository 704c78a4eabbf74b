import { describe, expect, it } from 'vitest';
import { makeBlobs, makeMoons, makeRegression, makeSpirals, makeXor } from '~/lib/data/datasets';
import { expectClose } from '../../close';

/** Mean of each column over the rows of class k. */
function classMean(X: { rows: number; cols: number; data: Float64Array }, y: Int32Array, k: number): number[] {
  const mean = new Array(X.cols).fill(0);
  let n = 0;
  for (let i = 0; i < X.rows; i++) {
    if (y[i] !== k) continue;
    n++;
    for (let j = 0; j < X.cols; j++) mean[j] += X.data[i * X.cols + j];
  }
  return mean.map((s) => s / n);
}

describe('makeBlobs', () => {
  it('puts each class around its center with the requested spread, interleaving the labels', () => {
    const centers = [[0, 0], [5, -5], [-3, 8]];
    const { X, y, classes } = makeBlobs({ samples: 3000, centers, std: 0.5, seed: 1 });
    expect(X.shape).toEqual([3000, 2]);
    expect(classes).toBe(3);
    expect(Array.from(y.subarray(0, 6))).toEqual([0, 1, 2, 0, 1, 2]);
    // The mean of 1000 draws with std 0.5 is within 5 standard errors (5·0.5/√1000 ≈ 0.08).
    centers.forEach((c, k) => expectClose(classMean(X, y, k), c, { rtol: 0, atol: 0.08 }));
  });

  it('with std 0 every point is its center; random centers lie in [−10, 10]ᴺ', () => {
    const exact = makeBlobs({ samples: 4, centers: [[1, 2], [3, 4]], std: 0 });
    expect(exact.X.toArray()).toEqual([[1, 2], [3, 4], [1, 2], [3, 4]]);
    const drawn = makeBlobs({ samples: 5, centers: 5, features: 3, std: 0, seed: 9 });
    expect(drawn.X.shape).toEqual([5, 3]);
    expect(drawn.X.data.every((v) => v >= -10 && v <= 10)).toBe(true);
  });

  it('is reproducible from its seed and changes with it', () => {
    const a = makeBlobs({ samples: 20, seed: 3 });
    expect(makeBlobs({ samples: 20, seed: 3 }).X.data).toEqual(a.X.data);
    expect(makeBlobs({ samples: 20, seed: 4 }).X.data).not.toEqual(a.X.data);
  });

  it('rejects bad sizes and inconsistent centers', () => {
    expect(() => makeBlobs({ samples: 0 })).toThrow('makeBlobs: samples must be a positive integer, got 0');
    expect(() => makeBlobs({ samples: 10, std: -1 })).toThrow('makeBlobs: std must be a finite number ≥ 0, got -1');
    expect(() => makeBlobs({ samples: 10, centers: [[0, 0], [1]] })).toThrow('center 1 has 1 coordinates, expected 2');
    expect(() => makeBlobs({ samples: 10, centers: [[0, 0]], features: 3 })).toThrow('features is 3 but the centers have 2');
  });
});

describe('makeSpirals', () => {
  it('without noise, point j of an arm of n points has radius (j + ½)/n and angle 2πk/K + 4r', () => {
    const K = 3;
    const { X, y, classes } = makeSpirals({ samples: 30, arms: K, noise: 0 });
    expect(classes).toBe(K);
    for (let i = 0; i < 30; i++) {
      const k = i % K;
      expect(y[i]).toBe(k);
      const r = (Math.floor(i / K) + 0.5) / 10;
      const [px, py] = X.row(i);
      expectClose(Math.hypot(px, py), r, { rtol: 1e-14 });
      const angle = (2 * Math.PI * k) / K + 4 * r;
      expectClose([px, py], [r * Math.cos(angle), r * Math.sin(angle)], { rtol: 1e-12, atol: 1e-15 });
    }
  });

  it('noise perturbs the angle only; the radius keeps its value', () => {
    const { X } = makeSpirals({ samples: 40, arms: 4, noise: 0.3, seed: 2 });
    const clean = makeSpirals({ samples: 40, arms: 4, noise: 0 });
    for (let i = 0; i < 40; i++) expectClose(Math.hypot(...X.row(i)), Math.hypot(...clean.X.row(i)), { rtol: 1e-14 });
    expect(X.data).not.toEqual(clean.X.data);
  });

  it('rejects bad arguments', () => {
    expect(() => makeSpirals({ samples: 10, arms: 0 })).toThrow('makeSpirals: arms must be a positive integer, got 0');
    expect(() => makeSpirals({ samples: 10, noise: Number.NaN })).toThrow('noise must be a finite number ≥ 0');
  });
});

describe('makeMoons', () => {
  it('without noise, class 0 lies on the upper unit half circle and class 1 on the shifted lower one', () => {
    const { X, y } = makeMoons({ samples: 21, noise: 0 });
    for (let i = 0; i < 21; i++) {
      const [a, b] = X.row(i);
      if (y[i] === 0) {
        expectClose(Math.hypot(a, b), 1, { rtol: 1e-14 });
        expect(b).toBeGreaterThanOrEqual(-1e-15);
      } else {
        expectClose(Math.hypot(a - 1, b - 0.5), 1, { rtol: 1e-14 });
        expect(b).toBeLessThanOrEqual(0.5 + 1e-15);
      }
    }
    // The ends of the arcs: t = 0 and t = π.
    expectClose(X.row(0), [1, 0], { atol: 1e-15 });
    expectClose(X.row(1), [0, 0.5], { atol: 1e-15 });
    expectClose(X.row(20), [-1, 0], { atol: 1e-15 });
  });
});

describe('makeXor', () => {
  it('defaults to the truth table of XOR', () => {
    const { X, y, classes } = makeXor();
    expect(X.toArray()).toEqual([[0, 0], [0, 1], [1, 0], [1, 1]]);
    expect(Array.from(y)).toEqual([0, 1, 1, 0]);
    expect(classes).toBe(2);
  });

  it('with noise, repeats the corners with Gaussian jitter', () => {
    const { X, y } = makeXor({ samples: 400, noise: 0.1, seed: 5 });
    expect(Array.from(y.subarray(0, 8))).toEqual([0, 1, 1, 0, 0, 1, 1, 0]);
    // Corner (1, 0) has class 1; its 100 points average to within 5·0.1/10 of it.
    const corner = [0, 0];
    for (let i = 2; i < 400; i += 4) {
      corner[0] += X.get(i, 0) / 100;
      corner[1] += X.get(i, 1) / 100;
    }
    expectClose(corner, [1, 0], { rtol: 0, atol: 0.05 });
  });
});

describe('makeRegression', () => {
  it('without noise, Y is exactly X·coefficients + bias', () => {
    const { X, Y, coefficients, bias } = makeRegression({ samples: 50, features: 4, outputs: 3, bias: 2, seed: 7 });
    expect([X.shape, Y.shape, coefficients.shape, bias.shape]).toEqual([[50, 4], [50, 3], [4, 3], [1, 3]]);
    expect(coefficients.data.every((c) => c >= -1 && c <= 1)).toBe(true);
    for (let i = 0; i < 50; i++) {
      for (let q = 0; q < 3; q++) {
        let expected = 2;
        for (let j = 0; j < 4; j++) expected += X.get(i, j) * coefficients.get(j, q);
        expectClose(Y.get(i, q), expected, { rtol: 1e-13, atol: 1e-13 });
      }
    }
  });

  it('noise adds residuals of the requested standard deviation', () => {
    const noisy = makeRegression({ samples: 5000, features: 2, noise: 0.5, seed: 11 });
    let squares = 0;
    for (let i = 0; i < 5000; i++) {
      const fit = noisy.X.get(i, 0) * noisy.coefficients.get(0, 0) + noisy.X.get(i, 1) * noisy.coefficients.get(1, 0);
      squares += (noisy.Y.get(i, 0) - fit) ** 2;
    }
    // The sample standard deviation of 5000 normals is within ±3 % of the true one with overwhelming probability.
    expectClose(Math.sqrt(squares / 5000), 0.5, { rtol: 0.03 });
  });

  it('rejects bad arguments', () => {
    expect(() => makeRegression({ samples: 10, features: 1.5 })).toThrow('makeRegression: features must be a positive integer, got 1.5');
    expect(() => makeRegression({ samples: 10, bias: Infinity })).toThrow('makeRegression: bias must be a finite number');
  });
});
