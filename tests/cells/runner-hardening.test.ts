/**
 * What a cell cannot do to the runner: end a run without a result (a thrown Proxy, a getter that
 * throws, an oversized message), break later cells by changing built-ins or console, or print into
 * another cell from its timers.
 */
import { describe, expect, it } from 'vitest';
import { defaultModules } from '~/cells/modules';
import { MAX_LATE_OUTPUTS, Session } from '~/cells/runner';
import { MAX_ERROR_MESSAGE, MAX_LABEL, type Output } from '~/cells/types';
import { validateWorkerMessage } from '~/cells/protocol';

const session = async (onLate?: (cellId: string, output: Output) => void) => new Session({ modules: await defaultModules(), onLate });
const errorOf = (outputs: Output[]) => outputs.find((o): o is Extract<Output, { kind: 'error' }> => o.kind === 'error');
const accepted = (outputs: Output[]) => validateWorkerMessage({ type: 'done', runId: 1, result: { status: 'error', outputs } }) !== null;

describe('every run ends with its outputs or a clear error', () => {
  it('a thrown Proxy whose every trap throws', async () => {
    const s = await session();
    const code = 'const trap = () => { throw new Error("trap"); };\nthrow new Proxy({}, { get: trap, getPrototypeOf: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap });';
    const r = await s.run(code);
    expect(r.status).toBe('error');
    expect(errorOf(r.outputs)).toMatchObject({ name: 'Uncaught', message: expect.stringMatching(/could not be read/) });
  });

  it('a thrown object whose message getter throws', async () => {
    const s = await session();
    const r = await s.run('const e = new Error("x");\nObject.defineProperty(e, "message", { get() { throw new Error("no message for you"); } });\nthrow e;');
    expect(r.status).toBe('error');
    expect(errorOf(r.outputs)?.message).toMatch(/could not be read|no message/);
  });

  it('an error message, a progress label and a display id of a million characters are cut, said so, and accepted by the page', async () => {
    const s = await session();
    const big = await s.run('import { progress, display } from "mlp/notebook";\nprogress(0.5, "l".repeat(1e6), "p".repeat(1e6));\ndisplay(1, { id: "d".repeat(1e6) });\nthrow new Error("m".repeat(2e6));');
    const error = errorOf(big.outputs)!;
    expect(error.message.length).toBeLessThanOrEqual(MAX_ERROR_MESSAGE);
    expect(error.message).toMatch(/more characters cut\]$/);
    const progress = big.outputs.find((o) => o.kind === 'progress') as Extract<Output, { kind: 'progress' }>;
    expect(progress.label.length).toBeLessThanOrEqual(MAX_LABEL);
    expect(progress.id!.length).toBeLessThanOrEqual(MAX_LABEL);
    expect(big.outputs.filter((o) => o.kind === 'notice').map((o) => (o as { text: string }).text)).toEqual([expect.stringMatching(/was cut, as marked/)]);
    expect(accepted(big.outputs)).toBe(true);
  });
});

describe('built-ins a cell changes are put back after its run', () => {
  it('Object.prototype.then, Array.prototype.push, Promise.prototype.then: later cells run as if untouched, and the cell is told', async () => {
    const s = await session();
    const r = await s.run(
      'Object.prototype.then = function (resolve) { resolve(String("hijacked")); };\nArray.prototype.push = function () { throw new Error("push is gone"); };\n' +
        'Promise.prototype.then = function () { return this; };\nconst keep = 41;\nkeep',
    );
    expect(r.outputs.find((o) => o.kind === 'notice')).toMatchObject({ text: expect.stringMatching(/This cell changed built-ins.*Object\.prototype\.then.*Array\.prototype\.push.*Promise\.prototype\.then.*put back/) });
    const later = await s.run('const list: number[] = [];\nlist.push(keep + 1);\nawait Promise.resolve(list[0])');
    expect(later).toEqual({ status: 'ok', outputs: [{ kind: 'value', text: '42' }] });
    expect(Object.hasOwn(Object.prototype, 'then')).toBe(false);
  });

  it('descriptor fields a cell puts on Object.prototype (value, get, writable) do not fool the check of what changed', async () => {
    const s = await session();
    const r = await s.run(
      'Object.prototype.value = 1;\nObject.prototype.get = function () { return 2; };\nObject.prototype.writable = false;\nArray.prototype.map = function () { return "mapped away"; };\n0',
    );
    expect(r.outputs.find((o) => o.kind === 'notice')).toMatchObject({ text: expect.stringMatching(/Object\.prototype\.value.*Array\.prototype\.map/) });
    const later = await s.run('[1, 2].map((x) => x * 10).join(",")');
    expect(later).toEqual({ status: 'ok', outputs: [{ kind: 'value', text: '"10,20"' }] });
    for (const field of ['value', 'get', 'writable']) expect(Object.hasOwn(Object.prototype, field)).toBe(false);
  });

  it('what cannot be put back is said, with Restart', async () => {
    const s = await session();
    const r = await s.run('Object.defineProperty(Math, "frozenIn", { value: 1, configurable: false });\n1');
    expect(r.outputs.find((o) => o.kind === 'notice')).toMatchObject({ text: expect.stringMatching(/could not be put back \(Math\.frozenIn\).*Restart kernel/) });
  });

  it('console replaced by one cell is its own: the next cell prints as usual', async () => {
    const s = await session();
    await s.run('console.log = () => { throw new Error("broken log"); };\nconsole.error = undefined as any;');
    expect(await s.run('console.log("still here")')).toEqual({ status: 'ok', outputs: [{ kind: 'log', level: 'log', text: 'still here' }] });
  });
});

describe('timers belong to the cell that started them', () => {
  it('an interval prints on its own cell after the run, never into the cell running then, and is stopped when its cell runs again', async () => {
    const late: [string, Output][] = [];
    const s = await session((cellId, output) => late.push([cellId, output]));
    await s.run('let ticks = 0;\nsetInterval(() => console.log(`tick ${++ticks}`), 5);', { cellId: 'timer' });
    const other = await s.run('await new Promise((r) => setTimeout(r, 40));\n"other"', { cellId: 'other' });
    expect(other.outputs).toEqual([{ kind: 'value', text: '"other"' }]);
    expect(late.length).toBeGreaterThan(2);
    expect(late.every(([cellId, o]) => cellId === 'timer' && o.kind === 'log')).toBe(true);
    await s.run('"re-run, no interval"', { cellId: 'timer' });
    const count = late.length;
    await new Promise((r) => setTimeout(r, 40));
    expect(late.length, 'the earlier run\'s interval was stopped').toBe(count);
  });

  it('an interval that throws without end is reported on its cell, then stopped with a notice', async () => {
    const late: [string, Output][] = [];
    const s = await session((cellId, output) => late.push([cellId, output]));
    await s.run('setInterval(() => {\n  throw new RangeError("again");\n}, 1);', { cellId: 'thrower' });
    await new Promise((r) => setTimeout(r, 400));
    expect(late.length).toBe(MAX_LATE_OUTPUTS + 1);
    expect(late[0]).toEqual(['thrower', { kind: 'error', name: 'RangeError', message: 'again', line: 2, column: 9 }]);
    expect(late.at(-1)![1]).toMatchObject({ kind: 'notice', text: expect.stringMatching(/setTimeout and setInterval were stopped/) });
  });
});
