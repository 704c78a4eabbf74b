/** Shape checks and vec indexing shared by the activations (chapter 06-kronecker fixes the vec orders). */
import { Matrix, shapeOf, type VecOrder } from '../matrix';

/** Throw unless `m` has the same shape as Z, naming the operation and both shapes. */
export function expectShapeOfZ(op: string, name: string, m: Matrix, Z: Matrix): void {
  if (m.rows !== Z.rows || m.cols !== Z.cols) {
    throw new Error(`${op}: ${name} is (${shapeOf(m)}), expected (${shapeOf(Z)}) like Z`);
  }
}

/** `out` after checking its shape, or a fresh matrix shaped like Z. */
export function outputLike(op: string, Z: Matrix, out?: Matrix): Matrix {
  if (out === undefined) return new Matrix(Z.rows, Z.cols);
  expectShapeOfZ(op, 'the output buffer', out, Z);
  return out;
}

/** The position of entry (i, j) of an M×Q matrix inside vec(·). */
export function vecIndex(i: number, j: number, M: number, Q: number, order: VecOrder): number {
  return order === 'row-major' ? i * Q + j : j * M + i;
}

export function checkOrder(op: string, order: VecOrder): void {
  if (order !== 'row-major' && order !== 'column-major') {
    throw new Error(`${op}: vec order must be 'column-major' or 'row-major', got ${JSON.stringify(order)}`);
  }
}
