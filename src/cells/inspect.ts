/**
 * What a value looks like in a cell's output: matrices become tables, figures become SVG, and
 * everything else becomes readable text (strings quoted, arrays and objects shown to a limited
 * depth and length, cycles marked). Text only: nothing here is ever treated as HTML.
 */
import { Matrix } from '~/lib/matrix';
import { scopeFigureIds, type IdElementLike } from './figure-ids';
import { sanitizeSvgElement, type SvgElementLike } from './sanitize-svg';
import type { Output } from './types';

/** Matrices larger than this are shown with their corners and a "truncated" note. */
export const MATRIX_PREVIEW = { rows: 12, cols: 12 } as const;
const MAX_ITEMS = 30;
const MAX_DEPTH = 3;
const MAX_STRING = 2000;

/** A number as the outputs show it: integers exactly, others to 6 significant digits. */
export function formatNumber(x: number): string {
  if (Number.isInteger(x) && Math.abs(x) < 1e15) return String(x);
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  return abs !== 0 && (abs < 1e-4 || abs >= 1e6) ? x.toExponential(4) : String(Number(x.toPrecision(6)));
}

/** The indices to show along one axis: everything if it fits, else the first and last few. */
function previewIndices(n: number, limit: number): (number | null)[] {
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  const head = Math.ceil((limit - 1) / 2);
  const tail = limit - 1 - head;
  return [...Array.from({ length: head }, (_, i) => i), null, ...Array.from({ length: tail }, (_, i) => n - tail + i)];
}

/** A matrix as a table output; `null` indices become "⋯" cells. */
export function matrixOutput(m: Matrix, id?: string): Output {
  const rows = previewIndices(m.rows, MATRIX_PREVIEW.rows);
  const cols = previewIndices(m.cols, MATRIX_PREVIEW.cols);
  const cells = rows.map((i) => cols.map((j) => (i === null ? (j === null ? '⋱' : '⋮') : j === null ? '⋯' : formatNumber(m.get(i, j)))));
  const output: Output = { kind: 'matrix', rows: m.rows, cols: m.cols, cells, truncated: m.rows > MATRIX_PREVIEW.rows || m.cols > MATRIX_PREVIEW.cols };
  if (id !== undefined) output.id = id;
  return output;
}

function isElement(value: unknown): value is SvgElementLike & { outerHTML: string; tagName: string } {
  return typeof value === 'object' && value !== null && typeof (value as { outerHTML?: unknown }).outerHTML === 'string' && typeof (value as { tagName?: unknown }).tagName === 'string';
}

/** What Plot returns: an <svg>, a <figure> (with title or legend), or a <div class="plot-…"> (a swatches legend). */
function isFigure(value: unknown): value is SvgElementLike & { outerHTML: string; tagName: string } {
  if (!isElement(value)) return false;
  const tag = value.tagName.toLowerCase();
  const className = (value as { getAttribute?: (name: string) => string | null }).getAttribute?.('class') ?? '';
  return tag === 'svg' || tag === 'figure' || (tag === 'div' && /^plot-/.test(className));
}

function text(value: unknown, depth: number, seen: Set<object>): string {
  switch (typeof value) {
    case 'string':
      return depth === 0 ? truncate(value) : JSON.stringify(truncate(value));
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'undefined':
      return 'undefined';
    case 'symbol':
      return value.toString();
    case 'function':
      return /^class\b/.test(Function.prototype.toString.call(value)) ? `[class ${value.name || '(anonymous)'}]` : `[Function ${value.name || '(anonymous)'}]`;
    case 'boolean':
      return String(value);
  }
  if (value === null) return 'null';
  const object = value as object;
  if (seen.has(object)) return '[Circular]';
  if (object instanceof Matrix) return `Matrix ${object.rows}×${object.cols}`;
  if (isElement(object)) return `<${object.tagName.toLowerCase()}> element`;
  if (object instanceof Error) return `${object.name}: ${object.message}`;
  if (object instanceof Date) return Number.isNaN(object.getTime()) ? 'Invalid Date' : object.toISOString();
  if (object instanceof RegExp) return String(object);
  if (depth >= MAX_DEPTH) return Array.isArray(object) ? '[Array]' : '[Object]';
  seen.add(object);
  try {
    const items = (list: string[], total: number) => (total > list.length ? [...list, `… ${total - list.length} more`] : list);
    if (ArrayBuffer.isView(object) && !(object instanceof DataView)) {
      const typed = object as unknown as ArrayLike<number | bigint> & { constructor: { name: string } };
      const shown = Array.from({ length: Math.min(typed.length, MAX_ITEMS) }, (_, i) => text(typed[i], depth + 1, seen));
      return `${typed.constructor.name}(${typed.length}) [${items(shown, typed.length).join(', ')}]`;
    }
    if (Array.isArray(object)) {
      const shown = object.slice(0, MAX_ITEMS).map((v) => text(v, depth + 1, seen));
      return `[${items(shown, object.length).join(', ')}]`;
    }
    if (object instanceof Map) {
      const entries = take(object, MAX_ITEMS).map(([k, v]) => `${text(k, depth + 1, seen)} => ${text(v, depth + 1, seen)}`);
      return `Map(${object.size}) {${items(entries, object.size).join(', ')}}`;
    }
    if (object instanceof Set) {
      const entries = take(object, MAX_ITEMS).map((v) => text(v, depth + 1, seen));
      return `Set(${object.size}) {${items(entries, object.size).join(', ')}}`;
    }
    if (object instanceof Promise) return 'Promise';
    const keys = Object.keys(object);
    const name = Object.getPrototypeOf(object)?.constructor?.name;
    const prefix = name && name !== 'Object' ? `${name} ` : '';
    const entries = keys.slice(0, MAX_ITEMS).map((k) => {
      const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : JSON.stringify(k);
      return `${key}: ${property(object as Record<string, unknown>, k, depth, seen)}`;
    });
    return entries.length === 0 ? `${prefix}{}` : `${prefix}{ ${items(entries, keys.length).join(', ')} }`;
  } finally {
    seen.delete(object);
  }
}

/** The first `n` items of a (possibly huge) Map or Set, without copying the rest. */
function take<T>(items: Iterable<T>, n: number): T[] {
  const first: T[] = [];
  for (const item of items) {
    if (first.length === n) break;
    first.push(item);
  }
  return first;
}

/** One property's text; a getter that throws shows its error instead of breaking the whole output. */
function property(object: Record<string, unknown>, key: string, depth: number, seen: Set<object>): string {
  let value: unknown;
  try {
    value = object[key];
  } catch (error) {
    return `[getter threw ${error instanceof Error ? `${error.name}: ${error.message}` : 'a non-error'}]`;
  }
  return text(value, depth + 1, seen);
}

function truncate(s: string): string {
  return s.length > MAX_STRING ? `${s.slice(0, MAX_STRING)}… (${s.length - MAX_STRING} more characters)` : s;
}

/** A value as readable text; strings at the top level are shown as they are (like console.log). */
export function inspect(value: unknown): string {
  return text(value, 0, new Set());
}

/** The output for a cell's last value or a `display(value)` call. */
export function valueOutput(value: unknown, id?: string): Output {
  if (value instanceof Matrix) return matrixOutput(value, id);
  if (isFigure(value)) {
    scopeFigureIds(sanitizeSvgElement(value) as unknown as IdElementLike);
    const output: Output = { kind: 'svg', svg: value.outerHTML };
    if (id !== undefined) output.id = id;
    return output;
  }
  const output: Output = { kind: 'value', text: typeof value === 'string' ? JSON.stringify(truncate(value)) : inspect(value) };
  if (id !== undefined) output.id = id;
  return output;
}
