/**
 * Messages between a page and its kernel worker. The worker runs code the reader typed, and that
 * code can post anything on the worker's global `postMessage`, so the runner speaks to the page on
 * a private channel instead: the page creates a MessageChannel and hands one port to the worker in
 * its first message, before any cell runs, and the worker keeps it where cells cannot reach it.
 * What arrives on the worker's global channel is never believed (see KernelClient); what arrives on
 * the port is still accepted only when `validateWorkerMessage` proves it matches
 * `KernelMessageSchema`, and the types are inferred from the same schema. One entry per message.
 */
import * as v from 'valibot';
import type { CompiledCell } from './compiled';
import type { ControlValues } from './controls';
import { MAX_LABEL, OutputSchema, RunResultSchema } from './types';

/** Page → worker, on the worker itself: the first message, carrying the kernel's port (transferred). */
export type KernelInit = { type: 'init'; baseUrl: string };

/**
 * Page → worker, on the port. The page trusts its own messages, so this is a type only (the worker
 * ships no validator). `compiled`: the build's transform of the chapter's code, for the kernel to
 * skip its own; `controls`: the values the reader set on the cell's controls. `ping` asks the kernel to answer `pong`, so the page can tell a kernel that stopped
 * answering (closed, or stuck in code that never yields) from one that is idle.
 */
export type KernelRequest =
  | { type: 'run'; runId: number; cellId: string; code: string; compiled?: CompiledCell; controls?: ControlValues }
  | { type: 'ping'; id: number };

const RunId = v.pipe(v.number(), v.integer(), v.minValue(0));

/** Most outputs in one `outputs` message (the kernel sends what a run produced in batches, see the worker). */
export const MAX_BATCH = 1_000;

/** Worker → page, on the port. */
export const KernelMessageSchema = v.variant('type', [
  v.object({ type: v.literal('ready') }),
  /** The kernel has received this run and starts it (after any run before it). */
  v.object({ type: v.literal('accepted'), runId: RunId }),
  v.object({ type: v.literal('pong'), id: RunId }),
  /** Outputs of a run still in progress, in order, as they happened (a later one with an id replaces an earlier one). */
  v.object({ type: v.literal('outputs'), runId: RunId, outputs: v.pipe(v.array(OutputSchema), v.maxLength(MAX_BATCH)) }),
  /** A run has finished; `result` holds everything it produced. */
  v.object({ type: v.literal('done'), runId: RunId, result: RunResultSchema }),
  /** What a cell's timer or promise printed or threw after its run had finished, for the page to show on that cell. */
  v.object({ type: v.literal('late'), cellId: v.pipe(v.string(), v.maxLength(MAX_LABEL)), output: OutputSchema }),
]);
export type KernelMessage = v.InferOutput<typeof KernelMessageSchema>;

/** The message if it is one the kernel may send (unknown fields dropped), else null. */
export function validateWorkerMessage(data: unknown): KernelMessage | null {
  const parsed = v.safeParse(KernelMessageSchema, data);
  return parsed.success ? parsed.output : null;
}
