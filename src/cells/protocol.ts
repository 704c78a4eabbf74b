/**
 * Messages between a page and its kernel worker. The worker runs code the reader typed, and that
 * code can post anything, so the page accepts only messages that `validateWorkerMessage` proves
 * well-formed.
 */
import { isEquationRef } from './checks/equation';
import { isMistake } from './checks/mistakes';
import type { Output, RunResult } from './types';

/** Page → worker. */
export type KernelRequest = { type: 'run'; runId: number; cellId: string; code: string } | { type: 'init'; baseUrl: string };

/** Worker → page. */
export type KernelMessage =
  | { type: 'ready' }
  | { type: 'output'; runId: number; output: Output }
  | { type: 'done'; runId: number; result: RunResult };

const LEVELS = new Set(['log', 'info', 'warn', 'error', 'debug']);
const MAX_TEXT = 1_000_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_TEXT;
const optional = (v: unknown, check: (x: unknown) => boolean) => v === undefined || check(v);
const isCount = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;

export function isOutput(v: unknown): v is Output {
  if (!isObject(v)) return false;
  const id = optional(v.id, isText);
  switch (v.kind) {
    case 'log':
      return LEVELS.has(v.level as string) && isText(v.text);
    case 'value':
      return isText(v.text) && id;
    case 'matrix':
      return isCount(v.rows) && isCount(v.cols) && typeof v.truncated === 'boolean' && id &&
        Array.isArray(v.cells) && v.cells.length <= 64 && v.cells.every((r) => Array.isArray(r) && r.length <= 64 && r.every(isText));
    case 'svg':
      return isText(v.svg) && id;
    case 'progress':
      return typeof v.fraction === 'number' && v.fraction >= 0 && v.fraction <= 1 && isText(v.label) && id;
    case 'error':
      return isText(v.name) && isText(v.message) && optional(v.line, isCount) && optional(v.column, isCount) &&
        optional(v.expected, (x) => typeof x === 'boolean');
    case 'notice':
      return isText(v.text);
    case 'check':
      // A failed verdict names its mistake and a passed one has none; the link is rebuilt from a validated tag and page.
      return typeof v.passed === 'boolean' && isText(v.name) && isText(v.message) && (v.passed ? v.mistake === undefined : isMistake(v.mistake)) &&
        optional(v.equation, isEquationRef);
    default:
      return false;
  }
}

/** The message if it is one the kernel may send, else null. */
export function validateWorkerMessage(data: unknown): KernelMessage | null {
  if (!isObject(data)) return null;
  switch (data.type) {
    case 'ready':
      return { type: 'ready' };
    case 'output':
      return isCount(data.runId) && isOutput(data.output) ? { type: 'output', runId: data.runId as number, output: data.output } : null;
    case 'done': {
      const r = data.result;
      if (!isCount(data.runId) || !isObject(r) || (r.status !== 'ok' && r.status !== 'error') || typeof r.durationMs !== 'number') return null;
      if (!Array.isArray(r.outputs) || !r.outputs.every(isOutput)) return null;
      return { type: 'done', runId: data.runId as number, result: r as unknown as RunResult };
    }
    default:
      return null;
  }
}
