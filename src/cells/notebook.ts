/**
 * `import { display, progress, sleep, check, checkGradient } from "mlp/notebook"`: what a cell can
 * do besides returning a value. Output goes to the cell that is running in the cell's own session
 * (a page's cells run one at a time), so a training loop can draw its progress bar and a live plot
 * while it runs, and an exercise can show its verdict on the reader's answer (./checks/check
 * explains the checks).
 */
import type { Matrix } from '~/lib/matrix';
import { checkAnswer, type CheckOptions } from './checks/check';
import { checkGradientOf, type GradientCheckOptions } from './checks/gradient';
import { valueOutput } from './inspect';
import type { RunningCell } from './runner';
import type { Output } from './types';

export type { CheckOptions, GradientCheckOptions };

/** `checkGradient`'s two forms: a derivative of numbers, or a gradient or Jacobian of a matrix. */
export interface CheckGradient {
  (gradient: (x: number) => unknown, at: number | readonly number[], options: GradientCheckOptions<number>): void;
  (gradient: (x: Matrix) => unknown, at: Matrix, options: GradientCheckOptions<Matrix>): void;
}

/**
 * The helpers as one session's cells import them (the runner makes them once per session, see
 * `sessionModule` in ./modules): they write into that session's running cell, so pages built or
 * tested side by side in one process never write into each other's outputs.
 */
export function notebookFor(running: RunningCell) {
  const emit = (output: Output) => {
    const cell = running();
    if (!cell) throw new Error('display/progress/check: can only be used while a cell runs');
    cell(output);
  };
  const checkGradient: CheckGradient = (gradient: unknown, at: unknown, options: unknown) =>
    emit(checkGradientOf(gradient, at as Matrix, options as GradientCheckOptions<Matrix>));
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

    /**
     * Checks the reader's answer (a number, a list, a Matrix, or a list or record of them) against the
     * reference and shows the verdict: passed with the largest error, or which mistake it looks like,
     * with a link to `equation`. Entries match when |answer − reference| ≤ atol + rtol·|reference|
     * (defaults 1e-9 and 1e-6). A failed check does not stop the cell or the page.
     */
    check(answer: unknown, reference: unknown, options?: CheckOptions): void {
      emit(checkAnswer(answer, reference, options));
    },

    /**
     * Checks the reader's derivative function at `at` against central differences of `of` (and the
     * engine's own derivative, `reference`, when the chapter has one), and shows the verdict. For a
     * function of a number, `at` may list several points.
     */
    checkGradient,
  };
}

/**
 * The helpers of no session: what the type checker reads as the module cells import (a running
 * cell always has its session's own, from `notebookFor`), and outside a cell they refuse.
 */
export const { display, progress, sleep, check, checkGradient } = notebookFor(() => null);
