/**
 * The progress record in localStorage (under persistence's PROGRESS_KEY, the one owner of the
 * site's storage keys). Every change is announced to the page as a `mlp-progress` event, and other
 * tabs see it through the browser's `storage` event, so counts shown anywhere stay current.
 */
import { PROGRESS_KEY, storage } from '../cells/persistence';
import { parseRecord, ProgressRecord } from './record';

export const PROGRESS_EVENT = 'mlp-progress';

/** The stored record; an unreadable one is reported once on the console and treated as empty. */
export function loadRecord(): ProgressRecord {
  const raw = storage()?.getItem(PROGRESS_KEY);
  if (!raw) return new ProgressRecord();
  const parsed = parseRecord(raw, 'the stored progress');
  if (parsed.ok) return parsed.record;
  console.warn(`${parsed.problem}; starting from an empty record`);
  return new ProgressRecord();
}

/** Saves the record; false when the browser keeps no storage (then progress lasts as long as the page). */
export function saveRecord(record: ProgressRecord): boolean {
  let saved = false;
  try {
    const s = storage();
    if (s) {
      s.setItem(PROGRESS_KEY, JSON.stringify(record.toFile()));
      saved = true;
    }
  } catch {
    /* quota exceeded or storage disabled */
  }
  dispatchEvent(new CustomEvent(PROGRESS_EVENT));
  return saved;
}

export function clearRecord(): void {
  storage()?.removeItem(PROGRESS_KEY);
  dispatchEvent(new CustomEvent(PROGRESS_EVENT));
}

/** Calls `update` now and whenever the record changes, in this tab or another. */
export function onRecordChange(update: () => void): void {
  update();
  addEventListener(PROGRESS_EVENT, update);
  window.addEventListener('storage', (event) => {
    if (event.key === null || event.key === PROGRESS_KEY) update();
  });
}
