import { describe, expect, it } from 'vitest';
import { activationFromSpec } from '~/lib/activations/activation';
import { Dense, defaultInitializer, denseBackward, denseForward } from '~/lib/dense';
import { initWeights } from '~/lib/init';
import { gradientCheck } from '~/lib/gradcheck';
import { fromArray, fromFunction, Matrix, sum } from '~/lib/matrix';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';

const randomMatrix = (rows: number, cols: number, seed: number) => {
  const rng = createRng(seed);
  return fromFunction(rows, cols, () => rng.normal());
};

describe('Dense', () => {
  it('has W of shape inputs×units, a zero bias and N·Q + Q parameters', () => {
    const layer = new Dense(3, { units: 4, activation: 'tanh' }, createRng(1));
    expect(layer.W.shape).toEqual([3, 4]);
    expect(Array.from(layer.b.data)).toEqual([0, 0, 0, 0]);
    expect(layer.parameterCount).toBe(16);
  });

  it('draws the same weights from the same seed and different ones from another', () => {
    const a = new Dense(5, { units: 2 }, createRng(7));
    const b = new Dense(5, { units: 2 }, createRng(7));
    const c = new Dense(5, { units: 2 }, createRng(8));
    expect(Array.from(a.W.data)).toEqual(Array.from(b.W.data));
    expect(Array.from(a.W.data)).not.toEqual(Array.from(c.W.data));
  });

  it('draws He-normal weights for ReLU-like layers and Glorot-uniform otherwise, unless told', () => {
    const cases = [
      ['relu', 'he-normal'], ['leaky_relu', 'he-normal'], ['linear', 'glorot-uniform'], ['sigmoid', 'glorot-uniform'],
      ['tanh', 'glorot-uniform'], ['softmax', 'glorot-uniform'],
    ] as const;
    for (const [name, init] of cases) {
      expect(defaultInitializer(activationFromSpec(name))).toBe(init);
      const layer = new Dense(6, { units: 4, activation: name }, createRng(3));
      expect(Array.from(layer.W.data)).toEqual(Array.from(initWeights(init, 6, 4, createRng(3)).data));
    }
    const chosen = new Dense(6, { units: 4, activation: 'relu', init: 'glorot-normal' }, createRng(3));
    expect(Array.from(chosen.W.data)).toEqual(Array.from(initWeights('glorot-normal', 6, 4, createRng(3)).data));
  });

  it('rejects bad sizes and unknown activations with the value it got', () => {
    expect(() => new Dense(0, { units: 2 }, createRng(1))).toThrow(/inputs must be a positive integer, got 0/);
    expect(() => new Dense(2, { units: 1.5 }, createRng(1))).toThrow(/units must be a positive integer, got 1.5/);
    expect(() => new Dense(2, { units: 2, activation: 'swish' as never }, createRng(1))).toThrow(/unknown activation "swish"/);
  });
});

describe('denseForward', () => {
  it('computes Z = X W + 1b row by row and A = f(Z)', () => {
    const layer = { W: fromArray([[1, -1], [2, 0.5]]), b: fromArray([[0.5, -3]]), activation: activationFromSpec('relu') };
    const X = fromArray([[1, 2], [-1, 0]]);
    const { Z, A } = denseForward(layer, X);
    // Row 1: [1·1 + 2·2 + 0.5, 1·(−1) + 2·0.5 − 3] = [5.5, −3]; row 2: [−1 + 0.5, 1 − 3] = [−0.5, −2].
    expect(Z.toArray()).toEqual([[5.5, -3], [-0.5, -2]]);
    expect(A.toArray()).toEqual([[5.5, 0], [0, 0]]);
  });

  it('names both shapes when the input does not fit the layer', () => {
    const layer = { W: new Matrix(3, 2), b: new Matrix(1, 2), activation: activationFromSpec('linear') };
    expect(() => denseForward(layer, new Matrix(4, 2))).toThrow(
      'denseForward: input (4×2) · W (3×2): the input has 2 columns but the layer expects 3 inputs',
    );
  });

  it('writes into given buffers without allocating new ones', () => {
    const layer = { W: randomMatrix(3, 2, 1), b: randomMatrix(1, 2, 2), activation: activationFromSpec('sigmoid') };
    const out = { Z: new Matrix(4, 2), A: new Matrix(4, 2) };
    const result = denseForward(layer, randomMatrix(4, 3, 3), out);
    expect(result.Z).toBe(out.Z);
    expect(result.A).toBe(out.A);
  });
});

describe('denseBackward', () => {
  // L = Σ (A ⊙ C) for a fixed C, so dA = C; checked against central differences.
  for (const name of ['linear', 'sigmoid', 'tanh', 'relu', 'leaky_relu', 'softmax'] as const) {
    it(`matches central differences for W, b and X with ${name} (relative error < 1e-6)`, () => {
      const layer = { W: randomMatrix(4, 3, 11), b: randomMatrix(1, 3, 12), activation: activationFromSpec(name) };
      const X = randomMatrix(5, 4, 13);
      const C = randomMatrix(5, 3, 14);
      const f = () => {
        const { A } = denseForward(layer, X);
        let total = 0;
        for (let i = 0; i < A.size; i++) total += A.data[i]! * C.data[i]!;
        return total;
      };
      const { Z, A } = denseForward(layer, X);
      const g = denseBackward(layer, { X, Z, A }, C);
      const check = gradientCheck(f, [layer.W, layer.b, X], [g.dW, g.db, g.dX!]);
      expect(check.maxRelError).toBeLessThan(1e-6);
    });
  }

  it('gives ∂L/∂b as the column sums of dZ and skips dX when not needed', () => {
    const layer = { W: randomMatrix(2, 3, 1), b: new Matrix(1, 3), activation: activationFromSpec('linear') };
    const X = randomMatrix(4, 2, 2);
    const { Z, A } = denseForward(layer, X);
    const dA = randomMatrix(4, 3, 3);
    const g = denseBackward(layer, { X, Z, A }, dA, { needInputGrad: false });
    expect(g.dX).toBeUndefined();
    for (let j = 0; j < 3; j++) {
      let column = 0;
      for (let i = 0; i < 4; i++) column += dA.get(i, j);
      expectClose(g.db.get(0, j), column, { rtol: 1e-15, atol: 1e-15 });
    }
    expect(sum(g.dZ)).toBeCloseTo(sum(dA), 12);
  });

  it('rejects a dA whose shape differs from A', () => {
    const layer = { W: randomMatrix(2, 3, 1), b: new Matrix(1, 3), activation: activationFromSpec('linear') };
    const X = randomMatrix(4, 2, 2);
    const { Z, A } = denseForward(layer, X);
    expect(() => denseBackward(layer, { X, Z, A }, new Matrix(4, 2))).toThrow("denseBackward: dA is (4×2), expected (4×3) like the layer's output A");
  });
});
