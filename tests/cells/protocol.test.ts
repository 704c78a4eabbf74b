import { describe, expect, it } from 'vitest';
import { validateWorkerMessage } from '~/cells/protocol';

describe('validateWorkerMessage', () => {
  it('accepts well-formed messages and rejects everything else', () => {
    expect(validateWorkerMessage({ type: 'outputs', runId: 1, outputs: [{ kind: 'log', level: 'info', text: 'x' }] })).not.toBeNull();
    expect(validateWorkerMessage({ type: 'outputs', runId: 1, outputs: [{ kind: 'html', html: '<b>' }] })).toBeNull();
    expect(validateWorkerMessage({ type: 'outputs', runId: 1, outputs: [{ kind: 'log', level: 'shout', text: 'x' }] })).toBeNull();
    expect(validateWorkerMessage({ type: 'done', runId: 2, result: { status: 'ok', outputs: [{ kind: 'value' }] } })).toBeNull();
    expect(validateWorkerMessage('ready')).toBeNull();
    expect(validateWorkerMessage({ type: 'ready' })).toEqual({ type: 'ready' });
  });

  it('checks every field a renderer relies on', () => {
    const output = (o: unknown) => validateWorkerMessage({ type: 'outputs', runId: 0, outputs: [o] });
    expect(output({ kind: 'progress', fraction: Number.NaN, label: '' })).toBeNull();
    expect(output({ kind: 'progress', fraction: 1.5, label: '' })).toBeNull();
    expect(output({ kind: 'progress', fraction: 0.5, label: 'ok', id: 'p' })).not.toBeNull();
    expect(output({ kind: 'matrix', rows: 2, cols: 2, cells: [['1', 2]], truncated: false })).toBeNull();
    expect(output({ kind: 'matrix', rows: -1, cols: 2, cells: [], truncated: false })).toBeNull();
    expect(output({ kind: 'error', name: 'E', message: 'm', line: 1.5 })).toBeNull();
    expect(output({ kind: 'error', name: 'E', message: 'm', line: 3, column: 2, expected: true })).not.toBeNull();
    expect(output({ kind: 'svg', svg: 'x'.repeat(1_000_001) })).toBeNull();
    expect(output({ kind: 'value', text: 'v', id: 7 })).toBeNull();
    expect(output(null)).toBeNull();
    expect(validateWorkerMessage({ type: 'outputs', runId: -1, outputs: [{ kind: 'notice', text: 'n' }] })).toBeNull();
    expect(validateWorkerMessage({ type: 'done', runId: 1, result: { status: 'maybe', outputs: [] } })).toBeNull();
    expect(validateWorkerMessage({ type: 'done', runId: 1, result: { status: 'ok', outputs: [] } })).not.toBeNull();
    expect(validateWorkerMessage({ type: 'run', runId: 1, cellId: '0', code: '1' })).toBeNull();
    expect(validateWorkerMessage([{ type: 'ready' }])).toBeNull();
    expect(validateWorkerMessage({ type: 'outputs', runId: 1, outputs: Array.from({ length: 1001 }, () => ({ kind: 'notice', text: 'n' })) })).toBeNull();
    expect(output({ kind: 'progress', fraction: 0.5, label: 'l'.repeat(1001) })).toBeNull();
    expect(output({ kind: 'error', name: 'E', message: 'm'.repeat(20_001) })).toBeNull();
    expect(validateWorkerMessage({ type: 'accepted', runId: 4 })).toEqual({ type: 'accepted', runId: 4 });
    expect(validateWorkerMessage({ type: 'pong', id: 2 })).toEqual({ type: 'pong', id: 2 });
  });

  it('keeps only the fields the schema names, so nothing else reaches the page', () => {
    const message = validateWorkerMessage({ type: 'outputs', runId: 3, extra: 1, outputs: [{ kind: 'value', text: 'v', html: '<b>' }] });
    expect(message).toEqual({ type: 'outputs', runId: 3, outputs: [{ kind: 'value', text: 'v' }] });
  });

  it('checks the outputs inside a result as it checks streamed ones', () => {
    const done = (outputs: unknown[]) => validateWorkerMessage({ type: 'done', runId: 1, result: { status: 'error', outputs } });
    expect(done([{ kind: 'error', name: 'E', message: 'm', line: 2 }])).not.toBeNull();
    expect(done([{ kind: 'error', name: 'E', message: 'm' }, { kind: 'progress', fraction: 2, label: '' }])).toBeNull();
    expect(done([{ kind: 'matrix', rows: 65, cols: 1, cells: Array.from({ length: 65 }, () => ['0']), truncated: false }])).toBeNull();
  });

  it('accepts an error a cell threw after its run, with the cell it belongs to', () => {
    const late = { type: 'late', cellId: 'train', output: { kind: 'error', name: 'RangeError', message: 'later', line: 4 } };
    expect(validateWorkerMessage(late)).toEqual(late);
    expect(validateWorkerMessage({ ...late, cellId: 7 })).toBeNull();
    expect(validateWorkerMessage({ type: 'late', cellId: 'train', output: { kind: 'html' } })).toBeNull();
  });
});
