import { describe, expect, it } from 'vitest';
import { DEFAULT_DIRECTIONAL_STEP, directionalCheck, directionalDerivative, evaluateAlong } from '~/lib/directional';
import { fromArray, fromFunction, Matrix } from '~/lib/matrix';
import { Network } from '~/lib/network';
import { innerProduct, vectorNorm } from '~/lib/parameter-vector';
import { createRng } from '~/lib/random';
import { expectClose } from '../close';

// f(W, b) = Σ sin(W) + Σ b², whose gradient [cos(W), 2b] is known in closed form.
function setup() {
  const W = fromArray([[0.1, -0.7], [1.3, 2.2]]);
  const b = fromArray([[0.5, -1.5]]);
  let calls = 0;
  const f = () => {
    calls++;
    return W.data.reduce((s, w) => s + Math.sin(w), 0) + b.data.reduce((s, v) => s + v * v, 0);
  };
  const grad = [new Matrix(2, 2, W.data.map(Math.cos)), new Matrix(1, 2, b.data.map((v) => 2 * v))];
  return { W, b, f, grad, calls: () => calls };
}

describe('directionalDerivative', () => {
  it('is ⟨∇f, θ̇⟩ to 1e-10 for directions of any length, from two evaluations, leaving θ bit for bit as it was', () => {
    const { W, b, f, grad, calls } = setup();
    const before = [Array.from(W.data), Array.from(b.data)];
    const rng = createRng(1);
    for (const length of [1e-3, 1, 300]) {
      const direction = [fromFunction(2, 2, () => length * rng.normal()), fromFunction(1, 2, () => length * rng.normal())];
      const start = calls();
      const numeric = directionalDerivative(f, [W, b], direction);
      expect(calls() - start).toBe(2);
      const exact = innerProduct(grad, direction);
      expectClose(numeric, exact, { rtol: 0, atol: 1e-10 * vectorNorm(direction) });
    }
    expect([Array.from(W.data), Array.from(b.data)]).toEqual(before);
    expect(directionalDerivative(f, [W, b], [new Matrix(2, 2), new Matrix(1, 2)])).toBe(0);
  });

  it('refuses a wrong direction, a bad step and a non-function, naming the operation', () => {
    const { W, b, f } = setup();
    expect(() => directionalDerivative(f, [W, b], [W])).toThrow('directionalDerivative: direction has 1 matrices, expected 2 like params');
    expect(() => directionalDerivative(f, [W, b], [W, b], { h: -1 })).toThrow('directionalDerivative: h must be a finite number in (0, ∞), got -1');
    expect(() => directionalDerivative(1 as never, [W, b], [W, b])).toThrow('directionalDerivative: f must be a function');
  });
});

describe('evaluateAlong', () => {
  it('evaluates at θ ± sθ̇ with s = h/‖θ̇‖, restores θ when evaluate throws, and copies results with keep', () => {
    const theta = [fromArray([[1, 2]])];
    const seen: number[][] = [];
    const values = evaluateAlong('op', () => Array.from(theta[0]!.data), theta, [fromArray([[3, 4]])], 0.5);
    expect(values!.s).toBe(0.1);
    expect(values!.plus).toEqual([1.3, 2.4]);
    expect(values!.minus).toEqual([1 - 0.30000000000000004, 2 - 0.4]);
    let calls = 0;
    expect(() =>
      evaluateAlong('op', () => {
        seen.push(Array.from(theta[0]!.data));
        if (++calls === 2) throw new Error('boom');
      }, theta, [fromArray([[3, 4]])], 0.5),
    ).toThrow('boom');
    expect(Array.from(theta[0]!.data)).toEqual([1, 2]);
    const shared = new Matrix(1, 2);
    const kept = evaluateAlong('op', () => (shared.data.set(theta[0]!.data), shared), theta, [fromArray([[3, 4]])], 0.5, (m) => m.clone());
    expect(kept!.plus.toArray()).not.toEqual(kept!.minus.toArray());
    expect(DEFAULT_DIRECTIONAL_STEP).toBe(Math.cbrt(2 ** -52));
  });
});

describe('directionalCheck', () => {
  it('passes a right gradient (relative error < 1e-8) for two evaluations of the loss', () => {
    const { W, b, f, grad, calls } = setup();
    const result = directionalCheck(f, [W, b], grad, { seed: 3 });
    expect(calls()).toBe(2);
    expect(result.relError).toBeLessThan(1e-8);
    expectClose(vectorNorm(result.direction), 1, { rtol: 1e-15, atol: 0 });
    expectClose(result.analytic, innerProduct(grad, result.direction), { rtol: 0, atol: 0 });
  });

  it('on a network: the backprop gradient passes; one entry of ∂L/∂W⁽¹⁾ wrong by its own size fails, by about its share 1/√P', () => {
    const net = new Network(20, [{ units: 30, activation: 'tanh' }, { units: 5 }], { seed: 2 });
    const rng = createRng(4);
    const X = fromFunction(16, 20, () => rng.normal());
    const y = Array.from({ length: 16 }, () => rng.int(5));
    const loss = () => net.evaluate(X, y, 'softmax_cross_entropy');
    const { grads } = net.gradients(X, y, 'softmax_cross_entropy');
    const P = net.parameterCount();
    const right = directionalCheck(loss, net.params(), grads, { seed: 5 });
    expect(right.relError).toBeLessThan(1e-7);
    const typical = vectorNorm(grads) / Math.sqrt(P);
    const wrong = grads.map((m) => m.clone());
    wrong[0]!.data[7]! += typical;
    const failed = directionalCheck(loss, net.params(), wrong, { seed: 5 });
    expect(failed.relError).toBeGreaterThan(1e-4);
    // One wrong entry of size ‖g‖/√P changes ⟨g, u⟩ by about 1/√P of ⟨g, u⟩'s size (random u): within a factor 30.
    expect(failed.relError).toBeLessThan(30 / Math.sqrt(P));
    expect(failed.relError).toBeGreaterThan(1 / (30 * Math.sqrt(P)));
  });

  it('takes a given direction, scaled to length 1, and refuses one of length 0', () => {
    const { W, b, f, grad } = setup();
    const direction = [fromArray([[0, 0], [0, 0]]), fromArray([[3, 4]])];
    const result = directionalCheck(f, [W, b], grad, { direction });
    expect(result.direction[1]!.toArray()).toEqual([[0.6, 0.8]]);
    expectClose(result.analytic, 0.6 * 1 + 0.8 * -3, { rtol: 1e-15, atol: 0 });
    expect(() => directionalCheck(f, [W, b], grad, { direction: [new Matrix(2, 2), new Matrix(1, 2)] })).toThrow(
      'directionalCheck: the direction must be finite and not 0, its length is 0',
    );
    expect(() => directionalCheck(f, [W, b], [grad[0]!])).toThrow('directionalCheck: the analytic gradient has 1 matrices, expected 2 like params');
  });
});
