/**
 * `import { display, progress, sleep } from "mlp/notebook"`: what a cell can do besides returning a
 * value. Output goes to the cell that is running (cells of a page run one at a time), so a
 * training loop can draw its progress bar and a live plot while it runs.
 */
import { valueOutput } from './inspect';
import type { Output } from './types';

type Emit = (output: Output) => void;
let current: Emit | null = null;

/** Called by the runner around each cell; not for cells. */
export function setOutputTarget(emit: Emit | null): void {
  current = emit;
}

function emit(output: Output): void {
  if (!current) throw new Error('display/progress: can only be used while a cell runs');
  current(output);
}

/**
 * Shows a value (a Matrix as a table, a Plot figure, anything else as text). With an `id`, a later
 * display with the same id replaces this output instead of adding one: a live-updating figure.
 */
export function display(value: unknown, options: { id?: string } = {}): void {
  emit(valueOutput(value, options.id));
}

/** A progress bar at `fraction` (0…1), replaced in place by later calls with the same id. */
export function progress(fraction: number, label = '', id = 'progress'): void {
  if (typeof fraction !== 'number' || Number.isNaN(fraction)) throw new Error(`progress: fraction must be a number in [0, 1], got ${String(fraction)}`);
  emit({ kind: 'progress', fraction: Math.min(1, Math.max(0, fraction)), label: String(label), id });
}

/** Waits `ms` milliseconds (lets the page draw between steps of a demonstration). */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
