/**
 * The one cell runner: the build bakes its outputs into the pages, the tests run every chapter
 * through it, and the browser's kernel worker runs the reader's edits with it. A Session is one
 * page: cells share its scope, run one at a time, and report what they printed, returned, drew,
 * or threw (with the line and column in the reader's code). Sessions are independent: several
 * pages built or tested in one process run side by side, each writing only into its own cells.
 */
import { restoreBuiltins } from './builtins-guard';
import { compiledFrom, compiledPosition, type CompiledCell } from './compiled';
import { inspect, valueOutput } from './inspect';
import type { ControlValues } from './controls';
import { CellSyntaxError } from './syntax-error';
import type { TransformedCell } from './transform';
import { fitOutput, type LogLevel, type Output, type RunResult } from './types';

// What the runner calls while a cell may have replaced the built-ins (see ./builtins-guard), taken
// before any cell runs.
const realSetTimeout = globalThis.setTimeout.bind(globalThis);
const realSetInterval = globalThis.setInterval.bind(globalThis);
const realClearTimeout = globalThis.clearTimeout.bind(globalThis);

export interface SessionLimits {
  /** Most outputs one cell may produce (default 200); later ones are dropped with a notice. */
  maxOutputs?: number;
  /** Most characters of text one cell may print (default 100,000). */
  maxChars?: number;
}

export interface SessionEnv {
  /** What `import … from "specifier"` resolves to: a module object, or a `lazyModule`. */
  modules: Record<string, unknown>;
  limits?: SessionLimits;
  /**
   * Loads the TypeScript transform (default: a dynamic import, its own chunk in the kernel worker).
   * The build passes the module it already holds: its config's module loader is gone by then.
   */
  loadTransform?: () => Promise<Transform>;
  /**
   * Where what a cell's timers print or throw after its run goes (the kernel posts it to the page,
   * which shows it on that cell); without it, such output is dropped (the build, the tests).
   */
  onLate?: (cellId: string, output: Output) => void;
}

type Transform = typeof import('./transform');

/** Most outputs a cell's timers and promises may send after its run; then its timers are stopped. */
export const MAX_LATE_OUTPUTS = 100;

export interface RunOptions {
  cellId?: string;
  /** Called with every output as it happens (the worker streams them to the page). */
  onOutput?: (output: Output) => void;
  /**
   * Give up on the cell after this many milliseconds: the run rejects with a CellTimeoutError and
   * what the cell does later is dropped. For the build and the tests; the reader has Stop.
   */
  deadlineMs?: number;
  /** The build's transform of this very code (./compiled); ignored unless it was made from `code`. */
  compiled?: CompiledCell;
  /** The values the reader set on this cell's controls, by label (./controls); the others take their defaults. */
  controls?: ControlValues;
}

/** A cell ready to run: transformed now, or compiled by the build. */
type ReadyCell = TransformedCell | CompiledCell;

/** A 1-based line and column in a ready cell's body → the same place in the reader's code. */
function sourcePosition(cell: ReadyCell, line: number, column: number): { line: number; column: number } {
  return 'sourcePosition' in cell ? cell.sourcePosition(line, column) : compiledPosition(cell, line, column);
}

/** A cell (or prose value) that had not finished by its deadline (`RunOptions.deadlineMs`). */
export class CellTimeoutError extends Error {
  constructor(readonly deadlineMs: number) {
    super(`the cell did not finish within ${deadlineMs / 1000} s`);
    this.name = 'CellTimeoutError';
  }
}

/**
 * A module loaded the first time a cell imports it. Before a cell runs, the session awaits every
 * lazy module its import statements name; the import statements themselves then read it as they
 * read any other module, in order, so a cell behaves the same whether the module was loaded
 * already or not. A failed load is reported by the import statement that needs it (with its line),
 * and the next run that imports the module tries again.
 */
export class LazyModule {
  private loading: Promise<void> | null = null;
  private value: object | undefined;
  private error: unknown;

  constructor(private readonly loader: () => Promise<object>) {}

  /** Loads the module once; never rejects (a failure is kept for `get` to throw). */
  load(): Promise<void> {
    if (this.value !== undefined) return Promise.resolve();
    this.loading ??= this.loader().then(
      (value) => {
        this.value = value;
        this.error = undefined;
      },
      (error: unknown) => {
        this.error = error;
        this.loading = null;
      },
    );
    return this.loading;
  }

  /** The loaded module; throws (from the cell's import statement) if loading failed or never started. */
  get(specifier: string): object {
    if (this.value !== undefined) return this.value;
    const reason = this.error === undefined ? 'it was not loaded before the cell ran' : ((this.error as { message?: unknown })?.message ?? String(this.error));
    throw new Error(`import: could not load the module ${JSON.stringify(specifier)}: ${String(reason)}`);
  }
}

/** A module entry for `SessionEnv.modules` that `load`s on first import (e.g. `() => import('./plot')`). */
export function lazyModule(load: () => Promise<object>): LazyModule {
  return new LazyModule(load);
}

/** The output of a session's running cell, or null between its runs. */
export type RunningCell = () => ((output: Output) => void) | null;

/** The control values the running cell was given (empty between runs and for prose values). */
export type RunningControls = () => ControlValues;

/** A module each session makes for itself, so what it writes goes to that session's running cell. */
export class SessionModule {
  constructor(readonly create: (running: RunningCell, controls: RunningControls) => object) {}
}

/** A module entry for `SessionEnv.modules` made once per session from its running cell (the notebook helpers). */
export function sessionModule(create: (running: RunningCell, controls: RunningControls) => object): SessionModule {
  return new SessionModule(create);
}

/**
 * `with` gives cells one shared scope object; `with` itself cannot be strict, but the function
 * inside it can, so a cell runs as strict as the module it looks like: assigning an undeclared
 * name throws instead of creating a global, and `this` is undefined.
 */
const PREFIX = 'with (__scope) { return (async function () { "use strict"; ';
/**
 * What a cell's function receives besides its scope: its own console and timers (one set per run,
 * so a cell that replaces `console.log` replaces it for itself, and its timers are its own).
 */
const PARAMS = ['__scope', '__import', 'console', 'setTimeout', 'setInterval', 'clearTimeout', 'clearInterval'] as const;
type CellGlobals = { console: Record<string, unknown>; setTimeout: unknown; setInterval: unknown; clearTimeout: unknown; clearInterval: unknown };
let runCounter = 0;

/**
 * console.log's text: strings as they are, everything else inspected, separated by spaces. A first
 * string with %s %d %i %f %o %O %j %c takes the arguments it names, as in browsers and Node (%c's
 * CSS has nowhere to go and is dropped).
 */
function logText(args: unknown[]): string {
  const rest = [...args];
  let head = '';
  if (typeof rest[0] === 'string' && rest.length > 1 && /%[sdifoOjc%]/.test(rest[0])) {
    head = (rest.shift() as string).replace(/%([sdifoOjc%])/g, (match, letter: string) => {
      if (letter === '%') return '%';
      if (rest.length === 0) return match;
      const arg = rest.shift();
      switch (letter) {
        case 's':
          return typeof arg === 'string' ? arg : inspect(arg);
        case 'd':
        case 'i':
          return typeof arg === 'bigint' ? `${arg}n` : String(letter === 'i' ? Math.trunc(Number(arg)) : Number(arg));
        case 'f':
          return String(Number(arg));
        case 'c':
          return '';
        default:
          return inspect(arg);
      }
    });
  }
  const tail = rest.map((a) => (typeof a === 'string' ? a : inspect(a)));
  return (head === '' ? tail : [head, ...tail]).join(' ');
}

function compile(body: string, url: string): (scope: object, load: unknown, ...globals: unknown[]) => Promise<unknown> {
  // The runner exists to run code the reader wrote.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(...PARAMS, `${PREFIX}${body}\n}).call(undefined); }\n//# sourceURL=${url}`) as never;
}

/** How many lines `new Function` puts before the body (two in V8): measured once, since engines differ. */
const HEADER_LINES = (() => {
  try {
    (new Function(...PARAMS, 'throw new Error("probe");\n//# sourceURL=mlp-cell-probe.ts') as () => void)();
  } catch (error) {
    const match = /mlp-cell-probe\.ts:(\d+):\d+/.exec((error as Error).stack ?? '');
    if (match) return Number(match[1]) - 1;
  }
  return 2;
})();

/**
 * A property of a thrown value, or undefined when reading it throws: a cell may throw a Proxy, or an
 * object whose `message` getter throws, and the run must still end with an error that says so.
 */
function read(value: unknown, key: string): unknown {
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** The position in the cell of the first stack frame inside this run's code. */
function runtimePosition(error: unknown, url: string, cell: ReadyCell | null): { line?: number; column?: number } {
  const stack = read(error, 'stack');
  if (typeof stack !== 'string') return {};
  const escaped = url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = new RegExp(`${escaped}:(\\d+):(\\d+)`).exec(stack);
  if (!match) return {};
  const line = Number(match[1]) - HEADER_LINES;
  // The body's first line also holds the function's opening text.
  const column = line === 1 ? Number(match[2]) - PREFIX.length : Number(match[2]);
  if (line < 1 || column < 1) return {};
  return cell ? sourcePosition(cell, line, column) : { line, column };
}

/** The sourceURLs of the cell runs on a stack, innermost first. */
function cellFrames(error: unknown): string[] {
  const stack = read(error, 'stack');
  return typeof stack === 'string' ? [...stack.matchAll(/(mlp-cell-[\w-]*-\d+\.ts):\d+:\d+/g)].map((m) => m[1]!) : [];
}

/** A thrown value as text; never throws. */
function describeThrown(error: unknown): string {
  try {
    return inspect(error);
  } catch {
    return typeof error === 'object' && error !== null
      ? 'a thrown object that could not be read (its properties threw when read: a Proxy, or a getter that throws)'
      : 'a thrown value that could not be shown';
  }
}

function errorOutput(error: unknown, position: { line?: number; column?: number }): Extract<Output, { kind: 'error' }> {
  const message = read(error, 'message');
  const name = read(error, 'name');
  const isError = typeof error === 'object' && error !== null && typeof message === 'string';
  const output: Extract<Output, { kind: 'error' }> = {
    kind: 'error',
    name: isError && typeof name === 'string' ? name : 'Uncaught',
    message: isError ? message : describeThrown(error),
  };
  if (position.line !== undefined) output.line = position.line;
  if (position.column !== undefined) output.column = position.column;
  return output;
}

/** Names in a list, the first few of them. */
function some(names: readonly string[]): string {
  return names.length <= 6 ? names.join(', ') : `${names.slice(0, 6).join(', ')} and ${names.length - 6} more`;
}

/** What the runner says when cells changed built-ins it relies on (see ./builtins-guard). */
function builtinsNotice(report: { restored: string[]; stuck: string[] }, when: 'before' | 'after'): Output {
  const parts: string[] = [];
  if (report.restored.length > 0) {
    parts.push(
      when === 'after'
        ? `This cell changed built-ins that the runner, the engine and Plot rely on (${some(report.restored)}); they were put back after it ran, so later cells see the originals.`
        : `Built-ins were changed since the last run, by a timer or promise of an earlier cell (${some(report.restored)}); they were put back before this cell ran.`,
    );
  }
  if (report.stuck.length > 0) {
    parts.push(`Some could not be put back (${some(report.stuck)}): press Restart kernel before running more cells, or they may fail with misleading errors.`);
  }
  return { kind: 'notice', text: parts.join(' ') };
}

/** One page's shared scope and the cells run in it. */
export class Session {
  private readonly scope: Record<string, unknown> = Object.create(null);
  private readonly modules: Record<string, unknown>;
  private readonly maxOutputs: number;
  private readonly maxChars: number;
  /** Where the running cell's output goes; null between runs (late output from timers is dropped). */
  private active: ((output: Output) => void) | null = null;
  /** The running cell's control values (see `RunOptions.controls`). */
  private controls: ControlValues = {};
  /**
   * The `console` every cell of the page sees. One object for the whole session, so a function
   * declared in one cell and called from a later one prints into the cell that called it.
   */
  private readonly console: Record<string, (...args: never[]) => unknown>;
  private readonly timers = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  /** The page's cells run one after another (see `run`). */
  private queue: Promise<unknown> = Promise.resolve();
  /** The latest runs by sourceURL, so an error their timers throw later can be traced to its cell (see `late`). */
  private readonly runs = new Map<string, { cellId: string; cell: ReadyCell }>();
  private lastCellId: string | null = null;
  private readonly onLate: SessionEnv['onLate'];
  /** Per cell, the timers its latest run started and not yet done (cleared when the cell runs again); `stopped` refuses new ones. */
  private readonly cellTimers = new Map<string, { handles: Set<unknown>; stopped: boolean }>();
  /** Per cell, how many outputs its timers and promises sent since its latest run. */
  private readonly lateCounts = new Map<string, number>();

  /** The TypeScript transform, loaded when a cell's code has no compiled form (the reader edited it, or it came from a share link). */
  private readonly transform: () => Promise<Transform>;

  constructor(env: SessionEnv) {
    let loaded: Promise<Transform> | null = null;
    const load = env.loadTransform ?? (() => import('./transform'));
    this.transform = () => (loaded ??= load());
    this.modules = Object.fromEntries(
      Object.entries(env.modules).map(([specifier, entry]) => [specifier, entry instanceof SessionModule ? entry.create(() => this.active, () => this.controls) : entry]),
    );
    this.maxOutputs = env.limits?.maxOutputs ?? 200;
    this.maxChars = env.limits?.maxChars ?? 100_000;
    this.onLate = env.onLate;
    const log = (level: LogLevel) => (...args: unknown[]) => this.active?.({ kind: 'log', level, text: logText(args) });
    this.console = {
      log: log('log'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      debug: log('debug'),
      trace: log('debug'),
      dir: log('log'),
      table: log('log'),
      assert: (condition: unknown, ...args: unknown[]) => {
        if (!condition) this.active?.({ kind: 'log', level: 'error', text: args.length > 0 ? `Assertion failed: ${logText(args)}` : 'Assertion failed' });
      },
      // Timers and counters belong to the page, like the rest of its scope.
      time: (label = 'default') => void this.timers.set(String(label), performance.now()),
      timeLog: (label = 'default', ...args: unknown[]) => this.timeText(String(label), args, false),
      timeEnd: (label = 'default') => this.timeText(String(label), [], true),
      count: (label = 'default') => {
        const n = (this.counts.get(String(label)) ?? 0) + 1;
        this.counts.set(String(label), n);
        log('log')(`${String(label)}: ${n}`);
      },
      countReset: (label = 'default') => void this.counts.delete(String(label)),
      group: (...args: unknown[]) => args.length > 0 && log('log')(...args),
      groupCollapsed: (...args: unknown[]) => args.length > 0 && log('log')(...args),
      groupEnd: () => undefined,
    };
  }

  /** Stops the timers a cell's earlier run left running. */
  private clearTimersOf(cellId: string): void {
    const owned = this.cellTimers.get(cellId);
    if (!owned) return;
    owned.stopped = true;
    for (const handle of owned.handles) realClearTimeout(handle as never);
    owned.handles.clear();
  }

  /**
   * Output of a cell that came after its run (from its timers or promises): sent to `onLate` for
   * that cell, cut to fit, at most MAX_LATE_OUTPUTS per run; then its timers are stopped, said once.
   */
  private reportLate(cellId: string, output: Output): void {
    const count = (this.lateCounts.get(cellId) ?? 0) + 1;
    this.lateCounts.set(cellId, count);
    if (!this.onLate || count > MAX_LATE_OUTPUTS + 1) return;
    if (count === MAX_LATE_OUTPUTS + 1) {
      this.clearTimersOf(cellId);
      this.onLate(cellId, {
        kind: 'notice',
        text: `This cell's timers and promises sent more than ${MAX_LATE_OUTPUTS} outputs after its run: what they send from now on is not shown, and the timers it set with setTimeout and setInterval were stopped.`,
      });
      return;
    }
    this.onLate(cellId, fitOutput(output).output);
  }

  /**
   * An error thrown outside any run (a worker hears of it from its global error events), reported
   * on the cell it belongs to (see `late`) through `onLate`.
   */
  reportThrown(thrown: unknown, rejection: boolean): void {
    const late = this.late(thrown);
    if (!late) return;
    this.reportLate(late.cellId, rejection ? { ...late.output, message: `unhandled rejection: ${late.output.message}` } : late.output);
  }

  /**
   * The console and timers of one run of a cell. Its timers belong to it: while it runs, what they
   * print is part of its output; after, it is reported on this cell (`reportLate`), never on the
   * cell running then; running the cell again stops them.
   */
  private globalsFor(cellId: string, emit: (output: Output) => void, cell: () => ReadyCell | null, url: string): CellGlobals {
    this.clearTimersOf(cellId);
    this.lateCounts.delete(cellId);
    const timers = { handles: new Set<unknown>(), stopped: false };
    const owned = timers.handles;
    this.cellTimers.set(cellId, timers);
    const lateEmit = (output: Output) => this.reportLate(cellId, output);
    const call = (callback: unknown, args: unknown[]) => {
      const running = this.active === emit;
      const previous = this.active;
      if (!running) this.active = lateEmit;
      try {
        (callback as (...a: unknown[]) => unknown)(...args);
      } catch (error) {
        const output = errorOutput(error, runtimePosition(error, url, cell()));
        if (running) emit(output);
        else lateEmit(output);
      } finally {
        if (!running && this.active === lateEmit) this.active = previous;
      }
    };
    const callable = (name: string, callback: unknown) => {
      if (typeof callback !== 'function') throw new TypeError(`${name}: pass a function (got ${describeThrown(callback)}; code in a string is not run)`);
    };
    return {
      console: { ...this.console },
      setTimeout: (callback: unknown, ms?: number, ...args: unknown[]) => {
        callable('setTimeout', callback);
        if (timers.stopped) return 0;
        const handle = realSetTimeout(() => {
          owned.delete(handle);
          call(callback, args);
        }, ms);
        owned.add(handle);
        return handle;
      },
      setInterval: (callback: unknown, ms?: number, ...args: unknown[]) => {
        callable('setInterval', callback);
        if (timers.stopped) return 0;
        const handle = realSetInterval(() => call(callback, args), ms);
        owned.add(handle);
        return handle;
      },
      clearTimeout: (handle: unknown) => {
        owned.delete(handle);
        realClearTimeout(handle as never);
      },
      clearInterval: (handle: unknown) => {
        owned.delete(handle);
        realClearTimeout(handle as never);
      },
    };
  }

  /** console.timeLog / timeEnd: "label: 12.3 ms", or a warning for a timer never started. */
  private timeText(label: string, args: unknown[], end: boolean): void {
    const started = this.timers.get(label);
    if (started === undefined) {
      this.active?.({ kind: 'log', level: 'warn', text: `Timer "${label}" does not exist` });
      return;
    }
    if (end) this.timers.delete(label);
    const text = `${label}: ${(performance.now() - started).toFixed(1)} ms`;
    this.active?.({ kind: 'log', level: 'log', text: args.length > 0 ? `${text} ${logText(args)}` : text });
  }

  private load = (specifier: string, name?: string): unknown => {
    if (!Object.hasOwn(this.modules, specifier)) {
      throw new Error(`import: no module ${JSON.stringify(specifier)} in a cell; available: ${Object.keys(this.modules).map((m) => JSON.stringify(m)).join(', ')}`);
    }
    const entry = this.modules[specifier];
    const module = (entry instanceof LazyModule ? entry.get(specifier) : entry) as Record<string, unknown>;
    if (name === undefined) return module;
    if (!(name in module)) {
      throw new SyntaxError(
        `import: the module ${JSON.stringify(specifier)} has no export named ${name} (if ${name} is a type, import it with "import type { ${name} }")`,
      );
    }
    return module[name];
  };

  /** Loads the lazy modules among `specifiers` (unknown ones are left for the import statement to report). */
  private async loadImports(specifiers: readonly string[]): Promise<void> {
    const lazy = specifiers.flatMap((s) => {
      const entry = Object.hasOwn(this.modules, s) ? this.modules[s] : undefined;
      return entry instanceof LazyModule ? [entry] : [];
    });
    await Promise.all(lazy.map((m) => m.load()));
  }

  /**
   * An error a cell's timer or promise threw after its run had finished (a worker hears of it from
   * its global error events), as an output of the cell it belongs to: the outermost of this
   * session's cells on its stack (the one whose callback the timer called), placed at that cell's
   * line; the last cell run when the stack names none. Null before any cell ran.
   */
  late(thrown: unknown): { cellId: string; output: Extract<Output, { kind: 'error' }> } | null {
    const url = cellFrames(thrown).filter((u) => this.runs.has(u)).at(-1);
    const run = url === undefined ? undefined : this.runs.get(url);
    const cellId = run?.cellId ?? this.lastCellId;
    if (cellId === null) return null;
    return { cellId, output: errorOutput(thrown, url !== undefined && run ? runtimePosition(thrown, url, run.cell) : {}) };
  }

  private remember(url: string, cellId: string, cell: ReadyCell): void {
    this.runs.set(url, { cellId, cell });
    if (this.runs.size > 200) this.runs.delete(this.runs.keys().next().value!);
  }

  /** Runs `work` after everything queued before it in this session. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs one cell after any cell of this page still running; resolves with everything it produced
   * (an error the cell threw is one of its outputs). Rejects only with a CellTimeoutError, when
   * `options.deadlineMs` passed first.
   */
  run(code: string, options: RunOptions = {}): Promise<RunResult> {
    return this.enqueue(() => this.runNow(code, options));
  }

  /**
   * The value of an expression in the page's scope after the cells run so far: the build prints
   * the numbers prose quotes with it (see ./values). Queued like a cell; what it prints is dropped.
   */
  evaluate(expression: string, options: Pick<RunOptions, 'deadlineMs'> = {}): Promise<{ ok: true; value: unknown } | { ok: false; error: Extract<Output, { kind: 'error' }> }> {
    return this.enqueue(async () => {
      const outcome = await this.execute(expression, null, () => undefined, options.deadlineMs);
      return 'error' in outcome ? { ok: false as const, error: outcome.error } : { ok: true as const, value: outcome.value };
    });
  }

  /**
   * Makes `emit` the running cell's output until the returned function is called (once: when the
   * cell settles, or at its deadline, whichever comes first).
   */
  private begin(emit: (output: Output) => void): () => void {
    this.active = emit;
    // V8 keeps 10 stack frames by default; an error thrown deep inside the engine or Plot would
    // lose the cell's own frame, and with it the line to report.
    const errorClass = Error as { stackTraceLimit?: number };
    const stackTraceLimit = errorClass.stackTraceLimit;
    if (typeof stackTraceLimit === 'number') errorClass.stackTraceLimit = Math.max(stackTraceLimit, 200);
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (this.active === emit) this.active = null;
      if (typeof stackTraceLimit === 'number') errorClass.stackTraceLimit = stackTraceLimit;
    };
  }

  /**
   * Transforms and runs one cell's code (`cellId` null: a prose value's expression) with `emit` as
   * the running cell's output; the cell's last value, or its error as an output (with the line and
   * column in the reader's code). Rejects with a CellTimeoutError if `deadlineMs` passes first.
   */
  private execute(
    code: string,
    cellId: string | null,
    emit: (output: Output) => void,
    deadlineMs?: number,
    compiled?: CompiledCell,
  ): Promise<{ value: unknown } | { error: Extract<Output, { kind: 'error' }> }> {
    const url = cellId === null ? `mlp-value-${++runCounter}.ts` : `mlp-cell-${cellId.replace(/[^\w-]/g, '_')}-${++runCounter}.ts`;
    const changedBefore = restoreBuiltins();
    const end = this.begin(emit);
    if (changedBefore.restored.length > 0 || changedBefore.stuck.length > 0) emit(builtinsNotice(changedBefore, 'before'));
    let cell: ReadyCell | null = null;
    const globals = this.globalsFor(cellId ?? '(prose value)', emit, () => cell, url);
    const work = (async () => {
      try {
        cell = compiledFrom(compiled, code) ? compiled : (await this.transform()).transformCell(code);
        if (cellId !== null) this.remember(url, cellId, cell);
        await this.loadImports(cell.imports);
        const { console, setTimeout, setInterval, clearTimeout, clearInterval } = globals;
        return { value: await compile(cell.body, url)(this.scope, this.load, console, setTimeout, setInterval, clearTimeout, clearInterval) };
      } catch (error) {
        let syntax = false;
        try {
          syntax = error instanceof CellSyntaxError;
        } catch {
          /* a thrown Proxy whose getPrototypeOf trap throws: not a syntax error of the runner's */
        }
        const position = syntax ? { line: (error as CellSyntaxError).line, column: (error as CellSyntaxError).column } : runtimePosition(error, url, cell);
        return { error: errorOutput(error, position) };
      } finally {
        // Before the outcome is handed on: a cell that made every object thenable, or replaced
        // Promise.prototype.then, must not decide how the runner's own promises resolve.
        const changed = restoreBuiltins();
        if (changed.restored.length > 0 || changed.stuck.length > 0) emit(builtinsNotice(changed, 'after'));
        end();
      }
    })();
    if (deadlineMs === undefined) return work;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        end();
        reject(new CellTimeoutError(deadlineMs));
      }, deadlineMs);
      void work.then((outcome) => {
        clearTimeout(timer);
        resolve(outcome);
      });
    });
  }

  private async runNow(code: string, options: RunOptions): Promise<RunResult> {
    const outputs: Output[] = [];
    let chars = 0;
    let capped = false;
    const sizeOf = (o: Output) => (o.kind === 'log' || o.kind === 'value' ? o.text.length : o.kind === 'svg' ? o.svg.length / 10 : 1);
    let cutSaid = false;
    /** `always`: the run's own error, shown even past the cap (an error a timer throws while the cell runs counts like any output). */
    const emit = (raw: Output, always = false) => {
      const { output, cut } = fitOutput(raw);
      if (cut && !cutSaid) {
        cutSaid = true;
        const notice: Output = { kind: 'notice', text: 'Some of what this cell sent was longer than the page shows (an error message, a label, an id); it was cut, as marked.' };
        outputs.push(notice);
        options.onOutput?.(notice);
      }
      const replacing = 'id' in output && output.id !== undefined ? outputs.findIndex((o) => 'id' in o && o.id === output.id) : -1;
      const growth = sizeOf(output) - (replacing >= 0 ? sizeOf(outputs[replacing]!) : 0);
      // The run's error always shows. A replacement (a live plot, a progress bar) may keep updating
      // after the cap, as long as it does not grow past it; new outputs stop at the cap.
      const fits = always || ((replacing >= 0 || (!capped && outputs.length < this.maxOutputs)) && chars + growth <= this.maxChars);
      if (!fits) {
        if (capped) return;
        capped = true;
        const notice: Output = {
          kind: 'notice',
          text: `Output stopped here: a cell may show at most ${this.maxOutputs} outputs and ${this.maxChars.toLocaleString('en-US')} characters. The code kept running.`,
        };
        outputs.push(notice);
        options.onOutput?.(notice);
        return;
      }
      if (!always) chars += growth;
      if (replacing >= 0) outputs[replacing] = output;
      else outputs.push(output);
      options.onOutput?.(output);
    };

    const cellId = options.cellId ?? 'anonymous';
    this.lastCellId = cellId;
    this.controls = options.controls ?? {};
    let outcome: Awaited<ReturnType<Session['execute']>>;
    try {
      outcome = await this.execute(code, cellId, emit, options.deadlineMs, options.compiled);
    } finally {
      this.controls = {};
    }
    let status: RunResult['status'] = 'ok';
    if ('error' in outcome) {
      status = 'error';
      emit(outcome.error, true);
    } else if (outcome.value !== undefined) {
      try {
        emit(valueOutput(outcome.value));
      } catch (error) {
        status = 'error';
        emit(errorOutput(error, {}), true);
      }
    }
    return { status, outputs };
  }
}
