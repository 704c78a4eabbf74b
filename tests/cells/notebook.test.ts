import { describe, expect, it } from 'vitest';
import { display, notebookFor, sleep } from '~/cells/notebook';
import type { Output } from '~/cells/types';

/** The helpers of a session whose cell is running, and what they wrote into it. */
const running = () => {
  const outputs: Output[] = [];
  return { outputs, ...notebookFor(() => (o) => outputs.push(o)) };
};

describe('mlp/notebook', () => {
  it('display sends values, with the id when one is given', () => {
    const { outputs, display } = running();
    display([1, 2]);
    display('text', { id: 'status' });
    expect(outputs).toEqual([{ kind: 'value', text: '[1, 2]' }, { kind: 'value', text: '"text"', id: 'status' }]);
  });

  it('progress clamps the fraction to [0, 1], keeps the label and defaults the id', () => {
    const { outputs, progress } = running();
    progress(-0.5);
    progress(3, 'done', 'bar');
    progress(Number.POSITIVE_INFINITY, 42 as unknown as string);
    expect(outputs).toEqual([
      { kind: 'progress', fraction: 0, label: '', id: 'progress' },
      { kind: 'progress', fraction: 1, label: 'done', id: 'bar' },
      { kind: 'progress', fraction: 1, label: '42', id: 'progress' },
    ]);
  });

  it('progress refuses a fraction that is not a number', () => {
    const { progress } = running();
    expect(() => progress(Number.NaN)).toThrow('progress: fraction must be a number in [0, 1], got NaN');
    expect(() => progress('0.5' as unknown as number)).toThrow('got 0.5');
  });

  it("needs a running cell: the module's own helpers, and a session's between its runs", () => {
    expect(() => display(1)).toThrow('display/progress/check: can only be used while a cell runs');
    const between = notebookFor(() => null);
    expect(() => between.progress(0.5)).toThrow(/only be used while a cell runs/);
  });

  it('writes into whatever cell its session is running at the time of the call', () => {
    const [first, second]: Output[][] = [[], []];
    let cell: Output[] | null = first;
    const { display } = notebookFor(() => (cell ? (o) => cell!.push(o) : null));
    display('a');
    cell = second;
    display('b');
    expect([first, second]).toEqual([[{ kind: 'value', text: '"a"' }], [{ kind: 'value', text: '"b"' }]]);
  });

  it('sleep resolves after the timers run, also for a negative time', async () => {
    let done = false;
    const waiting = sleep(-5).then(() => (done = true));
    expect(done).toBe(false);
    await waiting;
    expect(done).toBe(true);
  });
});
