/**
 * The vocabulary of live cells, shared by the build (src/plugins/remark-cells.ts), the tests and
 * the browser kernel (src/components/cells): what a cell is, and what running one produces.
 *
 * What running produces crosses from the kernel worker to the page, whose reader's code may post
 * anything, so it is written once as a schema (valibot): the types below are inferred from it and
 * the page checks every message against it (./protocol). A new kind of output is one entry here.
 */
import * as v from 'valibot';
import type { CompiledCell } from './compiled';
import { isEquationRef } from './checks/equation';
import { MISTAKES, type Mistake } from './checks/mistakes';

/** The most characters of any one text the page accepts from the kernel. */
export const MAX_TEXT = 1_000_000;
/** The most characters of an output's id, a progress label or an error's name. */
export const MAX_LABEL = 1_000;
/** The most characters of an error's message (a message of a million characters is still read as one line). */
export const MAX_ERROR_MESSAGE = 20_000;
/** The most rows and columns of a matrix table (the runner shows at most 12 of each). */
const MAX_TABLE = 64;

/** Any text an output carries: the one place a limit on its size is set. */
const Text = v.pipe(v.string(), v.maxLength(MAX_TEXT));
const Label = v.pipe(v.string(), v.maxLength(MAX_LABEL));
/** An output with an id is replaced in place by the next output with the same id (a live plot, a progress bar). */
const Id = v.optional(Label);
const Count = v.pipe(v.number(), v.integer(), v.minValue(0));

const Finite = v.pipe(v.number(), v.finite());
const ControlLabel = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const ControlUnit = v.optional(v.pipe(v.string(), v.maxLength(40)));
const OptionValue = v.union([v.pipe(v.string(), v.maxLength(200)), Finite]);

/**
 * One control as a run declared it (./controls), with the value that run used and its default
 * (`initial`, for Reset). A button's value is how many times it was pressed since the page loaded.
 */
export const ControlSchema = v.variant('type', [
  v.object({ type: v.literal('slider'), label: ControlLabel, min: Finite, max: Finite, step: v.optional(Finite), log: v.optional(v.boolean()), unit: ControlUnit, value: Finite, initial: Finite }),
  v.object({ type: v.literal('number'), label: ControlLabel, min: v.optional(Finite), max: v.optional(Finite), step: v.optional(Finite), unit: ControlUnit, value: Finite, initial: Finite }),
  v.object({ type: v.literal('select'), label: ControlLabel, options: v.pipe(v.array(OptionValue), v.minLength(1), v.maxLength(100)), value: OptionValue, initial: OptionValue }),
  v.object({ type: v.literal('checkbox'), label: ControlLabel, value: v.boolean(), initial: v.boolean() }),
  v.object({ type: v.literal('button'), label: ControlLabel, value: v.pipe(v.number(), v.integer(), v.minValue(0)), initial: v.literal(0) }),
]);
export type Control = v.InferOutput<typeof ControlSchema>;

export const LogLevelSchema = v.picklist(['log', 'info', 'warn', 'error', 'debug']);
export type LogLevel = v.InferOutput<typeof LogLevelSchema>;

/** One thing a cell produced, in the order it happened. Everything is plain data, safe to post between threads. */
export const OutputSchema = v.variant('kind', [
  v.object({ kind: v.literal('log'), level: LogLevelSchema, text: Text }),
  /** The value of the cell's last expression, as readable text. */
  v.object({ kind: v.literal('value'), text: Text, id: Id }),
  /** A matrix shown as a table; `truncated` when rows or columns were left out. */
  v.object({
    kind: v.literal('matrix'),
    rows: Count,
    cols: Count,
    cells: v.pipe(v.array(v.pipe(v.array(Text), v.maxLength(MAX_TABLE))), v.maxLength(MAX_TABLE)),
    truncated: v.boolean(),
    id: Id,
  }),
  /** Figure markup (an Observable Plot SVG or figure); sanitized again wherever it is inserted. */
  v.object({ kind: v.literal('svg'), svg: Text, id: Id }),
  v.object({ kind: v.literal('progress'), fraction: v.pipe(v.number(), v.minValue(0), v.maxValue(1)), label: Label, id: Id }),
  /** `line`/`column` are 1-based positions in the cell's code; `expected` marks a `throws` cell's lesson. */
  v.object({ kind: v.literal('error'), name: Label, message: v.pipe(v.string(), v.maxLength(MAX_ERROR_MESSAGE)), line: v.optional(Count), column: v.optional(Count), expected: v.optional(v.boolean()) }),
  v.object({ kind: v.literal('notice'), text: Text }),
  /**
   * A control the cell declared (./controls), with the value this run used: the page shows it in
   * the cell's control panel, not among the outputs, and keeps it across runs while the reader moves it.
   */
  v.object({ kind: v.literal('control'), control: ControlSchema }),
  /**
   * A check's verdict on an exercise's answer (src/cells/checks): `message` is one sentence (the
   * measured error and tolerance when it passed, the diagnosis when not), `mistake` a stable code
   * for a failure, never for a pass. A failed check is an output, not an error: the run stays 'ok'.
   * The link is rebuilt by the page from a validated tag and page, so it can only point inside the site.
   */
  v.pipe(
    v.object({
      kind: v.literal('check'),
      passed: v.boolean(),
      mistake: v.optional(v.picklist(Object.keys(MISTAKES) as [Mistake, ...Mistake[]])),
      name: Text,
      message: Text,
      equation: v.optional(v.custom<EquationRef>(isEquationRef, 'an equation tag, and a page inside the site')),
    }),
    v.check((verdict) => (verdict.passed ? verdict.mistake === undefined : verdict.mistake !== undefined), 'a failed verdict names its mistake, a passed one none'),
  ),
]);
export type Output = v.InferOutput<typeof OutputSchema>;

/** `text` cut to at most `max` characters, ending with how much was cut; as it was when it fits. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = (kept: number) => `… [${String(text.length - kept)} more characters cut]`;
  const kept = Math.max(0, max - marker(max).length);
  return text.slice(0, kept) + marker(kept);
}

/**
 * The output with every text cut to what the page accepts (see the limits above), and whether
 * anything was cut: one oversized field must not make the page refuse the whole output. Figure
 * markup cannot be cut and stay markup, so a figure too large becomes a notice.
 */
export function fitOutput(output: Output): { output: Output; cut: boolean } {
  const fitted = { ...output } as Record<string, unknown>;
  let cut = false;
  const fit = (key: string, max: number) => {
    const value = fitted[key];
    if (typeof value === 'string' && value.length > max) {
      fitted[key] = cutText(value, max);
      cut = true;
    }
  };
  if (output.kind === 'svg' && output.svg.length > MAX_TEXT) {
    return { output: { kind: 'notice', text: `A figure of ${String(output.svg.length)} characters of markup is larger than the page shows (${String(MAX_TEXT)}); it was left out.` }, cut: true };
  }
  fit('text', MAX_TEXT);
  fit('label', MAX_LABEL);
  fit('name', MAX_LABEL);
  fit('message', output.kind === 'error' ? MAX_ERROR_MESSAGE : MAX_TEXT);
  // Two ids sharing their first thousand characters are one id: a cut is not worth a hash.
  fit('id', MAX_LABEL);
  return { output: fitted as Output, cut };
}

/** An equation anchor: `tag` "5.6" is `#eq-5.6`, on the page `page` ("/05-backpropagation/") or else on this one. */
export interface EquationRef {
  tag: string;
  page?: string;
}

/** Everything one run of a cell produced, and whether it threw. */
export const RunResultSchema = v.object({ status: v.picklist(['ok', 'error']), outputs: v.array(OutputSchema) });
export type RunResult = v.InferOutput<typeof RunResultSchema>;

export interface CellFlags {
  /** The cell is expected to throw: its error is the lesson (not throwing fails the build). */
  throws: boolean;
  /** Too slow for build time: runs only in the reader's browser. */
  browserOnly: boolean;
  /** Shown, runnable, but not editable. */
  readonly: boolean;
  /** An exercise's worked solution, shown collapsed. */
  solution: boolean;
  /** A stable name from `id=NAME`; the cell's index otherwise. */
  id?: string;
}

export interface Cell {
  /** Position on the page, from 0. */
  index: number;
  id: string;
  code: string;
  flags: CellFlags;
  /** Hash of the code as written in the chapter, so edited copies can be told from the original. */
  hash: string;
  /** Line of the opening fence in the MDX file (1-based). */
  line: number;
}

/**
 * A cell as the page's JSON carries it to the browser (CellsData.astro): everything but its line in
 * the MDX file, and the build's transform of its code (absent where the code does not parse).
 */
export type CellData = Omit<Cell, 'line'> & { compiled?: CompiledCell };
