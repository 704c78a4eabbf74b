/**
 * The page's side of a cell's controls (src/cells/controls): reading what the reader set, in the
 * control's own terms (a log slider's position is a learning rate), showing it at once, keeping
 * the values the reader moved, and putting the defaults back. Loaded with the page (it is small):
 * the static panel the build wrote is live before the kernel exists. Keeping the panel in step
 * with runs is ./control-panel, loaded with the kernel.
 */
import { formatControlValue, logPosition, logValue, valueProblem, type Control, type ControlValue } from '~/cells/controls';
import type { CellState } from './page-state';

/** The control a panel element stands for, as its run declared it. */
export function controlOf(wrapper: HTMLElement): Control | null {
  try {
    return JSON.parse(wrapper.dataset.control ?? '') as Control;
  } catch {
    return null;
  }
}

function inputOf(wrapper: HTMLElement): HTMLInputElement | HTMLSelectElement | HTMLButtonElement | null {
  return wrapper.querySelector('input, select, button');
}

/** The value the element shows now, in the control's terms; a reason instead when it holds none it may have. */
function valueShown(control: Control, wrapper: HTMLElement): { value: ControlValue } | { problem: string } {
  const input = inputOf(wrapper);
  if (!input) return { problem: 'it has no input' };
  let value: ControlValue;
  switch (control.type) {
    case 'slider':
      // The position of the default gives the default itself, though it may not be a rounded value: the reader can go back to it.
      value = !control.log
        ? Number(input.value)
        : Number(input.value) === logPosition(control.min, control.max, control.initial as number)
          ? control.initial
          : logValue(control.min, control.max, Number(input.value));
      break;
    case 'number':
      if ((input as HTMLInputElement).value.trim() === '') return { problem: 'it is empty; type a number' };
      value = Number((input as HTMLInputElement).value);
      break;
    case 'select':
      value = control.options[Number(input.value)] ?? control.initial;
      break;
    case 'checkbox':
      value = (input as HTMLInputElement).checked;
      break;
    case 'button':
      value = Number(wrapper.dataset.presses ?? '0') + 1;
      wrapper.dataset.presses = String(value);
      break;
  }
  const problem = valueProblem(control, value);
  return problem === null ? { value } : { problem };
}

/**
 * Writes `value` into the element, its shown value and what a screen reader hears. `held`: the
 * reader just set it there, so the element is left as it is (a log slider's thumb would otherwise
 * jump to the rounded value's position under the pointer).
 */
export function show(control: Control, wrapper: HTMLElement, value: ControlValue, held = false): void {
  const now = { ...control, value } as Control;
  const text = formatControlValue(now);
  const input = inputOf(wrapper);
  const output = wrapper.querySelector('output');
  if (output) output.textContent = text;
  if (!input) return;
  if (held && now.type !== 'slider') return;
  switch (now.type) {
    case 'slider': {
      const position = String(now.log ? logPosition(now.min, now.max, now.value) : now.value);
      if (!held && (input as HTMLInputElement).value !== position) (input as HTMLInputElement).value = position;
      if (input.getAttribute('aria-valuetext') !== text) input.setAttribute('aria-valuetext', text);
      break;
    }
    case 'number':
      if (Number((input as HTMLInputElement).value) !== now.value) (input as HTMLInputElement).value = String(now.value);
      break;
    case 'select':
      (input as HTMLSelectElement).value = String(now.options.indexOf(now.value));
      break;
    case 'checkbox':
      (input as HTMLInputElement).checked = now.value;
      break;
    case 'button':
      wrapper.dataset.presses = String(now.value);
      break;
  }
}

export type ControlEvent = { label: string; value: ControlValue } | { label: string; problem: string };

/**
 * Listens to the cell's panel (once, on the figure, so a panel rebuilt by a run is heard too) and
 * tells `onChange` what the reader set. Sliders report while they move; numbers when committed
 * (Enter, or leaving the field), so a half-typed "0." does not run.
 */
export function listenToControls(cell: CellState, onChange: (event: ControlEvent) => void): void {
  const handle = (event: Event) => {
    const target = event.target as HTMLElement;
    const wrapper = target.closest<HTMLElement>('.mlp-control');
    if (!wrapper || !cell.figure.contains(wrapper)) return;
    const control = controlOf(wrapper);
    if (!control) return;
    const kind = control.type === 'button' ? 'click' : control.type === 'slider' ? 'input' : 'change';
    if (event.type !== kind) return;
    const read = valueShown(control, wrapper);
    if ('problem' in read) {
      onChange({ label: control.label, problem: read.problem });
      return;
    }
    show(control, wrapper, read.value, true);
    onChange({ label: control.label, value: read.value });
  };
  for (const type of ['input', 'change', 'click']) cell.figure.addEventListener(type, handle);
}

/** The panel's controls by label. */
export function panelControls(cell: CellState): Map<string, { wrapper: HTMLElement; control: Control }> {
  const found = new Map<string, { wrapper: HTMLElement; control: Control }>();
  for (const wrapper of cell.figure.querySelectorAll<HTMLElement>('.mlp-cell-controls .mlp-control')) {
    const control = controlOf(wrapper);
    if (control) found.set(control.label, { wrapper, control });
  }
  return found;
}

/** Whether the reader moved any control of the cell away from its default. */
export function controlsMoved(cell: CellState): boolean {
  return Object.keys(cell.controls ?? {}).length > 0;
}

/** Records what the reader set (a default forgets the entry, so a link carries only what was moved). */
export function setValue(cell: CellState, label: string, value: ControlValue): void {
  const control = panelControls(cell).get(label)?.control;
  const values = { ...(cell.controls ?? {}) };
  if (control && control.initial === value) delete values[label];
  else values[label] = value;
  cell.controls = values;
}

/**
 * Shows `values` (from a share link) on the panel without running anything; returns what could
 * not be used, one reason per control, for the page to say. A label the panel does not have is
 * kept for the run (the shared code may declare controls the chapter's does not; the runner checks it then).
 */
export function applyValues(cell: CellState, values: Readonly<Record<string, unknown>>): string[] {
  const controls = panelControls(cell);
  const refused: string[] = [];
  const kept: Record<string, ControlValue> = {};
  for (const [label, value] of Object.entries(values)) {
    const found = controls.get(label);
    const problem = found ? valueProblem(found.control, value) : typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' ? null : 'not a number, text or true/false';
    if (problem !== null) {
      refused.push(`"${label.slice(0, 80)}": ${problem}`);
      continue;
    }
    kept[label] = value as ControlValue;
    if (found) show(found.control, found.wrapper, value as ControlValue);
  }
  cell.controls = kept;
  return refused;
}

/** Every control of the cell back at its default (Reset). */
export function resetControls(cell: CellState): void {
  for (const { wrapper, control } of panelControls(cell).values()) show(control, wrapper, control.initial);
  cell.controls = {};
}
