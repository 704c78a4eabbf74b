import { describe, expect, it } from 'vitest';
import { DEFAULT_DIRECTIONAL_STEP } from '~/lib/directional';
import { hessianVectorProduct } from '~/lib/hessian-vector';
import { fromArray, fromFunction, Matrix, maxAbs } from '~/lib/matrix';
import { Network } from '~/lib/network';
import { createRng } from '~/lib/random';
import { randomDirection } from '~/lib/parameter-vector';
import { expectClose } from '../close';
import { flatten, hessianFromGradients, hessianFromLoss, symmetricWithEigenvalues, timesList, unflattenLike } from './hessian';

/** L(θ) = ½ θᵀAθ + cᵀθ over θ = [W (2×2), b (1×2)], so g = Aθ + c and H = A exactly. */
function quadratic(seed: number) {
  const A = symmetricWithEigenvalues([20, 5, 1, 0.5, -2, 0.1], seed);
  const params = [fromArray([[0.3, -1.2], [0.8, 2]]), fromArray([[-0.4, 1.5]])];
  const c = [fromArray([[1, -1], [2, 0]]), fromArray([[0.5, 3]])];
  let calls = 0;
  const gradient = () => {
    calls++;
    return timesList(A, params).map((g, k) => {
      for (let e = 0; e < g.size; e++) g.data[e] += c[k]!.data[e];
      return g;
    });
  };
  return { A, params, gradient, calls: () => calls };
}

const randomList = (like: readonly Matrix[], seed: number) => {
  const rng = createRng(seed);
  return like.map((m) => fromFunction(m.rows, m.cols, () => rng.normal()));
};

const largest = (list: readonly Matrix[]) => Math.max(...list.map(maxAbs));

describe('hessianVectorProduct on quadratics (H known exactly)', () => {
  it('gives H θ̇ = A θ̇ to 1e-9 of its largest entry, for directions of any length, and takes two gradients', () => {
    const { A, params, gradient, calls } = quadratic(1);
    for (const [seed, length] of [[2, 1], [3, 1e-3], [4, 250]] as const) {
      const v = randomList(params, seed).map((m) => fromFunction(m.rows, m.cols, (i, j) => length * m.get(i, j)));
      const before = calls();
      const Hv = hessianVectorProduct(gradient, params, v);
      expect(calls() - before).toBe(2);
      const exact = timesList(A, v);
      expectClose(flatten(Hv), flatten(exact), { rtol: 0, atol: 1e-9 * largest(exact) });
    }
  });

  it('is linear in θ̇ to rounding: H(−2θ̇) = −2 Hθ̇', () => {
    const { params, gradient } = quadratic(5);
    const v = randomList(params, 6);
    const Hv = hessianVectorProduct(gradient, params, v);
    const H2v = hessianVectorProduct(gradient, params, v.map((m) => fromFunction(m.rows, m.cols, (i, j) => -2 * m.get(i, j))));
    expectClose(flatten(H2v), flatten(Hv).map((x) => -2 * x), { rtol: 0, atol: 1e-9 * largest(Hv) });
  });

  it('leaves the parameters bit for bit as they were, also when the gradient throws', () => {
    const { params, gradient } = quadratic(7);
    const before = flatten(params);
    hessianVectorProduct(gradient, params, randomList(params, 8));
    expect(flatten(params)).toEqual(before);
    let calls = 0;
    const failing = () => {
      if (++calls === 2) throw new Error('out of memory');
      return gradient();
    };
    expect(() => hessianVectorProduct(failing, params, randomList(params, 9))).toThrow('out of memory');
    expect(flatten(params)).toEqual(before);
  });

  it('takes the parameters themselves as the direction (θ̇ = θ shares their memory)', () => {
    const { A, params, gradient } = quadratic(10);
    const exact = timesList(A, params);
    expectClose(flatten(hessianVectorProduct(gradient, params, params)), flatten(exact), { rtol: 0, atol: 1e-9 * largest(exact) });
  });

  it('a zero direction gives zeros without calling the gradient', () => {
    const { params, gradient, calls } = quadratic(11);
    const Hv = hessianVectorProduct(gradient, params, params.map((m) => new Matrix(m.rows, m.cols)));
    expect(calls()).toBe(0);
    expect(flatten(Hv).every((x) => x === 0)).toBe(true);
  });
});

describe('the error of the central difference is the stated h²/6·g‴ + rounding', () => {
  // g(θ) = θ³ entrywise (L = Σθ⁴/4): along a unit u, (g(θ + hu) − g(θ − hu))/2h = 3θ²u + h²u³ exactly,
  // so the error is h²/6 · g‴ with g‴ = 6u³, nothing else but rounding.
  const theta = [fromArray([[0.7, -1.1, 0.4]])];
  const cube = () => [new Matrix(1, 3, theta[0]!.data.map((x) => x ** 3))];
  const u = randomDirection(theta, createRng(3));
  const exact = u[0]!.data.map((x, e) => 3 * theta[0]!.data[e]! ** 2 * x);
  const error = (h: number) => hessianVectorProduct(cube, theta, u, { h })[0]!.data.map((x, e) => x - exact[e]!);

  it('h = 1e-3: the error is h²·u³ to 1e-4 of itself (truncation dominates)', () => {
    expectClose(error(1e-3), u[0]!.data.map((x) => 1e-6 * x ** 3), { rtol: 1e-4, atol: 0 });
  });

  it(`the default h = ε_mach^(1/3) = ${DEFAULT_DIRECTIONAL_STEP.toExponential(2)} leaves less than 1e-10, and h = 1e-12 is worse than it (rounding dominates)`, () => {
    expect(DEFAULT_DIRECTIONAL_STEP).toBe(Math.cbrt(2 ** -52));
    const atDefault = Math.max(...error(DEFAULT_DIRECTIONAL_STEP).map(Math.abs));
    expect(atDefault).toBeLessThan(1e-10);
    expect(Math.max(...error(1e-12).map(Math.abs))).toBeGreaterThan(10 * atDefault);
  });
});

/** A small network whose Hessian is built entry by entry, twice, independently of the code under test. */
function networkCase(activation: 'tanh' | 'sigmoid', loss: 'mse' | 'softmax_cross_entropy', seed: number) {
  const net = new Network(2, [{ units: 3, activation }, { units: 2 }], { seed });
  const rng = createRng(seed + 1);
  const X = fromFunction(5, 2, () => rng.normal());
  const Y = loss === 'mse' ? fromFunction(5, 2, () => rng.normal()) : [0, 1, 1, 0, 1];
  for (const b of [net.layers[0]!.b, net.layers[1]!.b]) for (let e = 0; e < b.size; e++) b.data[e] = 0.3 * rng.normal();
  const params = net.params();
  const gradient = (backprop: 'efficient' | 'kronecker' = 'efficient') => () => net.gradients(X, Y, loss, { backprop }).grads;
  return { net, params, gradient, value: () => net.evaluate(X, Y, loss) };
}

describe('hessianVectorProduct on small networks, against Hessians built entry by entry', () => {
  for (const [activation, loss] of [['tanh', 'mse'], ['sigmoid', 'softmax_cross_entropy']] as const) {
    it(`${activation} + ${loss}: H from gradients is symmetric and agrees with H from the loss alone; Hθ̇ = H·θ̇ to 1e-9`, () => {
      const { params, gradient, value } = networkCase(activation, loss, activation === 'tanh' ? 3 : 4);
      const H = hessianFromGradients(gradient(), params);
      const P = H.rows;
      expect(P).toBe(17);
      const scale = maxAbs(H);
      expect(scale).toBeGreaterThan(1e-2);
      // Symmetry of an estimate made column by column: only the two estimates' errors differ.
      for (let i = 0; i < P; i++) for (let j = 0; j < i; j++) expect(Math.abs(H.get(i, j) - H.get(j, i))).toBeLessThan(1e-9 * scale);
      expectClose(flatten([hessianFromLoss(value, params)]), flatten([H]), { rtol: 0, atol: 1e-6 * scale });
      for (const seed of [1, 2, 3]) {
        const v = randomList(params, seed);
        const expected = timesList(H, v);
        for (const backprop of ['efficient', 'kronecker'] as const) {
          expectClose(flatten(hessianVectorProduct(gradient(backprop), params, v)), flatten(expected), { rtol: 0, atol: 1e-9 * largest(expected) });
        }
      }
    });
  }

  it('returns the gradient buffers it is given copied: a model that reuses one buffer still gets g(θ+) − g(θ−)', () => {
    const { params, gradient } = networkCase('tanh', 'mse', 3);
    const shared = params.map((m) => new Matrix(m.rows, m.cols));
    const reusing = () => {
      gradient()().forEach((g, k) => shared[k]!.data.set(g.data));
      return shared;
    };
    const v = randomList(params, 4);
    expect(flatten(hessianVectorProduct(reusing, params, v))).toEqual(flatten(hessianVectorProduct(gradient(), params, v)));
  });
});

describe('hessianVectorProduct refuses what it cannot use', () => {
  const { params, gradient } = quadratic(12);
  const v = randomList(params, 13);
  it('says what was wrong', () => {
    expect(() => hessianVectorProduct(gradient, params, v, { h: 0 })).toThrow('hessianVectorProduct: h must be a finite number in (0, ∞), got 0');
    expect(() => hessianVectorProduct(gradient, params, [v[0]!])).toThrow('hessianVectorProduct: direction has 1 matrices, expected 2 like params');
    expect(() => hessianVectorProduct(gradient, params, [v[1]!, v[0]!])).toThrow('hessianVectorProduct: direction[0] is (1×2), expected (2×2) like params[0]');
    expect(() => hessianVectorProduct(() => [params[0]!], params, v)).toThrow('hessianVectorProduct: the gradient has 1 matrices, expected 2 like params');
    expect(() => hessianVectorProduct(gradient, params, [fromArray([[Number.NaN, 0], [0, 0]]), v[1]!])).toThrow(
      'hessianVectorProduct: the direction must have finite entries, its length is NaN',
    );
    expect(() => hessianVectorProduct('grad' as never, params, v)).toThrow('hessianVectorProduct: gradient must be a function');
  });
});

// Keeps unflattenLike in use for readers of the helper file: a round trip is the identity.
it('flatten and unflattenLike are inverses', () => {
  const list = randomList([new Matrix(2, 3), new Matrix(1, 3)], 1);
  expect(unflattenLike(flatten(list), list).map((m) => Array.from(m.data))).toEqual(list.map((m) => Array.from(m.data)));
});
