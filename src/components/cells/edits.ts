/**
 * The reader's edits as the page keeps them: saved on every change (and said so when the browser
 * refuses, the edit staying in the page), never overwritten or deleted by code that came from a
 * share link until the reader chooses, and noticed when another tab of the page changes them.
 */
import { clearEdit, loadEdit, saveEdit, cellOfKey } from './persistence';
import { ask, say, type CellState, type PageState } from './page-state';
import { controlsMoved } from './controls';

const UNSAVED =
  'Your latest edit could not be saved in this browser (its storage is full or turned off). It stays in this page while it is open; ' +
  'a reload would show your last saved version, or the original. Copy the code somewhere to keep it.';
const SHARED =
  'This is the code from the shared link. Your own version of this cell stays saved in this browser: edits here are not saved over it until you choose.';

function backToMine(state: PageState, cell: CellState): void {
  const saved = loadEdit(state.page, cell.data.id);
  cell.shared = false;
  if (!saved) return;
  cell.code = saved.code;
  cell.setCode?.(saved.code);
  cell.buttons.reset.hidden = false;
  say(cell.status, 'Your edited version (saved in this browser) is back. Reset restores the original.');
}

/** While shared code is shown over the reader's saved version: say so, and let them choose. */
function offerChoice(state: PageState, cell: CellState, text = SHARED): void {
  if (cell.status.dataset.asking === text) return; // asked already: typing on does not rebuild the buttons
  ask(cell.status, text, [
    [
      'Keep this as my version',
      () => {
        cell.shared = false;
        keepEdit(state, cell, cell.code);
        if (!cell.unsaved) say(cell.status, 'Saved as your version of this cell.');
      },
    ],
    ['Back to my version', () => backToMine(state, cell)],
  ]);
  cell.status.dataset.asking = text;
}

/** The reader changed a cell's code to `code`: shown as theirs, saved (or said why not). */
export function keepEdit(state: PageState, cell: CellState, code: string): void {
  cell.code = code;
  const original = code === cell.data.code;
  if (cell.shared && loadEdit(state.page, cell.data.id)) {
    cell.buttons.reset.hidden = false;
    offerChoice(state, cell);
    return;
  }
  cell.shared = false;
  let saved = true;
  if (original) clearEdit(state.page, cell.data.id);
  else saved = saveEdit(state.page, cell.data.id, { originalHash: cell.data.hash, code });
  cell.buttons.reset.hidden = original && !controlsMoved(cell);
  if (!saved) {
    cell.unsaved = true;
    say(cell.status, UNSAVED, 'warn');
  } else if (cell.unsaved) {
    cell.unsaved = false;
    say(cell.status, 'Saved in this browser again.');
  }
}

/** Reset: the chapter's code back; the saved edit forgotten, unless shared code was shown over it (then it is kept, and said so). */
export function resetCell(state: PageState, cell: CellState): void {
  const protectedEdit = cell.shared && loadEdit(state.page, cell.data.id) !== null;
  cell.code = cell.data.code;
  cell.setCode?.(cell.data.code);
  if (protectedEdit) {
    cell.buttons.reset.hidden = false;
    offerChoice(state, cell, "The chapter's original code is shown. Your own version of this cell stays saved in this browser until you choose.");
    return;
  }
  clearEdit(state.page, cell.data.id);
  cell.buttons.reset.hidden = true;
  cell.unsaved = false;
  say(cell.status, '');
}

/**
 * Another tab of this page saved or reset a cell: this tab keeps showing its own version, says so,
 * and offers the other one (the next edit here would otherwise replace it without a word).
 */
export function watchOtherTabs(state: PageState): void {
  window.addEventListener('storage', (event) => {
    const cellId = cellOfKey(state.page, event.key);
    const cell = cellId === null ? undefined : state.cells.find((c) => c.data.id === cellId);
    if (!cell) return;
    const theirs = loadEdit(state.page, cell.data.id)?.code ?? cell.data.code;
    if (theirs === cell.code) return;
    ask(
      cell.status,
      event.newValue === null
        ? 'This cell was reset in another tab of this page. This tab still shows its own version; your next edit here saves it again.'
        : 'This cell was edited in another tab of this page. This tab still shows its own version; your next edit here replaces the other tab\'s.',
      [
        [
          "Show the other tab's version",
          () => {
            cell.code = theirs;
            cell.setCode?.(theirs);
            cell.buttons.reset.hidden = theirs === cell.data.code;
            say(cell.status, "The other tab's version is shown.");
          },
        ],
      ],
    );
  });
}
