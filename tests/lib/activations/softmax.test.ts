import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { logSumExp, softmax, SoftmaxInputError, softmaxJacobian } from '~/lib/activations/softmax';
import { fromArray, Matrix, sliceRows } from '~/lib/matrix';
import { expectClose } from '../../close';
import { checkActivationCalculus, sampleZ } from './calculus';

/** softmax written straight from the definition, without the max shift: fine for small logits. */
function naiveSoftmax(z: number[]): number[] {
  const e = z.map(Math.exp);
  const total = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / total);
}

const logitRows = (magnitude: number) =>
  fc.integer({ min: 1, max: 8 }).chain((Q) =>
    fc.array(fc.array(fc.double({ min: -magnitude, max: magnitude, noNaN: true }), { minLength: Q, maxLength: Q }), {
      minLength: 1,
      maxLength: 5,
    }),
  );

describe('softmax', () => {
  it('matches the textbook formula on small logits (rtol 1e-14)', () => {
    const Z = fromArray([
      [1, 2, 3],
      [-0.5, 0, 0.5],
    ]);
    const S = softmax.forward(Z);
    expectClose(S.row(0), naiveSoftmax([1, 2, 3]), { rtol: 1e-14, atol: 0 });
    expectClose(S.row(1), naiveSoftmax([-0.5, 0, 0.5]), { rtol: 1e-14, atol: 0 });
  });

  it('does not overflow: logits [1e4, −1e4] give exactly [1, 0], and [1000, 1000] gives [1/2, 1/2]', () => {
    expect(softmax.forward(fromArray([[1e4, -1e4]])).row(0)).toEqual([1, 0]);
    expect(softmax.forward(fromArray([[1000, 1000]])).row(0)).toEqual([0.5, 0.5]);
  });

  it('property: every row is a probability vector summing to 1 within 1e-12, for logits up to ±1e300', () => {
    for (const magnitude of [10, 1e4, 1e300]) {
      fc.assert(
        fc.property(logitRows(magnitude), (rows) => {
          const S = softmax.forward(fromArray(rows));
          for (let i = 0; i < S.rows; i++) {
            const r = S.row(i);
            expect(r.every((p) => p >= 0 && p <= 1)).toBe(true);
            expect(Math.abs(r.reduce((a, b) => a + b, 0) - 1)).toBeLessThanOrEqual(1e-12);
          }
        }),
      );
    }
  });

  it('property: adding a constant to a row leaves it unchanged (rtol 1e-9)', () => {
    fc.assert(
      fc.property(logitRows(50), fc.double({ min: -100, max: 100, noNaN: true }), (rows, c) => {
        const shifted = rows.map((r) => r.map((z) => z + c));
        expectClose(softmax.forward(fromArray(shifted)), softmax.forward(fromArray(rows)), { rtol: 1e-9, atol: 1e-300 });
      }),
    );
  });

  it('refuses a row with NaN or +∞ (it has no distribution), naming the row, the column and the value', () => {
    expect(() => softmax.forward(fromArray([[0, 1, 2], [1, Number.NaN, 2]]))).toThrow(SoftmaxInputError);
    expect(() => softmax.forward(fromArray([[0, 1, 2], [1, Number.NaN, 2]]))).toThrow(
      'softmax.forward: row 1, column 1 is NaN; softmax needs logits that are numbers below Infinity',
    );
    expect(() => softmax.forward(fromArray([[1, 2, Infinity]]))).toThrow('softmax.forward: row 0, column 2 is Infinity');
    expect(() => softmax.forward(fromArray([[-Infinity, -Infinity]]))).toThrow(
      'softmax.forward: row 0 is -Infinity everywhere',
    );
    const error = (() => {
      try {
        softmax.forward(fromArray([[0, 0], [0, 0], [Infinity, 3]]));
      } catch (e) {
        return e as SoftmaxInputError;
      }
    })();
    expect([error?.row, error?.column, error?.value]).toEqual([2, 0, Infinity]);
  });

  it('gives −∞ logits probability 0 when the row has a finite maximum', () => {
    expect(softmax.forward(fromArray([[-Infinity, 0, 0]])).row(0)).toEqual([0, 0.5, 0.5]);
  });

  it('passes the gradient, Jacobian and NaN checks', () => checkActivationCalculus(softmax));

  it('has a batch Jacobian that is block diagonal in row-major order, one diag(s) − sᵀs block per sample', () => {
    const Z = sampleZ(3, 4, 5);
    const S = softmax.forward(Z);
    const J = softmax.jacobian(Z, S, 'row-major');
    for (let i = 0; i < 3; i++) {
      const block = softmaxJacobian(sliceRows(S, i, i + 1));
      for (let k = 0; k < 3; k++) {
        for (let a = 0; a < 4; a++) {
          for (let b = 0; b < 4; b++) {
            expect(J.get(4 * i + a, 4 * k + b)).toBe(i === k ? block.get(a, b) : 0);
          }
        }
      }
    }
  });
});

describe('softmaxJacobian', () => {
  it('equals the central-difference Jacobian of softmax (atol 1e-9), is symmetric, and its rows sum to 0', () => {
    const z = [0.3, -1.2, 2.0, 0.1];
    const J = softmaxJacobian(softmax.forward(fromArray([z])));
    const h = 1e-6;
    for (let l = 0; l < 4; l++) {
      const plus = naiveSoftmax(z.map((v, k) => (k === l ? v + h : v)));
      const minus = naiveSoftmax(z.map((v, k) => (k === l ? v - h : v)));
      for (let j = 0; j < 4; j++) expectClose(J.get(j, l), (plus[j] - minus[j]) / (2 * h), { atol: 1e-9, rtol: 0 });
    }
    for (let j = 0; j < 4; j++) {
      expectClose(J.row(j).reduce((a, b) => a + b, 0), 0, { atol: 1e-16, rtol: 0 });
      for (let l = 0; l < 4; l++) expect(J.get(j, l)).toBe(J.get(l, j));
    }
  });

  it('wants one sample as a row', () => {
    expect(() => softmaxJacobian(new Matrix(2, 3))).toThrow('softmaxJacobian: expected one sample as a 1×Q row, got (2×3)');
  });
});

describe('logSumExp', () => {
  it('equals log Σ e^z on small rows and stays exact on huge ones', () => {
    const L = logSumExp(fromArray([[1, 2, 3], [1e4, -1e4, 0], [1000, 1000, -Infinity]]));
    expect(L.shape).toEqual([3, 1]);
    expectClose(L.get(0, 0), Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)), { rtol: 1e-15, atol: 0 });
    expect(L.get(1, 0)).toBe(1e4);
    expectClose(L.get(2, 0), 1000 + Math.LN2, { rtol: 1e-15, atol: 0 });
  });

  it('returns the row maximum when it is not finite', () => {
    const L = logSumExp(fromArray([[-Infinity, -Infinity], [Infinity, 0], [Number.NaN, 0]]));
    expect(L.get(0, 0)).toBe(-Infinity);
    expect(L.get(1, 0)).toBe(Infinity);
    expect(L.get(2, 0)).toBeNaN();
  });
});
