/**
 * The vocabulary of live cells, shared by the build (src/plugins/remark-cells.ts), the tests and
 * the browser kernel (src/components/cells): what a cell is, and what running one produces.
 */
import type { Mistake } from './checks/mistakes';

/** One thing a cell produced, in the order it happened. Everything is plain data, safe to post between threads. */
export type Output =
  | { kind: 'log'; level: LogLevel; text: string }
  /** The value of the cell's last expression, as readable text. */
  | { kind: 'value'; text: string; id?: string }
  /** A matrix shown as a table; `truncated` when rows or columns were left out. */
  | { kind: 'matrix'; rows: number; cols: number; cells: string[][]; truncated: boolean; id?: string }
  /** Figure markup (an Observable Plot SVG or figure); sanitized again wherever it is inserted. */
  | { kind: 'svg'; svg: string; id?: string }
  | { kind: 'progress'; fraction: number; label: string; id?: string }
  /** `line`/`column` are 1-based positions in the cell's code; `expected` marks a `throws` cell's lesson. */
  | { kind: 'error'; name: string; message: string; line?: number; column?: number; expected?: boolean }
  | { kind: 'notice'; text: string }
  /**
   * A check's verdict on an exercise's answer (src/cells/checks): `message` is one sentence (the
   * measured error and tolerance when it passed, the diagnosis when not), `mistake` a stable code
   * for a failure. A failed check is an output, not an error: the run stays 'ok'.
   */
  | { kind: 'check'; passed: boolean; mistake?: Mistake; name: string; message: string; equation?: EquationRef };

/** An equation anchor: `tag` "5.6" is `#eq-5.6`, on the page `page` ("/05-backpropagation/") or else on this one. */
export interface EquationRef {
  tag: string;
  page?: string;
}

export type LogLevel = 'log' | 'info' | 'warn' | 'error' | 'debug';

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

export interface RunResult {
  status: 'ok' | 'error';
  outputs: Output[];
  durationMs: number;
}
