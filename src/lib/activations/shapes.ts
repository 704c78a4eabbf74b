/** Vec indexing shared by the activations (chapter 06-kronecker fixes the vec orders). */
import type { VecOrder } from '../matrix';

/** The position of entry (i, j) of an M×Q matrix inside vec(·). */
export function vecIndex(i: number, j: number, M: number, Q: number, order: VecOrder): number {
  return order === 'row-major' ? i * Q + j : j * M + i;
}

export function checkOrder(op: string, order: VecOrder): void {
  if (order !== 'row-major' && order !== 'column-major') {
    throw new Error(`${op}: vec order must be 'column-major' or 'row-major', got ${JSON.stringify(order)}`);
  }
}
