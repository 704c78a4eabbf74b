/**
 * Messages between a page and its kernel worker. The worker runs code the reader typed, and that
 * code can post anything, so the page accepts only what `validateWorkerMessage` proves matches
 * `KernelMessageSchema`; the types are inferred from the same schema. One entry per message: a new
 * kind of message (a heartbeat, say) is one more entry here and one more case where it is handled.
 */
import * as v from 'valibot';
import type { CompiledCell } from './compiled';
import { MAX_TEXT, OutputSchema, RunResultSchema } from './types';

/** Page → worker. The page trusts its own messages, so this is a type only (the worker ships no validator). */
export type KernelRequest = { type: 'run'; runId: number; cellId: string; code: string; compiled?: CompiledCell } | { type: 'init'; baseUrl: string };

const RunId = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Worker → page. */
export const KernelMessageSchema = v.variant('type', [
  v.object({ type: v.literal('ready') }),
  /** An output of a run still in progress, as it happens. */
  v.object({ type: v.literal('output'), runId: RunId, output: OutputSchema }),
  /** A run has finished; `result` holds everything it produced. */
  v.object({ type: v.literal('done'), runId: RunId, result: RunResultSchema }),
  /** An error a cell's timer or promise threw after its run had finished, for the page to show on that cell. */
  v.object({ type: v.literal('late'), cellId: v.pipe(v.string(), v.maxLength(MAX_TEXT)), output: OutputSchema }),
]);
export type KernelMessage = v.InferOutput<typeof KernelMessageSchema>;

/** The message if it is one the kernel may send (unknown fields dropped), else null. */
export function validateWorkerMessage(data: unknown): KernelMessage | null {
  const parsed = v.safeParse(KernelMessageSchema, data);
  return parsed.success ? parsed.output : null;
}
