/**
 * The reader's edits survive reloads: each edited cell is kept in localStorage under the page and
 * the cell id, with the hash of the original it was edited from, so the page can tell when the
 * chapter's own code has changed since. This module owns every storage key the site uses,
 * including the exercise progress's (PROGRESS_KEY).
 */
export interface StoredEdit {
  /** Hash of the chapter's original code when the reader edited it. */
  originalHash: string;
  code: string;
}

const PREFIX = 'mlp-cell:';
/** The reader's exercise progress (src/components/progress): one record for the whole course. */
export const PROGRESS_KEY = 'mlp-progress';

export function storageKey(page: string, cellId: string): string {
  return `${PREFIX}${page}:${cellId}`;
}

export function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null; // storage disabled (privacy settings): edits then live only as long as the page
  }
}

export function loadEdit(page: string, cellId: string): StoredEdit | null {
  const raw = storage()?.getItem(storageKey(page, cellId));
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<StoredEdit>;
    return typeof value.code === 'string' && typeof value.originalHash === 'string' ? (value as StoredEdit) : null;
  } catch {
    return null;
  }
}

/** Whether the edit was saved: false when storage is full or turned off (the page then says so, and the edit stays in it). */
export function saveEdit(page: string, cellId: string, edit: StoredEdit): boolean {
  const s = storage();
  if (!s) return false;
  try {
    s.setItem(storageKey(page, cellId), JSON.stringify(edit));
    return true;
  } catch {
    return false;
  }
}

/** The cell a storage key belongs to on `page`, or null (another page's key, or not an edit). */
export function cellOfKey(page: string, key: string | null): string | null {
  const prefix = `${PREFIX}${page}:`;
  return key?.startsWith(prefix) ? key.slice(prefix.length) : null;
}

export function clearEdit(page: string, cellId: string): void {
  storage()?.removeItem(storageKey(page, cellId));
}

/** Forgets every edit of one page. */
export function clearPage(page: string): void {
  const s = storage();
  if (!s) return;
  const prefix = `${PREFIX}${page}:`;
  for (const key of Object.keys(s)) if (key.startsWith(prefix)) s.removeItem(key);
}

/*
 * A run in progress is noted in sessionStorage (per tab, kept by the browser across a reload of a
 * crashed tab). In Chromium a worker that exhausts its memory takes the whole tab down, which no
 * page code can catch; after the reload the page finds the note and tells the reader which cell
 * was running, instead of leaving them to guess.
 */
const RUNNING = 'mlp-running:';

function tabStorage(): Storage | null {
  try {
    return globalThis.sessionStorage ?? null;
  } catch {
    return null;
  }
}

export function noteRunning(page: string, cellId: string): void {
  try {
    tabStorage()?.setItem(`${RUNNING}${page}`, cellId);
  } catch {
    /* storage full or disabled: the note is a courtesy */
  }
}

export function clearRunning(page: string): void {
  tabStorage()?.removeItem(`${RUNNING}${page}`);
}

/** The cell that was running when this tab last went down on this page, once; then forgotten. */
export function takeInterruptedRun(page: string): string | null {
  const s = tabStorage();
  const cellId = s?.getItem(`${RUNNING}${page}`) ?? null;
  if (cellId !== null) s?.removeItem(`${RUNNING}${page}`);
  return cellId;
}
