/**
 * All the parameters as one vector θ (chapter 01-introduction: "a parameter, or all of them as one
 * vector"). A model keeps θ as a list of matrices [W⁽¹⁾, b⁽¹⁾, W⁽²⁾, …] (`net.params()`); a direction
 * in parameter space, such as the θ̇ of a Hessian-vector product or an iterate of power iteration,
 * is a list of the same shapes. Reading each matrix row by row and the list in order makes it one
 * vector, and these are the operations of that vector space that the engine needs.
 */
import { assertMatrix, assertShape, Matrix } from './matrix';
import type { Rng } from './random';

/** Throws unless `list` is an array of matrices shaped one for one like `like` (named `likeName` in the message). */
export function assertShapesLike(op: string, name: string, list: unknown, like: readonly Matrix[], likeName: string): asserts list is Matrix[] {
  if (!Array.isArray(list)) throw new Error(`${op}: ${name} must be a list of matrices shaped like ${likeName}, got ${String(list)}`);
  if (list.length !== like.length) {
    throw new Error(`${op}: ${name} has ${list.length} matrices, expected ${like.length} like ${likeName}`);
  }
  like.forEach((m, k) => {
    assertMatrix(op, `${likeName}[${k}]`, m);
    assertShape(op, `${name}[${k}]`, list[k], m.rows, m.cols, `${likeName}[${k}]`);
  });
}

/** ⟨a, b⟩ = Σ_k Σ_ij a_k[i,j]·b_k[i,j], the dot product of two lists read as vectors. */
export function innerProduct(a: readonly Matrix[], b: readonly Matrix[]): number {
  assertShapesLike('innerProduct', 'b', b, a, 'a');
  let total = 0;
  for (let k = 0; k < a.length; k++) {
    const x = a[k].data;
    const y = b[k].data;
    for (let e = 0; e < x.length; e++) total += x[e] * y[e];
  }
  return total;
}

/** ‖a‖ = √⟨a, a⟩, the Euclidean length of a list read as one vector. */
export function vectorNorm(a: readonly Matrix[]): number {
  return Math.sqrt(innerProduct(a, a));
}

/** `direction` divided by its length, after checking it is shaped like `like`, finite and not 0. */
export function unitDirection(op: string, name: string, direction: unknown, like: readonly Matrix[]): Matrix[] {
  assertShapesLike(op, name, direction, like, 'the parameters');
  const length = vectorNorm(direction);
  if (!(length > 0 && Number.isFinite(length))) throw new Error(`${op}: the ${name} must be finite and not 0, its length is ${length}`);
  return direction.map((m) => new Matrix(m.rows, m.cols, m.data.map((x) => x / length)));
}

/**
 * A direction of length 1 shaped like `like`: every entry drawn from 𝒩(0, 1), then the whole list
 * divided by its norm, so that it is uniform on the unit sphere of parameter space (the standard
 * normal is the same in every direction).
 */
export function randomDirection(like: readonly Matrix[], rng: Rng): Matrix[] {
  assertShapesLike('randomDirection', 'like', like, like, 'like');
  const direction = like.map((m) => {
    const d = new Matrix(m.rows, m.cols);
    for (let e = 0; e < d.size; e++) d.data[e] = rng.normal();
    return d;
  });
  const length = vectorNorm(direction);
  if (length === 0) throw new Error('randomDirection: the parameters have no entries, so there is no direction to draw');
  for (const d of direction) for (let e = 0; e < d.size; e++) d.data[e] /= length;
  return direction;
}
