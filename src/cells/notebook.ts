/**
 * `import { display, progress, sleep, check, checkGradient, slider, … } from "mlp/notebook"`: what
 * a cell can do besides returning a value. Output goes to the cell that is running in the cell's
 * own session (a page's cells run one at a time), so a training loop can draw its progress bar and
 * a live plot while it runs, an exercise can show its verdict on the reader's answer (./checks/check
 * explains the checks), and an explorable declares the controls the reader moves (./controls).
 */
import type { Matrix } from '~/lib/matrix';
import { checkAnswer, type CheckOptions } from './checks/check';
import { checkGradientOf, type GradientCheckOptions } from './checks/gradient';
import { valueOutput } from './inspect';
import { declareControl, withRequestedValue, type CheckboxOptions, type ControlType, type NumberOptions, type SelectOptions, type SliderOptions } from './controls';
import type { RunningCell, RunningControls } from './runner';
import type { Output } from './types';

export type { CheckOptions, GradientCheckOptions, CheckboxOptions, NumberOptions, SelectOptions, SliderOptions };

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
export function notebookFor(running: RunningCell, requested: RunningControls = () => ({})) {
  const emit = (output: Output) => {
    const cell = running();
    if (!cell) throw new Error('display/progress/check: can only be used while a cell runs');
    cell(output);
  };
  /** The labels each run declared so far (keyed by the run's output, one per run). */
  const labels = new WeakMap<object, Set<string>>();
  /** Declares a control on the running cell and returns the value this run uses. */
  const control = (type: ControlType, label: unknown, options: unknown): never => {
    const cell = running();
    if (!cell) throw new Error(`${type}: controls can only be declared while a cell runs`);
    const declared = declareControl(type, label, options);
    const seen = labels.get(cell) ?? new Set<string>();
    labels.set(cell, seen);
    if (seen.has(declared.label)) throw new Error(`${type}(${JSON.stringify(declared.label)}): this cell already has a control with that label; give each control its own label (the label is how the page knows which value is whose)`);
    seen.add(declared.label);
    const { control: used, refused } = withRequestedValue(declared, requested()[declared.label]);
    if (refused !== null) cell({ kind: 'notice', text: `The value given for "${declared.label}" could not be used (${refused}); this run uses its default.` });
    cell({ kind: 'control', control: used });
    return used.value as never;
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

    /**
     * A range slider from `min` to `max` (`log: true` spreads its positions evenly in log scale, for a
     * parameter that spans decades); returns its current value, the default `value` until the reader
     * moves it. Moving it re-runs this cell and the cells that read what it defines.
     */
    slider(label: string, options: SliderOptions): number {
      return control('slider', label, options);
    },

    /** A number field (optionally bounded by `min` and `max`); returns its current value. */
    number(label: string, options: NumberOptions): number {
      return control('number', label, options);
    },

    /** A choice among `options` (strings or numbers); returns the chosen one, the first unless `value` says otherwise. */
    select<const T extends string | number>(label: string, options: SelectOptions<T>): T {
      return control('select', label, options);
    },

    /** A checkbox; returns whether it is ticked (`value`, default false, until the reader changes it). */
    checkbox(label: string, options: CheckboxOptions = {}): boolean {
      return control('checkbox', label, options);
    },

    /** A button; returns how many times the reader pressed it since the page loaded (0 at first). Pressing it re-runs the cell. */
    button(label: string, options: Record<string, never> = {}): number {
      return control('button', label, options);
    },
  };
}

/**
 * The helpers of no session: what the type checker reads as the module cells import (a running
 * cell always has its session's own, from `notebookFor`), and outside a cell they refuse.
 */
export const { display, progress, sleep, check, checkGradient, slider, number, select, checkbox, button } = notebookFor(() => null);
