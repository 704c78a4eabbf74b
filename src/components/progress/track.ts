/**
 * Records the reader's runs of an exercise cell: all of its checks passed is "solved", a failed
 * check on code the reader changed is "tried" (running the untouched placeholder, as "Run all" does,
 * is not an attempt). Only the verdicts count, never the code's text.
 */
import type { Output } from '~/cells/types';
import { loadRecord, saveRecord } from './store';
import { currentChapter } from './page';

export type RunTracker = (run: { cellId: string; code: string; originalCode: string; outputs: readonly Output[] }) => void;

/** A tracker for this page's exercise cells, or null on a page without exercises. */
export function trackerForPage(): RunTracker | null {
  const chapter = currentChapter();
  if (!chapter) return null;
  return ({ cellId, code, originalCode, outputs }) => {
    const exercise = chapter.exercises.find((e) => e.cellId === cellId);
    if (!exercise) return;
    const verdicts = outputs.filter((o) => o.kind === 'check');
    if (verdicts.length === 0) return; // the check was deleted or never reached: nothing to record
    const passed = verdicts.every((v) => v.passed) && !outputs.some((o) => o.kind === 'error');
    const record = loadRecord();
    record.recordRun({ chapter: chapter.chapter, exercise, passed, edited: code !== originalCode, code, now: new Date() });
    saveRecord(record);
  };
}
