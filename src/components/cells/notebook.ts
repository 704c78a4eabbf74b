/**
 * The interactive half of a chapter page, loaded on first interaction: a kernel worker, running
 * cells in order, the reactive re-runs a control sets off, Stop, Restart, stale marks, the
 * "page output / your output" switch, share links, and editors in place of the static code. The editor (CodeMirror, the larger half of this) loads
 * only when the reader reaches for the code: running a chapter's cells as written does not need it.
 */
import { outputsToTree, toDom } from '~/cells/render';
import type { Output, RunResult } from '~/cells/types';
import { ancestors, dependents, type CellNames } from '~/cells/graph';
import { hashCode } from '~/cells/hash';
import { ANSWER_MS, KernelClient, KernelStopped, rejectedNotice, type WorkerLike } from './kernel-client';
import { clearRunning, noteRunning } from './persistence';
import { keepEdit } from './edits';
import { say, type CellState, type PageState } from './page-state';
import { updatePanel } from './control-panel';

let kernel: KernelClient | null = null;
let busy = false;
const MAX_NODES = 400;
/** Most outputs kept per cell from its timers and promises after its run (the kernel stops its timers sooner). */
const MAX_LATE = 200;
/** Per cell, what its timers and promises threw after its last run (shown after its outputs until it runs again). */
const lateOutputs = new WeakMap<CellState, Output[]>();
/** Per cell, the outputs it shows now, so a late error can be added to them. */
const shownOutputs = new WeakMap<CellState, readonly Output[]>();

function base(): string {
  return import.meta.env.BASE_URL ?? '/';
}

function kernelFor(state: PageState): KernelClient {
  kernel ??= new KernelClient(
    () => new Worker(new URL('./kernel.worker.ts', import.meta.url), { type: 'module' }) as unknown as WorkerLike,
    base(),
    {
      onCrash: (error) => {
        say(state.bar.status, error.message, 'warn');
        for (const cell of state.cells) markRun(cell, false);
      },
      onLate: (cellId, output) => {
        const cell = state.cells.find((c) => c.data.id === cellId);
        if (!cell) {
          say(state.bar.status, `A timer or promise of a cell threw after its run: ${output.kind === 'error' ? `${output.name}: ${output.message}` : output.kind}`, 'warn');
          return;
        }
        // While a cell runs, its timers print into the run itself: what comes as late is from its
        // earlier run, posted before this one began.
        if (cell.figure.hasAttribute('data-running')) return;
        const late = lateOutputs.get(cell) ?? [];
        if (late.length >= MAX_LATE) return;
        if (late.length === 0) late.push({ kind: 'notice', text: 'After this cell had finished, its timers or promises sent:' });
        late.push(output);
        lateOutputs.set(cell, late);
        render(cell, shownOutputs.get(cell) ?? []);
      },
      onRejected: (count) => say(state.bar.status, rejectedNotice(count).text, 'warn'),
      onUnresponsive: ({ cellId, started }) => {
        const cell = cellId === null ? undefined : state.cells.find((c) => c.data.id === cellId);
        if (cell && started) {
          say(state.bar.status, `No word from the kernel for ${ANSWER_MS / 1000} s while cell ${cell.data.index + 1} runs.`, 'warn');
          say(cell.status, SILENT_RUN, 'warn');
          return;
        }
        say(state.bar.status, SILENT_KERNEL, 'warn');
        if (cell) say(cell.status, `This cell has not started: ${SILENT_KERNEL.replace(/^The kernel/, 'the kernel')}`, 'warn');
      },
      onAnswering: () => {
        const running = state.cells.find((c) => c.figure.hasAttribute('data-running'));
        say(state.bar.status, running ? `Running cell ${running.data.index + 1}…` : 'Kernel ready.');
        for (const cell of state.cells) if (cell.status.textContent === SILENT_RUN || cell.status.textContent?.startsWith('This cell has not started')) say(cell.status, '');
      },
    },
  );
  return kernel;
}

const SILENT_KERNEL =
  'The kernel is not answering: a cell may have closed it (self.close()) or left code running that never yields (an endless promise chain). ' +
  'Press Restart kernel (or Stop) to start a fresh one; what the cells defined is lost.';
const SILENT_RUN = `No word from the kernel for ${ANSWER_MS / 1000} s: this cell may still be computing, or it closed the kernel. Stop ends the run either way (the kernel's state is lost).`;

/** The reader's output area of a cell and the switch between it and the page's baked output. */
function readerOutput(cell: CellState): HTMLElement {
  let out = cell.figure.querySelector<HTMLElement>('.mlp-cell-output[data-origin="reader"]');
  if (out) return out;
  const page = cell.figure.querySelector<HTMLElement>('.mlp-cell-output[data-origin="page"]')!;
  out = document.createElement('div');
  out.className = 'mlp-cell-output';
  out.dataset.origin = 'reader';
  out.setAttribute('aria-live', 'polite');
  page.after(out);
  cell.figure.querySelector('.mlp-shared-note')?.remove();
  const toggle = document.createElement('div');
  toggle.className = 'mlp-output-toggle';
  toggle.setAttribute('role', 'group');
  toggle.setAttribute('aria-label', 'Which output to show');
  const mine = document.createElement('button');
  const theirs = document.createElement('button');
  mine.type = theirs.type = 'button';
  mine.className = theirs.className = 'mlp-button';
  mine.textContent = 'Your output';
  theirs.textContent = "The page's output";
  const show = (reader: boolean) => {
    out!.hidden = !reader;
    page.hidden = reader;
    mine.setAttribute('aria-pressed', String(reader));
    theirs.setAttribute('aria-pressed', String(!reader));
  };
  mine.addEventListener('click', () => show(true));
  theirs.addEventListener('click', () => show(false));
  toggle.append(mine, theirs);
  page.before(toggle);
  show(true);
  return out;
}

function render(cell: CellState, outputs: readonly Output[], extra?: string): void {
  shownOutputs.set(cell, outputs);
  const out = readerOutput(cell);
  const all = [...outputs, ...(lateOutputs.get(cell) ?? [])];
  // Only what is shown is built: a frame of a long run does not make nodes it throws away.
  out.replaceChildren(...toDom(outputsToTree(all.slice(0, MAX_NODES), { base: base() }), document));
  if (all.length > MAX_NODES) out.append(Object.assign(document.createElement('p'), { className: 'mlp-out mlp-out-notice', textContent: `${all.length - MAX_NODES} more outputs not shown.` }));
  if (extra) out.append(Object.assign(document.createElement('p'), { className: 'mlp-out mlp-out-notice', textContent: extra }));
}

function markRun(cell: CellState, ran: boolean): void {
  cell.figure.dataset.ran = String(ran);
}

function setBusy(state: PageState, running: CellState | null): void {
  busy = running !== null;
  for (const cell of state.cells) {
    cell.buttons.stop.hidden = cell !== running;
    cell.figure.toggleAttribute('data-running', cell === running);
  }
  if (kernel?.unresponsive) return; // the notice that it is not answering stays until it does
  if (running) say(state.bar.status, `Running cell ${running.data.index + 1}…`);
  else if (kernel?.started) say(state.bar.status, 'Kernel ready.');
  else say(state.bar.status, 'The kernel was shut down; the next run starts a fresh one (cells above run again first).', 'warn');
}

async function execute(state: PageState, cell: CellState): Promise<RunResult | null> {
  const outputs: Output[] = [];
  let frame = 0;
  setBusy(state, cell);
  lateOutputs.delete(cell);
  delete cell.figure.dataset.stale;
  noteRunning(state.page, cell.data.id);
  try {
    const compiled = cell.code === cell.data.code ? cell.data.compiled : undefined;
    const result = await kernelFor(state).run(cell.data.id, cell.code, hashCode(cell.code), (output) => {
      const id = 'id' in output ? output.id : undefined;
      const at = id === undefined ? -1 : outputs.findIndex((o) => 'id' in o && o.id === id);
      if (at >= 0) outputs[at] = output;
      else outputs.push(output);
      frame ||= requestAnimationFrame(() => {
        frame = 0;
        render(cell, outputs);
        updatePanel(cell, outputs);
      });
    }, compiled, cell.controls);
    cancelAnimationFrame(frame);
    updatePanel(cell, result.outputs, result.status);
    const expected = cell.data.flags.throws && cell.code === cell.data.code;
    render(cell, expected ? result.outputs.map((o) => (o.kind === 'error' ? { ...o, expected: true } : o)) : result.outputs);
    markRun(cell, true);
    state.onResult?.(cell, result);
    return result;
  } catch (error) {
    cancelAnimationFrame(frame);
    if (!(error instanceof KernelStopped)) throw error;
    render(cell, outputs, error.message);
    for (const c of state.cells) markRun(c, false);
    say(cell.status, error.message, 'warn');
    return null;
  } finally {
    clearRunning(state.page);
    setBusy(state, null);
  }
}

/** What the page is doing with its kernel now (a Run, or a reactive chain's step): one thing at a time. */
let work: Promise<unknown> | null = null;

function exclusive<T>(job: () => Promise<T>): Promise<T> {
  const running = job();
  work = running;
  void running.finally(() => {
    if (work === running) work = null;
  }).catch(() => undefined);
  return running;
}

/**
 * Runs `earlier` (cells above `cell` that have not run in this kernel, or ran other code), then
 * the cell; false when the cell did not run or failed.
 */
async function runAfter(state: PageState, cell: CellState, earlier: readonly CellState[]): Promise<boolean> {
  const k = kernelFor(state);
  for (const above of earlier) {
    if (above.data.flags.solution) continue; // a solution only runs when asked for
    if (k.ran.get(above.data.id) === hashCode(above.code)) continue;
    const result = await execute(state, above);
    if (!result) return false;
    if (result.status === 'error' && !above.data.flags.throws) {
      say(cell.status, `Cell ${above.data.index + 1} above failed, so this cell did not run. Fix it and run again.`, 'warn');
      return false;
    }
  }
  say(cell.status, '');
  const result = await execute(state, cell);
  return result !== null && (result.status === 'ok' || cell.data.flags.throws);
}

/** Runs the cells above that have not run in this kernel (or ran other code), then the cell. */
export async function runCell(state: PageState, cell: CellState): Promise<void> {
  if (busy || work) return;
  await exclusive(() => runAfter(state, cell, state.cells.slice(0, state.cells.indexOf(cell))));
}

/** Whether the cell's current code has run in the current kernel. */
export function hasRun(cell: CellState): boolean {
  return kernel?.ran.get(cell.data.id) === hashCode(cell.code);
}

/** Cells whose controls the reader moved and that have not run with the latest values yet. */
const moved = new Set<CellState>();
let reacting = false;

/** Whether a cell re-runs when a cell it depends on does: not a solution (it runs when asked), not a slow cell that never ran. */
function reruns(state: PageState, cell: CellState): boolean {
  if (cell.data.flags.solution) return false;
  return !cell.data.flags.browserOnly || kernel?.ran.has(cell.data.id) === true;
}

/**
 * A control of `cell` changed: the cell runs with the new values, then the cells that depend on
 * what it defines, in page order (the cells it depends on first, if they have not run). Nothing
 * queues up while a run is in flight: a cell moved again before it ran runs once, with its latest
 * values, and the chain goes on from the earliest cell that needs a run. A failed cell ends the
 * chain and marks what would have followed as stale; Stop ends it too.
 */
export function controlChanged(state: PageState, cell: CellState): void {
  moved.add(cell);
  if (!reacting) void react(state);
}

async function react(state: PageState): Promise<void> {
  reacting = true;
  const started = performance.now();
  const due = new Set<number>();
  try {
    while (moved.size > 0 || due.size > 0) {
      // A Run the reader pressed (or a step of this chain) finishes first; changes made meanwhile gather in `moved`.
      while (work) await work.catch(() => undefined);
      const names = cellNames(state);
      for (const cell of moved) {
        const i = state.cells.indexOf(cell);
        due.add(i);
        for (const d of dependents(names, i)) if (reruns(state, state.cells[d]!)) due.add(d);
      }
      moved.clear();
      if (due.size === 0) break;
      const next = Math.min(...due);
      due.delete(next);
      const cell = state.cells[next]!;
      const above = ancestors(names, next).map((i) => state.cells[i]!);
      const ok = await exclusive(() => runAfter(state, cell, above));
      if (!ok) {
        if (!kernel?.started) break;
        for (const i of due) if (kernel.ran.has(state.cells[i]!.data.id)) state.cells[i]!.figure.dataset.stale = 'true';
        due.clear();
      }
    }
  } finally {
    reacting = false;
    moved.clear();
    // For the benchmark and the tests: the page has caught up with the controls.
    document.dispatchEvent(new CustomEvent('mlp:controls-settled', { detail: { ms: performance.now() - started } }));
  }
}

export async function runAll(state: PageState): Promise<void> {
  const last = [...state.cells].reverse().find((c) => !c.data.flags.solution);
  if (last) await runCell(state, last);
}

export function stop(state: PageState): void {
  kernel?.stop();
  say(state.bar.status, 'Stopped: the kernel was shut down and will start fresh on the next run.', 'warn');
}

export function restart(state: PageState): void {
  kernel?.restart();
  for (const cell of state.cells) {
    markRun(cell, false);
    delete cell.figure.dataset.stale;
  }
  say(state.bar.status, 'Kernel restarted: nothing is defined until cells run again.');
}

/**
 * The names each cell declares and reads as it last ran (or will run): the build's for the
 * chapter's own code; unknown (null) for code the reader changed, which the graph then treats as
 * touching every cell around it.
 */
function cellNames(state: PageState): CellNames[] {
  return state.cells.map((c) => {
    const ran = kernel?.ran.get(c.data.id);
    const original = ran === undefined ? c.code === c.data.code : ran === c.data.hash;
    const compiled = c.data.compiled;
    return original && compiled ? { declared: compiled.declared, reads: compiled.reads, imported: compiled.imported } : null;
  });
}

/** A cell's code changed: the cells that ran and read what it declared, directly or not, are now stale. */
export function edited(state: PageState, cell: CellState): void {
  const k = kernel;
  if (!k) return;
  for (const i of dependents(cellNames(state), state.cells.indexOf(cell))) {
    const later = state.cells[i]!;
    if (k.ran.has(later.data.id)) later.figure.dataset.stale = 'true';
  }
}

export async function share(state: PageState, cell: CellState): Promise<void> {
  const { encodeShare, MAX_SHARE_CHARS } = await import('./share');
  const fragment = encodeShare(cell.data.id, cell.code, cell.controls);
  if (fragment.length > MAX_SHARE_CHARS) {
    say(cell.status, 'This cell is too long to share as a link.', 'warn');
    return;
  }
  const url = `${location.origin}${location.pathname}#${fragment}`;
  try {
    await navigator.clipboard.writeText(url);
    say(cell.status, `Link copied. Whoever opens it sees your code${cell.controls && Object.keys(cell.controls).length > 0 ? ' and control settings' : ''}, not run until they press Run.`);
  } catch {
    history.replaceState(null, '', `#${fragment}`);
    say(cell.status, 'Could not use the clipboard: the link is now in the address bar.', 'warn');
  }
}

let editors: Promise<void> | null = null;

/** Swaps each cell's static code for an editor wired to persistence and stale marks (once per page). */
export function attachEditors(state: PageState): Promise<void> {
  editors ??= import('./editor').then((editor) => swapInEditors(state, editor));
  return editors;
}

function swapInEditors(state: PageState, { createEditor, setEditorCode }: typeof import('./editor')): void {
  state.cells.forEach((cell, i) => {
    const pre = cell.figure.querySelector<HTMLElement>('pre.mlp-cell-code');
    if (!pre) return;
    const focused = pre.contains(document.activeElement);
    const holder = document.createElement('div');
    // not-content: Starlight's prose rules (margins between siblings) must not reach the editor's lines.
    holder.className = 'mlp-cell-editor not-content';
    pre.replaceWith(holder);
    const view = createEditor(holder, {
      code: cell.code,
      label: `Code of cell ${cell.data.index + 1}${cell.data.flags.readonly ? ' (read-only)' : ''}`,
      readonly: cell.data.flags.readonly,
      onChange: (code) => {
        keepEdit(state, cell, code);
        edited(state, cell);
      },
      onRun: () => void runCell(state, cell),
      onRunAndNext: () => {
        void runCell(state, cell);
        const next = state.cells[i + 1];
        next?.figure.querySelector<HTMLElement>('.cm-content')?.focus();
      },
    });
    cell.setCode = (code) => setEditorCode(view, code);
    // The reader tabbed into the static code: the keyboard stays in the same cell's code.
    if (focused) view.focus();
  });
}
