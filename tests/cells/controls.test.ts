/**
 * Controls (src/cells/controls.ts) as cells declare them through mlp/notebook, run by the one
 * runner: the value a declaration returns, the checks on a declaration, the values a run is given,
 * and the arithmetic of a log-scale slider. Numeric tolerances are stated where they apply.
 */
import { describe, expect, it } from 'vitest';
import { declareControl, defaultStep, formatControlValue, LOG_POSITIONS, logPosition, logValue, valueProblem, type Control } from '~/cells/controls';
import { defaultModules } from '~/cells/modules';
import { slider } from '~/cells/notebook';
import { validateWorkerMessage } from '~/cells/protocol';
import { Session } from '~/cells/runner';
import type { Output } from '~/cells/types';

const IMPORT = 'import { slider, number, select, checkbox, button } from "mlp/notebook";\n';

async function run(code: string, controls?: Record<string, unknown>) {
  const session = new Session({ modules: await defaultModules() });
  return session.run(IMPORT + code, { cellId: 'c', controls: controls as never });
}
const controlsOf = (outputs: Output[]): Control[] => outputs.flatMap((o) => (o.kind === 'control' ? [o.control] : []));
const valueOf = (outputs: Output[]) => outputs.find((o) => o.kind === 'value');
const errorOf = (outputs: Output[]) => outputs.find((o) => o.kind === 'error');

describe('a declaration returns the value the run uses', () => {
  const all = `[
    slider("learning rate", { min: 0.001, max: 1, value: 0.1, log: true }),
    number("batch size", { value: 8, min: 1, max: 64, step: 1, unit: "samples" }),
    select("optimizer", { options: ["SGD", "momentum", "Adam"], value: "momentum" }),
    select("width", { options: [4, 16, 64] }),
    checkbox("show gradient"),
    button("resample"),
  ]`;

  it('the defaults when the page sends nothing (the build, a first run)', async () => {
    const result = await run(all);
    expect(valueOf(result.outputs)).toEqual({ kind: 'value', text: '[0.1, 8, "momentum", 4, false, 0]' });
    expect(controlsOf(result.outputs).map((c) => c.type)).toEqual(['slider', 'number', 'select', 'select', 'checkbox', 'button']);
  });

  it('the values the page sends, each typed as its control (a number option stays a number)', async () => {
    const result = await run(all, { 'learning rate': 0.5, 'batch size': 32, optimizer: 'Adam', width: 64, 'show gradient': true, resample: 3 });
    expect(valueOf(result.outputs)).toEqual({ kind: 'value', text: '[0.5, 32, "Adam", 64, true, 3]' });
    expect(controlsOf(result.outputs).map((c) => c.value)).toEqual([0.5, 32, 'Adam', 64, true, 3]);
    // What the control was declared with stays beside the value, for Reset.
    expect(controlsOf(result.outputs).map((c) => c.initial)).toEqual([0.1, 8, 'momentum', 4, false, 0]);
  });

  it('the default, said in a notice, for a value that does not fit its control', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ 'learning rate': 2 }, /"learning rate".*2 is outside 0\.001…1/],
      [{ 'learning rate': 'fast' }, /"learning rate".*a number is expected/],
      [{ 'batch size': 0 }, /"batch size".*0 is outside 1…64/],
      [{ optimizer: 'RMSprop' }, /"optimizer".*"RMSprop" is not one of its options/],
      [{ width: '16' }, /"width".*"16" is not one of its options/],
      [{ 'show gradient': 'yes' }, /"show gradient".*true or false is expected/],
      [{ resample: -1 }, /"resample".*a count of presses/],
      [{ 'batch size': 2.5 }, /"batch size".*2\.5 is not on its steps \(1 plus a multiple of 1\)/],
    ];
    for (const [given, notice] of cases) {
      const result = await run(all, given);
      expect(valueOf(result.outputs)).toEqual({ kind: 'value', text: '[0.1, 8, "momentum", 4, false, 0]' });
      const notices = result.outputs.filter((o) => o.kind === 'notice');
      expect(notices).toHaveLength(1);
      expect(notices[0]).toMatchObject({ text: expect.stringMatching(notice) });
      expect(result.status).toBe('ok');
    }
  });

  it('values belong to the run they were sent with: the next run of the session starts from the defaults', async () => {
    const session = new Session({ modules: await defaultModules() });
    const code = `${IMPORT}slider("x", { min: 0, max: 1, value: 0.25 })`;
    expect(valueOf((await session.run(code, { cellId: 'a', controls: { x: 0.75 } })).outputs)).toMatchObject({ text: '0.75' });
    expect(valueOf((await session.run(code, { cellId: 'b' })).outputs)).toMatchObject({ text: '0.25' });
  });

  it('only while a cell runs', () => {
    expect(() => slider('x', { min: 0, max: 1, value: 0 })).toThrow(/controls can only be declared while a cell runs/);
  });
});

describe('a declaration that is wrong says what is wrong and what was expected', () => {
  const cases: [string, RegExp][] = [
    ['slider("lr", { min: 1, max: 0, value: 0.5 })', /slider\("lr"\): min \(1\) must be less than max \(0\)/],
    ['slider("lr", { min: 0, max: 1, value: 2 })', /slider\("lr"\): value 2 is outside min…max \(0…1\)/],
    ['slider("lr", { min: 0, max: 1, value: 0.5, log: true })', /a log-scale slider needs min > 0, got 0/],
    ['slider("lr", { min: 0.01, max: 1, value: 0.5, log: true, step: 0.1 })', /a log-scale slider has no step/],
    ['slider("lr", { min: 0, max: 1, value: 0.5, step: 0 })', /step must be positive, got 0/],
    ['slider("lr", { min: 0, max: "1", value: 0.5 })', /max must be a finite number, got 1/],
    ['slider("lr", { min: 0, max: 1, value: NaN })', /value must be a finite number, got NaN/],
    ['slider("", { min: 0, max: 1, value: 0.5 })', /the first argument is the label the reader sees: a non-empty string/],
    ['slider(42, { min: 0, max: 1, value: 0.5 })', /slider\(42\): the first argument is the label/],
    ['number("n", { value: 5, min: 10 })', /value 5 is outside min…max \(10…∞\)/],
    ['select("s", { options: [] })', /options must be a non-empty list/],
    ['select("s", { options: ["a", "a"] })', /the options must all differ/],
    ['select("s", { options: ["a", "b"], value: "c" })', /value "c" is not one of the options \("a", "b"\)/],
    ['select("s", { options: [{}] })', /each option is a string or a finite number/],
    ['checkbox("c", { value: 1 })', /checkbox\("c"\): value must be true or false, got 1/],
    ['slider("lr", { min: 0.01, max: 1, value: 0.1, log: 1 })', /log must be true or false, got 1/],
    ['slider("lr", { min: 0, max: 1, value: 0.5, units: "ms" })', /unknown option "units" \(its options are min, max, value, step, log, unit\)/],
    ['button("again", { value: 1 })', /unknown option "value" \(it takes no options\)/],
    ['slider("lr", { min: 0, max: 1, value: 0.5, unit: 3 })', /unit must be a string, got 3/],
    ['slider("x", { min: 0, max: 1, value: 0.375, step: 0.1 })', /value 0\.375 is not on the slider's steps \(min 0 plus a multiple of step 0\.1\)/],
    ['slider("x", { min: 0, max: 3, value: 0.25 })', /not on the slider's steps \(min 0 plus a multiple of the default step 0\.02\)/],
    ['slider("same", { min: 0, max: 1, value: 0 }); checkbox("same")', /checkbox\("same"\): this cell already has a control with that label/],
  ];
  for (const [code, message] of cases) {
    it(code, async () => {
      const result = await run(code);
      expect(result.status).toBe('error');
      expect(errorOf(result.outputs)).toMatchObject({ message: expect.stringMatching(message), line: 2 });
    });
  }

  it('accepts a default on the steps whatever floating point makes of them, and any default of a log slider', async () => {
    expect((await run('slider("x", { min: 0.1, max: 0.9, value: 0.3, step: 0.1 })')).status).toBe('ok');
    expect((await run('slider("x", { min: -1, max: 1, value: 0.14 })')).status).toBe('ok');
    expect((await run('slider("x", { min: 0.001, max: 1, value: 0.0123, log: true })')).status).toBe('ok');
  });

  it('the same label in two cells is two controls', async () => {
    const session = new Session({ modules: await defaultModules() });
    const code = `${IMPORT}slider("scale", { min: 0, max: 1, value: 0.5 })`;
    for (const cellId of ['a', 'b']) expect((await session.run(code, { cellId })).status).toBe('ok');
  });
});

describe('a log-scale slider', () => {
  const [min, max] = [1e-4, 10];

  it('reaches both ends exactly and moves monotonically between them', () => {
    expect(logValue(min, max, 0)).toBe(min);
    expect(logValue(min, max, LOG_POSITIONS)).toBe(max);
    let previous = 0;
    for (let p = 0; p <= LOG_POSITIONS; p++) {
      const v = logValue(min, max, p);
      expect(v).toBeGreaterThan(previous);
      previous = v;
    }
  });

  it('spreads its positions evenly in log scale: each decade has the same number of positions (±1)', () => {
    const decade = LOG_POSITIONS / Math.log10(max / min);
    expect(logPosition(min, max, 1e-3)).toBeCloseTo(decade, -0.5);
    expect(logPosition(min, max, 1) - logPosition(min, max, 0.1)).toBeCloseTo(decade, -0.5);
  });

  it('gives values to three significant digits that map back to their own position', () => {
    for (let p = 0; p <= LOG_POSITIONS; p++) {
      const v = logValue(min, max, p);
      expect(Number(v.toPrecision(3))).toBe(v);
      expect(logPosition(min, max, v)).toBe(p);
    }
  });

  it('keeps as many digits as a narrow range needs to tell its positions apart (β₂ from 0.9 to 0.9999), and writes them', () => {
    const beta = declareControl('slider', 'β₂', { min: 0.9, max: 0.9999, value: 0.999, log: true }) as Extract<Control, { type: 'slider' }>;
    const values = Array.from({ length: LOG_POSITIONS + 1 }, (_, p) => logValue(0.9, 0.9999, p));
    expect(new Set(values).size).toBe(LOG_POSITIONS + 1);
    for (const [p, v] of values.entries()) expect(logPosition(0.9, 0.9999, v)).toBe(p);
    expect(formatControlValue({ ...beta, value: 0.9999 })).toBe('0.9999');
    const linear = declareControl('slider', 'β₁', { min: 0.9, max: 0.9999, step: 0.0001, value: 0.9 }) as Extract<Control, { type: 'slider' }>;
    expect(formatControlValue({ ...linear, value: 0.9993 })).toBe('0.9993');
  });
});

describe('the rest of the arithmetic and wording', () => {
  it('picks a default step of 1, 2 or 5 × 10ⁿ near a hundredth of the range', () => {
    expect(defaultStep(0, 1)).toBe(0.01);
    expect(defaultStep(0, 3)).toBeCloseTo(0.02, 15);
    expect(defaultStep(-5, 5)).toBe(0.1);
    expect(defaultStep(0, 600)).toBe(5);
  });

  it('writes values with their unit, three significant digits', () => {
    const lr = declareControl('slider', 'lr', { min: 0, max: 1, value: 0.123456, step: 0.000001, unit: 'per step' });
    expect(formatControlValue(lr)).toBe('0.123456 per step');
    expect(formatControlValue(declareControl('slider', 'lr', { min: 0.001, max: 1, value: 0.123456, log: true }))).toBe('0.123');
    expect(formatControlValue(declareControl('number', 'n', { value: 1234.56789, unit: 'steps' }))).toBe('1234.57 steps');
    expect(formatControlValue(declareControl('slider', 'h', { min: 1e-12, max: 0.1, value: 1e-5, log: true }))).toBe('1e-5');
    expect(formatControlValue(declareControl('slider', 'h', { min: 1e-12, max: 0.1, value: 1.5e-5, log: true }))).toBe('1.5e-5');
    expect(formatControlValue(declareControl('slider', 'h', { min: 1e-12, max: 0.1, value: 1.23e-7, log: true }))).toBe('1.23e-7');
    expect(formatControlValue(declareControl('checkbox', 'grid', { value: true }))).toBe('on');
    expect(formatControlValue({ ...declareControl('button', 'again', {}), value: 1 } as Control)).toBe('pressed 1 time');
  });

  it('tells whether a value fits a control', () => {
    const n = declareControl('number', 'n', { value: 1, min: 0 });
    expect(valueProblem(n, 5)).toBeNull();
    expect(valueProblem(n, -1)).toMatch(/outside 0…∞/);
    expect(valueProblem(n, Infinity)).toMatch(/a number is expected/);
  });
});

describe('a control crosses from the kernel to the page only as declared', () => {
  const control = declareControl('slider', 'lr', { min: 0.001, max: 1, value: 0.1, log: true });
  const message = (c: unknown) => ({ type: 'outputs', runId: 1, outputs: [{ kind: 'control', control: c }] });

  it('is accepted as a control output', () => {
    expect(validateWorkerMessage(message(control))).toEqual(message(control));
  });

  it('is refused with a kind it does not have, a missing value, an empty label or a label of more than 200 characters', () => {
    expect(validateWorkerMessage(message({ ...control, type: 'knob' }))).toBeNull();
    const { value: _value, ...withoutValue } = control;
    expect(validateWorkerMessage(message(withoutValue))).toBeNull();
    expect(validateWorkerMessage(message({ ...control, label: '' }))).toBeNull();
    expect(validateWorkerMessage(message({ ...control, label: 'x'.repeat(201) }))).toBeNull();
  });
});
