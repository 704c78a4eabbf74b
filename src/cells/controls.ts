/**
 * Controls: the sliders, numbers, selects, checkboxes and buttons a cell declares through
 * `mlp/notebook` (`const lr = slider("learning rate", { min: 1e-3, max: 1, value: 0.1, log: true })`).
 * A declaration returns the control's current value and shows the control: the build runs the cell
 * at the defaults, so the page shows every control at its default; in the reader's kernel the page
 * sends the values the reader set with each run of the cell.
 *
 * This file owns how a declaration is checked, which value a run uses, how a value is written, and
 * where a log-scale slider's thumb stands; what a control is, as the kernel's messages carry it, is
 * its schema among the outputs' (./types). The runner knows none of it; the page's side is
 * ../components/cells/controls. No valibot here: the page loads this with every chapter.
 */
import { formatEntry } from '~/lib/format';
import type { Control } from './types';

export type { Control };
export type ControlType = Control['type'];
export type ControlValue = Control['value'];
/** The values a run of a cell is given, by control label (absent: the default). */
export type ControlValues = Readonly<Record<string, ControlValue>>;

/** How many positions a log-scale slider has between its ends. */
export const LOG_POSITIONS = 240;

/** Declaration options, as a cell writes them. */
export interface SliderOptions {
  min: number;
  max: number;
  /** The default (and the value when the page loads). */
  value: number;
  /** Distance between values (linear sliders; default: a hundredth of the range). */
  step?: number;
  /** Positions spread evenly on a log scale, for a parameter that spans decades (a learning rate). */
  log?: boolean;
  unit?: string;
}
export interface NumberOptions {
  value: number;
  min?: number;
  max?: number;
  step?: number;
  unit?: string;
}
export interface SelectOptions<T extends string | number> {
  options: readonly T[];
  /** The default (default: the first option). */
  value?: T;
}
export interface CheckboxOptions {
  value?: boolean;
}

/** An error in a control's declaration, naming the function and the label. */
function refuse(type: ControlType, label: unknown, problem: string): never {
  throw new Error(`${type}(${JSON.stringify(label)}): ${problem}`);
}

function finite(type: ControlType, label: string, name: string, x: unknown): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) refuse(type, label, `${name} must be a finite number, got ${String(x)}`);
  return x;
}

/** The options each kind of control takes: anything else is a typo the reader would otherwise not hear of. */
const OPTIONS: Record<ControlType, readonly string[]> = {
  slider: ['min', 'max', 'value', 'step', 'log', 'unit'],
  number: ['value', 'min', 'max', 'step', 'unit'],
  select: ['options', 'value'],
  checkbox: ['value'],
  button: [],
};

/** Checks a declaration (throwing what is wrong and what was expected) and returns the control at its default. */
export function declareControl(type: ControlType, label: unknown, options: unknown): Control {
  if (typeof label !== 'string' || label.trim() === '') refuse(type, label, 'the first argument is the label the reader sees: a non-empty string');
  if (label.length > 200) refuse(type, label.slice(0, 40), 'the label is longer than 200 characters');
  const given = (options ?? {}) as Record<string, unknown>;
  if (typeof given !== 'object') refuse(type, label, `the second argument is an options object, got ${typeof options}`);
  const unknown = Object.keys(given).filter((key) => !OPTIONS[type].includes(key));
  if (unknown.length > 0) {
    const known = OPTIONS[type].length > 0 ? `its options are ${OPTIONS[type].join(', ')}` : 'it takes no options';
    refuse(type, label, `unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => JSON.stringify(k)).join(', ')} (${known})`);
  }
  if (given.log !== undefined && typeof given.log !== 'boolean') refuse(type, label, `log must be true or false, got ${String(given.log)}`);
  if (given.unit !== undefined && typeof given.unit !== 'string') refuse(type, label, `unit must be a string, got ${String(given.unit)}`);
  const unit = given.unit === undefined ? {} : { unit: String(given.unit).slice(0, 40) };
  switch (type) {
    case 'slider': {
      const min = finite(type, label, 'min', given.min);
      const max = finite(type, label, 'max', given.max);
      const value = finite(type, label, 'value', given.value);
      if (!(min < max)) refuse(type, label, `min (${min}) must be less than max (${max})`);
      if (value < min || value > max) refuse(type, label, `value ${value} is outside min…max (${min}…${max})`);
      const log = given.log === true;
      if (log && min <= 0) refuse(type, label, `a log-scale slider needs min > 0, got ${min}`);
      const step = given.step === undefined ? undefined : finite(type, label, 'step', given.step);
      if (step !== undefined && step <= 0) refuse(type, label, `step must be positive, got ${step}`);
      if (step !== undefined && log) refuse(type, label, 'a log-scale slider has no step (its positions are spread evenly in log scale)');
      if (!log) {
        // The browser puts a range input's thumb on min + k·step only: a default between steps would not be where it shows.
        const grid = step ?? defaultStep(min, max);
        if (!onSteps(value, min, grid)) refuse(type, label, `value ${value} is not on the slider's steps (min ${min} plus a multiple of ${step === undefined ? `the default step ${grid}` : `step ${grid}`}); choose a value on them, or a step that reaches it`);
      }
      return { type, label, min, max, ...(step === undefined ? {} : { step }), ...(log ? { log } : {}), ...unit, value, initial: value };
    }
    case 'number': {
      const value = finite(type, label, 'value', given.value);
      const bounds: { min?: number; max?: number; step?: number } = {};
      for (const name of ['min', 'max', 'step'] as const) if (given[name] !== undefined) bounds[name] = finite(type, label, name, given[name]);
      if (bounds.min !== undefined && bounds.max !== undefined && !(bounds.min < bounds.max)) refuse(type, label, `min (${bounds.min}) must be less than max (${bounds.max})`);
      if ((bounds.min !== undefined && value < bounds.min) || (bounds.max !== undefined && value > bounds.max)) refuse(type, label, `value ${value} is outside min…max (${bounds.min ?? '−∞'}…${bounds.max ?? '∞'})`);
      if (bounds.step !== undefined && bounds.step <= 0) refuse(type, label, `step must be positive, got ${bounds.step}`);
      if (bounds.step !== undefined && !onSteps(value, bounds.min ?? 0, bounds.step)) refuse(type, label, `value ${value} is not on its steps (${bounds.min ?? 0} plus a multiple of step ${bounds.step})`);
      return { type, label, ...bounds, ...unit, value, initial: value };
    }
    case 'select': {
      const list = given.options;
      if (!Array.isArray(list) || list.length === 0) refuse(type, label, 'options must be a non-empty list of strings or numbers');
      if (list.length > 100) refuse(type, label, `at most 100 options, got ${list.length}`);
      for (const option of list) {
        if (!(typeof option === 'string' || (typeof option === 'number' && Number.isFinite(option)))) refuse(type, label, `each option is a string or a finite number, got ${String(option)}`);
      }
      if (new Set(list.map((o) => `${typeof o}:${String(o)}`)).size !== list.length) refuse(type, label, 'the options must all differ');
      const value = (given.value ?? list[0]) as string | number;
      if (!list.includes(value)) refuse(type, label, `value ${JSON.stringify(value)} is not one of the options (${list.map((o) => JSON.stringify(o)).join(', ')})`);
      return { type, label, options: [...list] as (string | number)[], value, initial: value };
    }
    case 'checkbox': {
      if (given.value !== undefined && typeof given.value !== 'boolean') refuse(type, label, `value must be true or false, got ${String(given.value)}`);
      const value = given.value === true;
      return { type, label, value, initial: value };
    }
    case 'button':
      return { type, label, value: 0, initial: 0 };
  }
}

/** Whether `value` is `from` plus a whole number of `step`s (to a millionth of a step: decimal steps are not exact in binary). */
function onSteps(value: number, from: number, step: number): boolean {
  const k = (value - from) / step;
  return Math.abs(k - Math.round(k)) <= 1e-6;
}

/** Why `value` cannot be this control's value, or null when it can. */
export function valueProblem(control: Control, value: unknown): string | null {
  switch (control.type) {
    case 'slider':
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return `a number is expected, got ${JSON.stringify(value) ?? String(value)}`;
      const { min, max } = control;
      if ((min !== undefined && value < min) || (max !== undefined && value > max)) return `${formatControlNumber(value)} is outside ${formatControlNumber(min ?? -Infinity)}…${formatControlNumber(max ?? Infinity)}`;
      const step = control.type === 'slider' ? (control.log ? undefined : (control.step ?? defaultStep(control.min, control.max))) : control.step;
      if (step !== undefined && !onSteps(value, min ?? 0, step)) return `${formatControlNumber(value)} is not on its steps (${formatControlNumber(min ?? 0)} plus a multiple of ${formatControlNumber(step)})`;
      return null;
    }
    case 'select':
      return control.options.includes(value as never) ? null : `${JSON.stringify(value)} is not one of its options`;
    case 'checkbox':
      return typeof value === 'boolean' ? null : `true or false is expected, got ${JSON.stringify(value)}`;
    case 'button':
      return Number.isInteger(value) && (value as number) >= 0 ? null : `a count of presses is expected, got ${JSON.stringify(value)}`;
  }
}

/** The control as this run uses it: with the value the page sent, when that value fits it. */
export function withRequestedValue(control: Control, requested: unknown): { control: Control; refused: string | null } {
  if (requested === undefined) return { control, refused: null };
  const problem = valueProblem(control, requested);
  return problem === null ? { control: { ...control, value: requested } as Control, refused: null } : { control, refused: problem };
}

/** A control's number as the page writes it: `digits` significant digits (default three), whole numbers as they are. */
export function formatControlNumber(x: number, digits = 3): string {
  if (x === Infinity) return '∞';
  if (x === -Infinity) return '−∞';
  // 1e-5, not 1.00e-5: a control's value is not a measurement, its trailing zeros say nothing.
  return formatEntry(x, digits).replace(/(\.\d*?)0+e/, '$1e').replace('.e', 'e');
}

/**
 * The significant digits that tell a slider's neighbouring positions apart (at least three): a
 * learning rate from 0.001 to 1 needs three, a β₂ from 0.9 to 0.9999 five.
 */
export function sliderDigits(control: Extract<Control, { type: 'slider' }>): number {
  if (control.log) {
    // Rounding to d digits moves a value by at most 5·10⁻ᵈ of itself; neighbours differ by (ratio − 1) of it.
    const ratio = (control.max / control.min) ** (1 / LOG_POSITIONS);
    return Math.max(3, Math.ceil(Math.log10(20 / (ratio - 1))));
  }
  const step = control.step ?? defaultStep(control.min, control.max);
  return Math.max(3, Math.ceil(Math.log10(Math.max(Math.abs(control.min), Math.abs(control.max)) / step)) + 1);
}

/** The control's value as text, with its unit. */
export function formatControlValue(control: Control): string {
  switch (control.type) {
    case 'slider':
    case 'number': {
      const text = formatControlNumber(control.value, control.type === 'slider' ? sliderDigits(control) : 6);
      return control.unit ? `${text} ${control.unit}` : text;
    }
    case 'select':
      return String(control.value);
    case 'checkbox':
      return control.value ? 'on' : 'off';
    case 'button':
      return `pressed ${control.value} ${control.value === 1 ? 'time' : 'times'}`;
  }
}

/** Where a log-scale slider's thumb stands for `value` (0…LOG_POSITIONS). */
export function logPosition(min: number, max: number, value: number): number {
  return Math.round((LOG_POSITIONS * Math.log(value / min)) / Math.log(max / min));
}

/**
 * The value at a log-scale slider's position, to the significant digits that tell it from its
 * neighbours (a learning rate of 0.0316, not 0.031622776; see `sliderDigits`), kept inside min…max.
 */
export function logValue(min: number, max: number, position: number): number {
  if (position <= 0) return min;
  if (position >= LOG_POSITIONS) return max;
  const exact = min * (max / min) ** (position / LOG_POSITIONS);
  const digits = sliderDigits({ type: 'slider', label: '', min, max, log: true, value: min, initial: min });
  return Math.min(max, Math.max(min, Number(exact.toPrecision(digits))));
}

/** A linear slider's step when the cell gives none: a hundredth of the range, rounded down to 1, 2 or 5 × 10ⁿ. */
export function defaultStep(min: number, max: number): number {
  const raw = (max - min) / 100;
  const power = 10 ** Math.floor(Math.log10(raw));
  const mantissa = raw / power;
  return (mantissa >= 5 ? 5 : mantissa >= 2 ? 2 : 1) * power;
}
