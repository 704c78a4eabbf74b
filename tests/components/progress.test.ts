/**
 * The progress record: states from runs, a changed exercise reported as changed (never as solved),
 * the file it exports and what an import refuses, with the reason.
 */
import { describe, expect, it } from 'vitest';
import { FILE_FORMAT, parseRecord, ProgressRecord, summary, type CatalogueChapter } from '~/components/progress/record';
import { slugOf } from '~/components/progress/page';

const exercise = { id: 'exercise-1', number: 1, title: 'one', cellId: '12', hash: '0123456789abcdef' };
const other = { id: 'exercise-2', number: 2, title: 'two', cellId: '14', hash: 'fedcba9876543210' };
const chapter: CatalogueChapter = { chapter: '05-backpropagation', title: 'Backpropagation', exercises: [exercise, other] };
const at = (iso: string) => new Date(iso);
const run = (record: ProgressRecord, passed: boolean, edited = true, when = '2026-12-02T08:00:00.000Z', ex = exercise) =>
  record.recordRun({ chapter: chapter.chapter, exercise: ex, passed, edited, code: passed ? 'right' : 'wrong', now: at(when) });

describe('the progress record', () => {
  it('goes from not tried to tried to solved, and a solved exercise stays solved with its first time', () => {
    const record = new ProgressRecord();
    expect(record.stateOf(chapter.chapter, exercise)).toBe('not tried');
    run(record, false, false);
    expect(record.stateOf(chapter.chapter, exercise), 'the untouched placeholder is no attempt').toBe('not tried');
    run(record, false);
    expect(record.stateOf(chapter.chapter, exercise)).toBe('tried');
    run(record, true);
    run(record, false, true, '2026-12-03T08:00:00.000Z');
    run(record, true, true, '2026-12-04T08:00:00.000Z');
    expect(record.get(chapter.chapter, exercise.id)).toMatchObject({ state: 'solved', solvedAt: '2026-12-02T08:00:00.000Z', code: 'right' });
    expect(record.solvedIn(chapter)).toBe(1);
    expect(summary(record.solvedIn(chapter), chapter.exercises.length)).toBe('1 of 2 exercises solved');
  });

  it('reports an exercise solved in another version as changed, not solved, until it is solved again', () => {
    const record = new ProgressRecord();
    run(record, true);
    const changed = { ...exercise, hash: 'aaaaaaaaaaaaaaaa' };
    expect(record.stateOf(chapter.chapter, changed)).toBe('changed');
    expect(record.solvedIn({ ...chapter, exercises: [changed, other] })).toBe(0);
    record.recordRun({ chapter: chapter.chapter, exercise: changed, passed: false, edited: true, code: 'x', now: at('2026-12-05T00:00:00.000Z') });
    expect(record.stateOf(chapter.chapter, changed), 'a failed try of the new version is a try').toBe('tried');
    record.recordRun({ chapter: chapter.chapter, exercise: changed, passed: true, edited: true, code: 'y', now: at('2026-12-06T00:00:00.000Z') });
    expect(record.get(chapter.chapter, exercise.id)).toMatchObject({ state: 'solved', hash: changed.hash, solvedAt: '2026-12-06T00:00:00.000Z' });
  });

  it('exports a file that imports back to the same record, and merges a solved entry over a tried one', () => {
    const record = new ProgressRecord();
    run(record, true);
    run(record, false, true, undefined, other);
    const file = JSON.stringify(record.toFile(at('2026-12-07T00:00:00.000Z')));
    const parsed = parseRecord(file);
    expect(parsed.ok && parsed.record.all()).toEqual(record.all());
    expect(JSON.parse(file)).toMatchObject({ format: FILE_FORMAT, version: 1, exportedAt: '2026-12-07T00:00:00.000Z' });
    const elsewhere = new ProgressRecord();
    run(elsewhere, true, true, '2026-12-08T00:00:00.000Z', other);
    record.merge(elsewhere);
    expect(record.stateOf(chapter.chapter, other)).toBe('solved');
    expect(record.get(chapter.chapter, exercise.id)?.solvedAt).toBe('2026-12-02T08:00:00.000Z');
  });

  it('refuses a file that is not JSON, not a progress file, or malformed, saying where', () => {
    const problem = (text: string) => {
      const parsed = parseRecord(text, 'notes.json');
      return parsed.ok ? 'accepted' : parsed.problem;
    };
    expect(problem('{ nope')).toBe('notes.json is not JSON; expected a progress file exported from this course');
    expect(problem('{"exercises": []}')).toMatch(/^notes\.json is not a progress file of this course/);
    const good = { format: FILE_FORMAT, version: 1, exercises: [{ chapter: '05-backpropagation', exercise: 'exercise-1', state: 'solved', hash: '0123456789abcdef', solvedAt: '2026-12-02T08:00:00.000Z', code: 'x' }] };
    expect(problem(JSON.stringify(good))).toBe('accepted');
    expect(problem(JSON.stringify({ ...good, version: 2 }))).toMatch(/^notes\.json has a problem at version: /);
    expect(problem(JSON.stringify({ ...good, exercises: [{ ...good.exercises[0], hash: 'not hex' }] }))).toBe('notes.json has a problem at exercises.0.hash: a 16-digit hex hash');
    expect(problem(JSON.stringify({ ...good, exercises: [{ ...good.exercises[0], state: 'done' }] }))).toMatch(/^notes\.json has a problem at exercises\.0\.state: /);
    expect(problem(JSON.stringify({ ...good, exercises: [{ ...good.exercises[0], solvedAt: 'yesterday' }] }))).toMatch(/at exercises\.0\.solvedAt: an ISO time/);
  });
});

describe('the chapter of an address', () => {
  it('is the last path segment under the base', () => {
    expect(slugOf('/mlp-from-scratch/05-backpropagation/', '/mlp-from-scratch/')).toBe('05-backpropagation');
    expect(slugOf('/05-backpropagation/', '/')).toBe('05-backpropagation');
    expect(slugOf('/', '/')).toBe('');
  });
});
