/**
 * Loaded on every chapter page: adds the toolbars, restores the reader's saved edits, and picks
 * up a shared link. The kernel (./notebook.ts) loads when the reader first uses a cell's buttons,
 * and the editor when they first reach for a cell's code, so reading a chapter costs neither and
 * running its cells as written costs no editor.
 */
import { clearEdit, clearPage, loadEdit, takeInterruptedRun } from './persistence';
import type { CellData } from '~/cells/types';
import { say, type CellState, type PageState } from './page-state';
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
 * Shows `code` in a cell's static <pre> as the build writes it (one `<span class="line">` per line,
 * newlines between them), unhighlighted: the lines keep their numbers and wrapping (cells.css), and
 * the element's text is still exactly the code.
 */
function showStaticCode(figure: HTMLElement, code: string): void {
  const target = figure.querySelector('pre.mlp-cell-code code');
  if (!target) return;
  const lines = code.split('\n').map((text) => Object.assign(document.createElement('span'), { className: 'line', textContent: text }));
  target.replaceChildren(...lines.flatMap((line, i) => (i === 0 ? [line] : ['\n', line])));
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
      clearEdit(page, data.id);
      cell.code = data.code;
      cell.setCode?.(data.code);
      buttons.reset.hidden = true;
      say(cell.status, '');
      void notebook?.then((nb) => nb.edited(state, cell));
    });
    // The editor loads when the reader reaches for the code.
    const code = figure.querySelector('pre.mlp-cell-code');
    const wake = () => void load(state).then((nb) => nb.attachEditors(state));
    code?.addEventListener('focus', wake, { once: true });
    code?.addEventListener('pointerdown', wake, { once: true });
  }
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

  if (/(^#|&)code=/.test(location.hash)) {
    void import('./share').then(({ decodeShare }) => {
      const shared = decodeShare(location.hash);
      const cell = shared && cells.find((c) => c.data.id === shared.cellId);
      if (!shared || !cell) return;
      cell.figure.closest('details')?.setAttribute('open', '');
      if (shared.ok) {
        cell.code = shared.code;
        cell.setCode?.(shared.code);
        cell.buttons.reset.hidden = false;
        say(cell.status, 'This code came from a shared link and has not been run. Read it, then press Run if you trust it.', 'warn');
      } else {
        say(cell.status, `The shared link could not be used: ${shared.reason}. The chapter's original code is shown.`, 'warn');
      }
      cell.figure.scrollIntoView({ block: 'center' });
    });
  }
}

init();
