/**
 * Witnesses for the curvature tests, written without the code they check: parameter lists as flat
 * vectors, symmetric matrices with chosen eigenvalues, a Jacobi eigenvalue solver, and Hessians
 * built entry by entry from gradients or from the loss alone.
 */
import { Matrix, matmul, transpose } from '~/lib/matrix';
import { createRng } from '~/lib/random';

/** The list read row by row, matrix after matrix, as one vector. */
export function flatten(list: readonly Matrix[]): Float64Array {
  const out = new Float64Array(list.reduce((n, m) => n + m.size, 0));
  let at = 0;
  for (const m of list) {
    out.set(m.data, at);
    at += m.size;
  }
  return out;
}

/** The inverse of `flatten`: a vector cut into matrices shaped like `like`. */
export function unflattenLike(v: ArrayLike<number>, like: readonly Matrix[]): Matrix[] {
  let at = 0;
  return like.map((m) => {
    const out = new Matrix(m.rows, m.cols, Float64Array.from({ length: m.size }, (_, e) => v[at + e]!));
    at += m.size;
    return out;
  });
}

/** A P×P matrix times a list (as a vector), cut back into the list's shapes. */
export function timesList(H: Matrix, list: readonly Matrix[]): Matrix[] {
  const v = flatten(list);
  return unflattenLike(matmul(H, new Matrix(v.length, 1, v)).data, list);
}

/** U diag(κ) Uᵀ for a random orthogonal U (Gram–Schmidt of a seeded Gaussian matrix): eigenvalues exactly κ, up to rounding. */
export function symmetricWithEigenvalues(kappa: readonly number[], seed: number): Matrix {
  const n = kappa.length;
  const rng = createRng(seed);
  const U = new Matrix(n, n);
  for (let j = 0; j < n; j++) {
    const column = Array.from({ length: n }, () => rng.normal());
    for (let pass = 0; pass < 2; pass++) {
      for (let k = 0; k < j; k++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += U.data[i * n + k] * column[i]!;
        for (let i = 0; i < n; i++) column[i]! -= dot * U.data[i * n + k];
      }
    }
    const length = Math.hypot(...column);
    for (let i = 0; i < n; i++) U.data[i * n + j] = column[i]! / length;
  }
  const D = new Matrix(n, n);
  kappa.forEach((k, i) => (D.data[i * n + i] = k));
  return matmul(matmul(U, D), transpose(U));
}

/** The eigenvalues of a symmetric matrix, largest first, by cyclic Jacobi rotations (to ~1e-15 of its norm). */
export function symmetricEigenvalues(S: Matrix): number[] {
  const n = S.rows;
  const a = S.data.slice();
  const at = (i: number, j: number) => i * n + j;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) (i === j ? (total += a[at(i, j)]! ** 2) : (off += a[at(i, j)]! ** 2));
    if (off <= 1e-30 * (total + off)) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[at(p, q)]!;
        if (apq === 0) continue;
        const theta = (a[at(q, q)]! - a[at(p, p)]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[at(k, p)]!;
          const akq = a[at(k, q)]!;
          a[at(k, p)] = c * akp - s * akq;
          a[at(k, q)] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[at(p, k)]!;
          const aqk = a[at(q, k)]!;
          a[at(p, k)] = c * apk - s * aqk;
          a[at(q, k)] = s * apk + c * aqk;
        }
      }
    }
  }
  return Array.from({ length: n }, (_, i) => a[at(i, i)]!).sort((x, y) => y - x);
}

/**
 * The Hessian entry by entry from gradients: column j is (g(θ + h e_j) − g(θ − h e_j)) / 2h, one
 * parameter entry nudged at a time (the brief's "finite differences of gradients").
 */
export function hessianFromGradients(gradient: () => readonly Matrix[], params: readonly Matrix[], h = 1e-5): Matrix {
  const P = params.reduce((n, m) => n + m.size, 0);
  const H = new Matrix(P, P);
  let j = 0;
  for (const p of params) {
    for (let e = 0; e < p.size; e++, j++) {
      const original = p.data[e];
      p.data[e] = original + h;
      const plus = flatten(gradient());
      p.data[e] = original - h;
      const minus = flatten(gradient());
      p.data[e] = original;
      for (let i = 0; i < P; i++) H.data[i * P + j] = (plus[i]! - minus[i]!) / (2 * h);
    }
  }
  return H;
}

/**
 * The Hessian from the loss alone, no gradient code involved:
 * H_ij ≈ (L(+h e_i + h e_j) − L(+h e_i − h e_j) − L(−h e_i + h e_j) + L(−h e_i − h e_j)) / 4h².
 * Error about h²·|L⁗| + ε_mach·|L|/h², so h = 1e-4 leaves ~1e-8.
 */
export function hessianFromLoss(loss: () => number, params: readonly Matrix[], h = 1e-4): Matrix {
  const entries = params.flatMap((p) => Array.from({ length: p.size }, (_, e) => ({ p, e })));
  const P = entries.length;
  const H = new Matrix(P, P);
  const value = (i: number, si: number, j: number, sj: number) => {
    const a = entries[i]!;
    const b = entries[j]!;
    const [oa, ob] = [a.p.data[a.e], b.p.data[b.e]];
    a.p.data[a.e] += si * h;
    b.p.data[b.e] += sj * h;
    const L = loss();
    a.p.data[a.e] = oa;
    b.p.data[b.e] = ob;
    return L;
  };
  for (let i = 0; i < P; i++) {
    for (let j = 0; j < P; j++) {
      H.data[i * P + j] = (value(i, 1, j, 1) - value(i, 1, j, -1) - value(i, -1, j, 1) + value(i, -1, j, -1)) / (4 * h * h);
    }
  }
  return H;
}
