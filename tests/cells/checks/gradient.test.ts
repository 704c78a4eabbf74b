/**
 * checkGradient: a reader's derivative function against central differences (the engine's
 * numericGradient) and, when given, the engine's own derivative, in its three modes (a function of
 * numbers, the gradient of a number, the Jacobian of a matrix). Tolerances are the check's
 * defaults unless a test states its own.
 */
import { describe, expect, it } from 'vitest';
import { checkGradientOf } from '~/cells/checks/gradient';
import { createRng, fromFunction, identity, map, Matrix, rowVector, scale, sigmoid, softmax, softmaxJacobian, sum, transpose, vec } from '~/lib/index';

const swish = (Z: Matrix) => map(Z, (z) => z / (1 + Math.exp(-z)));
const swishDerivative = (Z: Matrix) => map(sigmoid.forward(Z), (s, i, j) => s + Z.get(i, j) * s * (1 - s));
const rng = createRng(3);
const Zs = fromFunction(4, 3, () => rng.normal(0, 2));
const z = rowVector([2, 1, 0.1, -1]);
const softmaxOf = (v: Matrix) => softmax.forward(v);
const jacobianOf = (v: Matrix) => softmaxJacobian(softmax.forward(v));

describe('checkGradient of a function of a matrix, to a number (the gradient)', () => {
  it('passes the right gradient, measured against central differences', () => {
    const verdict = checkGradientOf(swishDerivative, Zs, { of: (Z: Matrix) => sum(swish(Z)) });
    expect(verdict.passed, verdict.message).toBe(true);
    expect(verdict.name).toBe('Your gradient');
    expect(verdict.message).toMatch(/^Your gradient matches central differences: the largest error is \S+, within 1e-7 \+ 1e-5·\|expected\| for every entry\.$/);
  });

  it('fails the derivative that forgets the product rule, naming the worst entry', () => {
    const verdict = checkGradientOf((Z: Matrix) => sigmoid.forward(Z), Zs, { of: (Z: Matrix) => sum(swish(Z)), name: "f′(Z)", equation: '/03-activations/#eq-3.2' });
    expect(verdict).toMatchObject({ passed: false, mistake: 'worst-entry', name: 'f′(Z)', equation: { tag: '3.2', page: '/03-activations/' } });
  });

  it('names a constant factor in a gradient', () => {
    // The loss is a mean over 12 entries; the reader's gradient forgot the 1/12.
    const verdict = checkGradientOf(swishDerivative, Zs, { of: (Z: Matrix) => sum(swish(Z)) / 12, meanOver: { M: 12 } });
    expect(verdict.mistake, verdict.message).toBe('mean-missing');
  });

  it('leaves the point and the reader’s variables as they were', () => {
    const before = Zs.clone();
    checkGradientOf((Z: Matrix) => { Z.data.fill(0); return Z; }, Zs, { of: (Z: Matrix) => sum(swish(Z)) });
    expect(Zs.data).toEqual(before.data);
  });
});

describe('checkGradient of a function of a matrix, to a matrix (the Jacobian)', () => {
  it('passes the right Jacobian against the engine’s function and central differences', () => {
    const verdict = checkGradientOf(jacobianOf, z, { of: softmaxOf, reference: jacobianOf, name: 'J', equation: '7.6' });
    expect(verdict.passed, verdict.message).toBe(true);
    expect(verdict.message).toMatch(/^J matches the engine's function \(the largest error is 0, within 1e-9 \+ 1e-6·\|expected\| for every entry\) and central differences \(largest error \S+\)\.$/);
  });

  it('recognises diag(s) without −sᵀs', () => {
    const verdict = checkGradientOf((v: Matrix) => map(identity(4), (x, i) => x * softmax.forward(v).get(0, i)), z, { of: softmaxOf });
    expect(verdict.mistake, verdict.message).toBe('softmax-outer-term');
  });

  it('recognises the other vec order by itself, from the shapes of the point and of f', () => {
    const W = fromFunction(3, 2, (i, j) => i - 2 * j + 0.5);
    const layer = (X: Matrix) => map(X, (x) => x) && fromFunction(X.rows, W.cols, (i, j) => X.row(i).reduce((t, x, k) => t + x * W.get(k, j), 0));
    const X = fromFunction(2, 3, (i, j) => i + j / 3);
    const rowMajor = (x: Matrix) => {
      // The exact Jacobian in row-major order: ∂Z[i, j]/∂X[p, k] = δ_ip W[k, j].
      const Jr = new Matrix(x.rows * W.cols, x.size);
      for (let i = 0; i < x.rows; i++) for (let j = 0; j < W.cols; j++) for (let k = 0; k < x.cols; k++) Jr.set(i * W.cols + j, i * x.cols + k, W.get(k, j));
      return Jr;
    };
    const verdict = checkGradientOf(rowMajor, X, { of: layer });
    expect(verdict.mistake, verdict.message).toBe('vec-order');
    expect(checkGradientOf(rowMajor, X, { of: layer, order: 'row-major' }).passed).toBe(true);
  });

  it('recognises the transpose of a non-symmetric Jacobian', () => {
    const logSoftmax = (v: Matrix) => map(v, (x) => x - Math.log(v.data.reduce((t, y) => t + Math.exp(y), 0)));
    const right = (v: Matrix) => { const s = softmax.forward(v); return map(identity(4), (x, i, j) => x - s.get(0, j)); };
    expect(checkGradientOf(right, z, { of: logSoftmax }).passed).toBe(true);
    expect(checkGradientOf((v: Matrix) => transpose(right(v)), z, { of: logSoftmax }).mistake).toBe('transpose');
  });

  it('refuses a reference that disagrees with central differences: the check itself is wrong', () => {
    expect(() => checkGradientOf(jacobianOf, z, { of: softmaxOf, reference: (v: Matrix) => scale(jacobianOf(v), 2) })).toThrow(
      /checkGradient: the reference function and central differences of `of` disagree \(largest difference \S+\); the check itself needs fixing/,
    );
  });

  it('builds the numeric Jacobian from numericGradient with one call of f per nudge', () => {
    let calls = 0;
    const counted = (v: Matrix) => { calls++; return softmax.forward(v); };
    checkGradientOf(jacobianOf, z, { of: counted });
    // One call for the point's shape, one for the answer's… and 2 per entry of z for the differences.
    expect(calls).toBe(2 + 2 * z.size);
  });

  it('compares the Jacobian of a matrix in the engine’s column-major vec order', () => {
    const X = fromFunction(2, 2, (i, j) => 1 + i + 2 * j);
    const square = (x: Matrix) => map(x, (v) => v * v);
    const diagonal = (x: Matrix) => map(identity(4), (d, i) => d * 2 * vec(x).data[i]!);
    expect(checkGradientOf(diagonal, X, { of: square }).passed).toBe(true);
  });
});

describe('checkGradient of a function of a number', () => {
  const bce = (zv: number, y: number) => y * Math.log1p(Math.exp(-zv)) + (1 - y) * Math.log1p(Math.exp(zv));
  const points = [2, -1, 0.5, 4];

  it('checks the derivative at every point of a list, naming the point that is off', () => {
    expect(checkGradientOf((zv: number) => 1 / (1 + Math.exp(-zv)) - 1, points, { of: (zv: number) => bce(zv, 1) }).passed).toBe(true);
    const wrong = checkGradientOf((zv: number) => (zv === 0.5 ? 0 : 1 / (1 + Math.exp(-zv)) - 1), points, { of: (zv: number) => bce(zv, 1) });
    expect(wrong.mistake, wrong.message).toBe('few-entries');
    expect(wrong.message).toMatch(/^Your derivative is right except at x = 0\.5: got 0, expected -0\.37754\d*\.$/);
  });

  it('says "at x = …" in the subject for a single point', () => {
    const verdict = checkGradientOf((zv: number) => 2 * zv, 3, { of: (zv: number) => zv ** 3 });
    expect(verdict.message).toMatch(/^Your derivative at x = 3 is 6, but the right value is 27/);
  });

  it('matches the engine’s derivative when one is given', () => {
    const verdict = checkGradientOf((zv: number) => 2 * zv, points, { of: (zv: number) => zv * zv, reference: (zv: number) => 2 * zv });
    expect(verdict.passed, verdict.message).toBe(true);
  });
});

describe('checkGradient: unanswered and unusable answers', () => {
  it('is kind about a derivative that returns nothing yet', () => {
    const verdict = checkGradientOf((_: Matrix) => undefined, Zs, { of: (Z: Matrix) => sum(swish(Z)) });
    expect(verdict).toMatchObject({ passed: false, mistake: 'unanswered', name: 'Your gradient' });
    expect(verdict.message).toBe('Your gradient is undefined: the placeholder is not filled in yet; write your answer, then run the cell again.');
  });

  it('asks for the function itself when given its value', () => {
    const verdict = checkGradientOf(swishDerivative(Zs), Zs, { of: (Z: Matrix) => sum(swish(Z)) });
    expect(verdict).toMatchObject({ passed: false, mistake: 'not-a-value' });
    expect(verdict.message).toMatch(/is not a function: pass the function itself/);
  });

  it('names the point where a scalar derivative returns something else', () => {
    const verdict = checkGradientOf((zv: number) => (zv > 0 ? 'big' : zv) as unknown as number, [-1, 2], { of: (zv: number) => zv * zv });
    expect(verdict.message).toBe('Your derivative at x = 2 is the string "big", where a number, a list of numbers or a Matrix is expected.');
  });

  it('needs `of`', () => {
    expect(() => checkGradientOf(jacobianOf, z, {} as never)).toThrow(/must name the function whose derivative is checked/);
  });
});
