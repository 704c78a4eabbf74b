/**
 * `import { display, progress, sleep } from "mlp/notebook"`: what a cell can do besides returning a
 * value. Output goes to the cell that is running in the cell's own session (a page's cells run one
 * at a time), so a training loop can draw its progress bar and a live plot while it runs.
 */
import { valueOutput } from './inspect';
import type { RunningCell } from './runner';
import type { Output } from './types';

/**
 * The helpers as one session's cells import them (the runner makes them once per session, see
 * `sessionModule` in ./modules): they write into that session's running cell, so pages built or
 * tested side by side in one process never write into each other's outputs.
 */
export function notebookFor(running: RunningCell) {
  const emit = (output: Output) => {
    const cell = running();
    if (!cell) throw new Error('display/progress: can only be used while a cell runs');
    cell(output);
  };
  return {
    /**
     * Shows a value (a Matrix as a table, a Plot figure, anything else as text). With an `id`, a later
     * display with the same id replaces this output instead of adding one: a live-updating figure.
     */
    display(value: unknown, options: { id?: string } = {}): void {
      emit(valueOutput(value, options.id));
    },

    /** A progress bar at `fraction` (0…1), replaced in place by later calls with the same id. */
    progress(fraction: number, label = '', id = 'progress'): void {
      if (typeof fraction !== 'number' || Number.isNaN(fraction)) throw new Error(`progress: fraction must be a number in [0, 1], got ${String(fraction)}`);
      emit({ kind: 'progress', fraction: Math.min(1, Math.max(0, fraction)), label: String(label), id });
    },

    /** Waits `ms` milliseconds (lets the page draw between steps of a demonstration). */
    sleep(ms: number): Promise<void> {
      return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
    },
  };
}

/**
 * The helpers of no session: what the type checker reads as the module cells import (a running
 * cell always has its session's own, from `notebookFor`), and outside a cell they refuse.
 */
export const { display, progress, sleep } = notebookFor(() => null);
