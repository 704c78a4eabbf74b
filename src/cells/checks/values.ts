/**
 * What a check compares: whatever a cell passes is made into a matrix (a number is 1×1, a list of
 * numbers a vector, a list of rows a matrix) or into named parts (a list of matrices, a record), or
 * else into a sentence that says what it is instead. Nothing here judges whether it is right.
 */
import { Matrix, shapeOf } from '~/lib/matrix';
import { count } from './wording';

/** A list of numbers has no orientation of its own: it takes the row or column shape it is compared with. */
export type Value =
  | { kind: 'matrix'; matrix: Matrix; orientation: 'fixed' | 'free' }
  | { kind: 'parts'; parts: { key: string; value: Value }[]; keyed: boolean };

export type Conversion =
  | { ok: true; value: Value }
  /** `problem` completes a sentence whose subject is the answer: "… is a function, …". */
  | { ok: false; mistake: 'unanswered' | 'not-a-value'; problem: string };

const MAX_PREVIEW = 40;

function isMatrixLike(x: unknown): x is Matrix {
  if (x instanceof Matrix) return true;
  // A Matrix from another copy of the engine (a second bundle) has the same fields.
  const m = x as { rows?: unknown; cols?: unknown; data?: unknown } | null;
  return (
    typeof m === 'object' && m !== null && Number.isInteger(m.rows) && Number.isInteger(m.cols) &&
    m.data instanceof Float64Array && m.data.length === (m.rows as number) * (m.cols as number)
  );
}

function isNumberList(x: unknown): x is ArrayLike<number> {
  if (ArrayBuffer.isView(x) && !(x instanceof DataView)) return !(x instanceof BigInt64Array || x instanceof BigUint64Array);
  return Array.isArray(x) && x.every((v) => typeof v === 'number');
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (typeof x !== 'object' || x === null) return false;
  const proto = Object.getPrototypeOf(x) as unknown;
  return proto === Object.prototype || proto === null;
}

/** A short, safe description of something that is not a value ("the string "0.5""). */
function whatItIs(x: unknown): string {
  switch (typeof x) {
    case 'string':
      return `the string ${JSON.stringify(x.length > MAX_PREVIEW ? `${x.slice(0, MAX_PREVIEW)}…` : x)}`;
    case 'boolean':
      return `the boolean ${x}`;
    case 'bigint':
      return `the bigint ${x}n (write it without the n to make it a number)`;
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      break;
  }
  if (x instanceof Promise) return 'a Promise';
  if (x instanceof Map) return 'a Map';
  if (x instanceof Set) return 'a Set';
  const name = (Object.getPrototypeOf(x) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name ? `an object of class ${name}` : 'an object';
}

function notAValue(problem: string): Conversion {
  return { ok: false, mistake: 'not-a-value', problem };
}

function hint(x: unknown): string {
  if (typeof x === 'function') return ', not its value: call it and check what it returns';
  if (x instanceof Promise) return ': put await in front of the call that made it';
  if (typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x))) return ': write the number without quotes';
  return '';
}

/** Turns a list of rows into a matrix, or says which row or entry does not fit. */
function fromRows(rows: readonly unknown[]): Conversion {
  const first = rows[0] as ArrayLike<unknown>;
  const cols = first.length;
  const m = new Matrix(rows.length, cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as ArrayLike<unknown>;
    if (row.length !== cols) return notAValue(`has rows of different lengths (row ${i} has ${count(row.length, 'number')}, row 0 has ${cols})`);
    for (let j = 0; j < cols; j++) {
      const v = row[j];
      if (typeof v !== 'number') return notAValue(`has ${whatItIs(v)} at (${i}, ${j}) where a number belongs`);
      m.data[i * cols + j] = v;
    }
  }
  if (m.size === 0) return { ok: false, mistake: 'unanswered', problem: `is an empty ${shapeOf(m)} list of rows` };
  return { ok: true, value: { kind: 'matrix', matrix: m, orientation: 'fixed' } };
}

/** What `x` is as something to compare; `depth` stops a record that contains itself. */
export function toValue(x: unknown, depth = 0): Conversion {
  if (x === undefined) return { ok: false, mistake: 'unanswered', problem: 'is undefined' };
  if (x === null) return { ok: false, mistake: 'unanswered', problem: 'is null' };
  if (typeof x === 'number') return { ok: true, value: { kind: 'matrix', matrix: new Matrix(1, 1, Float64Array.of(x)), orientation: 'fixed' } };
  if (isMatrixLike(x)) {
    if (x.size === 0) return { ok: false, mistake: 'unanswered', problem: `is an empty ${shapeOf(x)} matrix` };
    return { ok: true, value: { kind: 'matrix', matrix: new Matrix(x.rows, x.cols, Float64Array.from(x.data)), orientation: 'fixed' } };
  }
  if (isNumberList(x)) {
    if (x.length === 0) return { ok: false, mistake: 'unanswered', problem: 'is an empty list' };
    return { ok: true, value: { kind: 'matrix', matrix: new Matrix(1, x.length, Float64Array.from(x)), orientation: 'free' } };
  }
  if (depth > 4) return notAValue('is nested too deeply to compare (more than four levels of lists or records)');
  if (Array.isArray(x)) {
    if (x.every((row) => isNumberList(row) || (Array.isArray(row) && row.length > 0 && !row.some((v) => Array.isArray(v) || isMatrixLike(v) || isPlainObject(v))))) {
      return fromRows(x);
    }
    if (x.some((v) => typeof v === 'number')) return notAValue('mixes numbers with lists, matrices or other things');
    return partsOf(x.map((v, i) => [String(i), v] as const), false, depth);
  }
  if (isPlainObject(x)) {
    const entries = Object.entries(x);
    if (entries.length === 0) return { ok: false, mistake: 'unanswered', problem: 'is an empty record {}' };
    return partsOf(entries, true, depth);
  }
  return notAValue(`is ${whatItIs(x)}${hint(x) || ', where a number, a list of numbers or a Matrix is expected'}`);
}

function partsOf(entries: readonly (readonly [string, unknown])[], keyed: boolean, depth: number): Conversion {
  const parts: { key: string; value: Value }[] = [];
  for (const [key, item] of entries) {
    const converted = toValue(item, depth + 1);
    if (!converted.ok) {
      const where = keyed ? key : `item ${key}`;
      return { ok: false, mistake: converted.mistake, problem: `has ${where} that ${converted.problem}` };
    }
    parts.push({ key, value: converted.value });
  }
  return { ok: true, value: { kind: 'parts', parts, keyed } };
}

/** A matrix value, or the reason this value cannot be one (a check's option that must be a matrix). */
export function toMatrix(x: unknown, who: string, what: string): Matrix {
  const converted = toValue(x);
  if (converted.ok && converted.value.kind === 'matrix') return converted.value.matrix;
  throw new Error(`${who}: ${what} must be a number, a list of numbers or a Matrix; it ${converted.ok ? 'is a list of several values' : converted.problem}`);
}

/** Is the matrix a vector (one row or one column)? */
export function isVector(m: Matrix): boolean {
  return m.rows === 1 || m.cols === 1;
}

/**
 * The two matrices with a free-orientation list given the orientation of the vector it is compared
 * with, so that [1, 2, 3] matches a 3×1 column as well as a 1×3 row.
 */
export function aligned(answer: Value & { kind: 'matrix' }, reference: Value & { kind: 'matrix' }): [Matrix, Matrix] {
  const a = answer.matrix;
  const r = reference.matrix;
  if (a.size !== r.size || !isVector(a) || !isVector(r)) return [a, r];
  if (answer.orientation === 'free') return [new Matrix(r.rows, r.cols, a.data), r];
  if (reference.orientation === 'free') return [a, new Matrix(a.rows, a.cols, r.data)];
  return [a, r];
}
