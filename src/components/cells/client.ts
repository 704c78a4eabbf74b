/**
 * Loaded on every chapter page: adds the toolbars, restores the reader's saved edits, and picks
 * up a shared link. The kernel (./notebook.ts) loads when the reader first uses a cell's buttons,
 * and the editor when they first reach for a cell's code, so reading a chapter costs neither and
 * running its cells as written costs no editor.
 */
import { clearPage, loadEdit, takeInterruptedRun } from './persistence';
import type { CellData } from '~/cells/types';
import { resetCell, watchOtherTabs } from './edits';
import { say, type CellState, type PageState } from './page-state';
import { applyValues, controlsMoved, listenToControls, resetControls, setValue } from './controls';
import { trackerForPage } from '../progress/track';

type Notebook = typeof import('./notebook');
let notebook: Promise<Notebook> | null = null;

function button(label: string, action: string, title: string): HTMLButtonElement {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `mlp-button mlp-${action}`;
  b.textContent = label;
  b.title = title;
  return b;
}

/**
 * Characters that show nothing or reorder what follows (bidirectional controls, zero-width and
 * other format characters, control codes): code from a link could hide what it does behind them.
 */
const INVISIBLE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u061C\u180E\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/g;

/** One line of code as nodes, each invisible character in a marked box showing its code point (and isolated, so it reorders nothing). */
function lineNodes(text: string): Node[] {
  const nodes: Node[] = [];
  let last = 0;
  for (const match of text.matchAll(INVISIBLE)) {
    if (match.index > last) nodes.push(document.createTextNode(text.slice(last, match.index)));
    const mark = document.createElement('span');
    mark.className = 'mlp-invisible';
    mark.dataset.char = `U+${match[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    mark.title = `An invisible character (${mark.dataset.char}) is here`;
    mark.textContent = match[0];
    nodes.push(mark);
    last = match.index + match[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

/**
 * Shows `code` in a cell's static <pre> as the build writes it (one `<span class="line">` per line,
 * newlines between them), unhighlighted: the lines keep their numbers and wrapping (cells.css),
 * invisible characters are shown as their code points, and the element's text is still exactly the code.
 */
function showStaticCode(figure: HTMLElement, code: string): void {
  const target = figure.querySelector('pre.mlp-cell-code code');
  if (!target) return;
  const lines = code.split('\n').map((text) => {
    const line = document.createElement('span');
    line.className = 'line';
    line.append(...lineNodes(text));
    return line;
  });
  target.replaceChildren(...lines.flatMap((line, i) => (i === 0 ? [line] : ['\n', line])));
}

/** Shared code has not run: the chapter's output must not stand under it as if it were its output. */
function hidePageOutput(figure: HTMLElement): void {
  const page = figure.querySelector<HTMLElement>('.mlp-cell-output[data-origin="page"]');
  if (!page || page.hidden) return;
  page.hidden = true;
  const note = document.createElement('div');
  note.className = 'mlp-cell-output mlp-shared-note';
  const text = document.createElement('p');
  text.className = 'mlp-out mlp-out-notice';
  text.textContent = "The shared code has not run. The chapter's own output is hidden so it is not taken for this code's: press Run to see what this code does.";
  note.append(text);
  page.before(note);
}

function cellStates(page: string): CellState[] {
  const json = document.getElementById('mlp-cells')?.textContent;
  if (!json) return [];
  const data = JSON.parse(json) as CellData[];
  const figures = [...document.querySelectorAll<HTMLElement>('figure.mlp-cell')];
  return figures.flatMap((figure) => {
    const cell = data.find((d) => d.id === figure.dataset.cellId);
    if (!cell) return [];
    const toolbar = document.createElement('div');
    toolbar.className = 'mlp-cell-toolbar';
    toolbar.setAttribute('role', 'toolbar');
    toolbar.setAttribute('aria-label', `Cell ${cell.index + 1}`);
    const buttons = {
      run: button('Run', 'run', 'Run this cell (and any cell above it not yet run). Ctrl/⌘+Enter in the editor.'),
      stop: button('Stop', 'stop', 'Stop the running code; the kernel restarts and its state is lost'),
      reset: button('Reset', 'reset', "Back to the chapter's original code"),
      share: button('Copy link', 'share', 'Copy a link that opens this page with your version of the cell'),
    };
    buttons.stop.hidden = true;
    buttons.reset.hidden = true;
    if (cell.flags.readonly) buttons.share.hidden = true;
    const status = document.createElement('p');
    status.className = 'mlp-cell-status';
    status.setAttribute('role', 'status');
    status.hidden = true;
    toolbar.append(buttons.run, buttons.stop, buttons.reset, buttons.share);
    figure.prepend(toolbar);
    figure.querySelector('.mlp-cell-code')?.after(status);
    const state: CellState = { data: cell, figure, code: cell.code, status, buttons };
    state.setCode = (code) => showStaticCode(figure, code);
    const saved = loadEdit(page, cell.id);
    if (saved && !cell.flags.readonly) {
      state.code = saved.code;
      state.setCode(saved.code);
      buttons.reset.hidden = false;
      say(
        status,
        saved.originalHash === cell.hash
          ? 'Your edited version (saved in this browser). Reset restores the original.'
          : "The chapter's code of this cell has changed since you edited it. Your version is shown; Reset loads the new original.",
        saved.originalHash === cell.hash ? 'info' : 'warn',
      );
    }
    return [state];
  });
}

function pageBar(): PageState['bar'] {
  const bar = document.createElement('div');
  bar.className = 'mlp-page-bar';
  bar.setAttribute('role', 'toolbar');
  bar.setAttribute('aria-label', 'Notebook');
  const runAll = button('Run all', 'run-all', 'Run every cell of this page in order');
  const restart = button('Restart kernel', 'restart', "Forget everything the page's cells defined");
  const resetPage = button('Reset page', 'reset-page', "Restore the chapter's original code in every cell");
  const status = document.createElement('span');
  status.className = 'mlp-page-status';
  status.setAttribute('role', 'status');
  status.textContent = 'Cells are editable: run one to start the kernel.';
  bar.append(runAll, restart, resetPage, status);
  document.querySelector('figure.mlp-cell')?.closest('details, figure')?.before(bar);
  return { runAll, restart, resetPage, status };
}

/** After the tab went down mid-run (see persistence.ts), say which cell was running and why. */
function tellInterruptedRun(state: PageState): void {
  const cellId = takeInterruptedRun(state.page);
  const cell = cellId === null ? undefined : state.cells.find((c) => c.data.id === cellId);
  if (!cell) return;
  cell.figure.closest('details')?.setAttribute('open', '');
  say(
    cell.status,
    'The page stopped while this cell was running, most likely because its code used up the memory the browser allows a page ' +
      '(look for a loop that keeps allocating). Your code is kept and was not run again.',
    'warn',
  );
  say(state.bar.status, `The page was reloaded after cell ${cell.data.index + 1} brought it down; cells run again from the start.`, 'warn');
}

function load(state: PageState): Promise<Notebook> {
  notebook ??= import('./notebook');
  return notebook;
}

function init(): void {
  const page = location.pathname;
  const cells = cellStates(page);
  if (cells.length === 0) return;
  const state: PageState = { page, cells, bar: pageBar() };
  tellInterruptedRun(state);
  const track = trackerForPage();
  if (track) state.onResult = (cell, result) => track({ cellId: cell.data.id, code: cell.code, originalCode: cell.data.code, outputs: result.outputs });

  for (const cell of cells) {
    const { buttons, figure, data } = cell;
    buttons.run.addEventListener('click', () => void load(state).then((nb) => nb.runCell(state, cell)));
    buttons.stop.addEventListener('click', () => void load(state).then((nb) => nb.stop(state)));
    buttons.share.addEventListener('click', () => void load(state).then((nb) => nb.share(state, cell)));
    buttons.reset.addEventListener('click', () => {
      const hadMoved = controlsMoved(cell);
      resetCell(state, cell);
      resetControls(cell);
      void notebook?.then((nb) => {
        nb.edited(state, cell);
        // The figure follows the controls back to their defaults, once the cell has run in this kernel.
        if (hadMoved && nb.hasRun(cell)) nb.controlChanged(state, cell);
      });
    });
    listenToControls(cell, (event) => {
      if ('problem' in event) {
        say(cell.status, `"${event.label}" was not changed: ${event.problem}.`, 'warn');
        return;
      }
      setValue(cell, event.label, event.value);
      buttons.reset.hidden = !controlsMoved(cell) && cell.code === data.code && !cell.shared;
      if (cell.status.dataset.tone === 'warn' && cell.status.textContent?.includes('was not changed')) say(cell.status, '');
      void load(state).then((nb) => {
        // Code from a share link runs only when the reader presses Run: a control is not a way around that.
        if (cell.shared && !nb.hasRun(cell)) {
          say(cell.status, 'This code came from a shared link and has not been run. Read it, then press Run if you trust it; after that, the controls re-run it.', 'warn');
          return;
        }
        nb.controlChanged(state, cell);
      });
    });
    // The editor loads when the reader reaches for the code.
    const code = figure.querySelector('pre.mlp-cell-code');
    const wake = () => void load(state).then((nb) => nb.attachEditors(state));
    code?.addEventListener('focus', wake, { once: true });
    code?.addEventListener('pointerdown', wake, { once: true });
  }
  watchOtherTabs(state);
  state.bar.runAll.addEventListener('click', () => void load(state).then((nb) => nb.runAll(state)));
  state.bar.restart.addEventListener('click', () => void load(state).then((nb) => nb.restart(state)));
  state.bar.resetPage.addEventListener('click', () => {
    clearPage(page);
    for (const cell of cells) {
      cell.code = cell.data.code;
      cell.setCode?.(cell.data.code);
      cell.buttons.reset.hidden = true;
      say(cell.status, '');
    }
    void notebook?.then((nb) => nb.restart(state));
  });

  openSharedLink(state);
  // A share link to this page opened from this page changes only the fragment: no reload, so listen.
  window.addEventListener('hashchange', () => openSharedLink(state));
}

/** Loads the code of a share link in the address (never runs it), or says why it cannot. */
function openSharedLink(state: PageState): void {
  if (/(^#|&)code=/.test(location.hash)) {
    void import('./share').then(({ decodeShare }) => {
      const shared = decodeShare(location.hash);
      if (!shared) return;
      const cell = state.cells.find((c) => c.data.id === shared.cellId);
      if (!cell) {
        const named = shared.cellId === null ? 'no cell' : `the cell "${shared.cellId.slice(0, 80)}"`;
        say(
          state.bar.status,
          `The shared link names ${named}, which this page does not have (its cells are ${state.cells.map((c) => `"${c.data.id}"`).join(', ')}); nothing was loaded. ` +
            'It may be a link to another chapter, or to an older version of this one.' +
            (shared.ok ? '' : ` Its code could not be read either: ${shared.reason}.`),
          'warn',
        );
        state.bar.status.scrollIntoView({ block: 'center' });
        return;
      }
      cell.figure.closest('details')?.setAttribute('open', '');
      if (shared.ok) {
        cell.code = shared.code;
        cell.shared = true;
        showStaticCode(cell.figure, shared.code);
        cell.setCode?.(shared.code);
        cell.buttons.reset.hidden = false;
        hidePageOutput(cell.figure);
        const refused = applyValues(cell, shared.controls);
        const set = Object.keys(cell.controls ?? {}).length;
        const problems = [...(shared.controlsProblem ? [shared.controlsProblem] : []), ...refused];
        say(
          cell.status,
          `This code came from a shared link${set > 0 ? `, with ${set === 1 ? 'one control' : `${set} controls`} set as it had them,` : ''} and has not been run. Read it, then press Run if you trust it.` +
            (problems.length > 0 ? ` Some control values in the link could not be used (${problems.join('; ')}); those controls are at their defaults.` : ''),
          'warn',
        );
      } else {
        say(cell.status, `The shared link could not be used: ${shared.reason}. The chapter's original code is shown.`, 'warn');
      }
      cell.figure.scrollIntoView({ block: 'center' });
    });
  }
}

init();
