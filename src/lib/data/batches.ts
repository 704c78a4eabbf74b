/**
 * Mini-batches (chapter 09-training): each training step uses a batch of sample indices; one
 * pass over all M samples is an epoch.
 */
import { positiveInteger } from '../errors';
import type { Rng } from '../random';

/**
 * Splits the sample indices 0…M−1 into consecutive batches of `batchSize` (the last one shorter
 * when batchSize does not divide M). With an `rng`, the indices are shuffled first, a fresh order
 * per call (per epoch). The batches are views into one Int32Array.
 */
export function batches(M: number, batchSize: number, rng?: Rng): Int32Array[] {
  positiveInteger('batches', 'the sample count M', M);
  positiveInteger('batches', 'batchSize', batchSize);
  const order = rng ? rng.permutation(M) : Int32Array.from({ length: M }, (_, i) => i);
  const out: Int32Array[] = [];
  for (let start = 0; start < M; start += batchSize) out.push(order.subarray(start, Math.min(start + batchSize, M)));
  return out;
}
