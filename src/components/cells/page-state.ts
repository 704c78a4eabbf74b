/**
 * What the page knows about each cell before the editor or the kernel exist: its markup, its
 * original code from the page's JSON, and the reader's current version of the code.
 */
import type { ControlValue } from '~/cells/controls';
import type { CellData, RunResult } from '~/cells/types';

export interface CellState {
  data: CellData;
  figure: HTMLElement;
  /** The code as the reader has it now (the original unless edited). */
  code: string;
  /** Where messages about this cell go (edited, from a link, stale, stopped). */
  status: HTMLElement;
  buttons: { run: HTMLButtonElement; stop: HTMLButtonElement; reset: HTMLButtonElement; share: HTMLButtonElement };
  /** Replaces the shown code (before the editor exists: the <pre>; after: the editor). */
  setCode?: (code: string) => void;
  /**
   * The code shown came from a share link: the reader's own saved version (if any) is neither
   * overwritten by edits nor deleted by Reset until they choose (see `protectSaved` in ./client).
   */
  shared?: boolean;
  /** The last save of this cell's edit failed (storage full or off); the status says so until one succeeds. */
  unsaved?: boolean;
  /** The values the reader set on the cell's controls, by label; a control at its default has no entry (./controls). */
  controls?: Record<string, ControlValue>;
}

export interface PageState {
  /** Key for this page's stored edits. */
  page: string;
  cells: CellState[];
  bar: { runAll: HTMLButtonElement; restart: HTMLButtonElement; resetPage: HTMLButtonElement; status: HTMLElement };
  /** Told about every finished run (the exercise progress listens here). */
  onResult?: (cell: CellState, result: RunResult) => void;
}

export function say(element: HTMLElement, text: string, tone: 'info' | 'warn' = 'info'): void {
  element.textContent = text;
  element.dataset.tone = tone;
  element.hidden = text === '';
  delete element.dataset.asking;
}

/** `say`, followed by buttons that let the reader choose (each runs its action). */
export function ask(element: HTMLElement, text: string, choices: [label: string, action: () => void][], tone: 'info' | 'warn' = 'warn'): void {
  say(element, text, tone);
  for (const [label, action] of choices) {
    const choice = document.createElement('button');
    choice.type = 'button';
    choice.className = 'mlp-button mlp-choice';
    choice.textContent = label;
    choice.addEventListener('click', action);
    element.append(' ', choice);
  }
}
