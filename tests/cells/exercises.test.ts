/**
 * Every exercise of every chapter, checked the way a reader meets it: the page's cells run in order
 * in one session (as the build runs them) up to the exercise; then the exercise cell as the page
 * ships it must fail its check with the diagnosis named here, each deliberate mistake (the
 * exercise cell with a few lines replaced) must get its own diagnosis, and the solution cell must
 * pass. The mistakes live here, not in the pages. The sentences are snapshotted
 * (__snapshots__/exercise-verdicts.txt) so a rewording shows as a diff.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { verdictsOf, type Verdict } from '~/cells/checks/check';
import { registerNodeAssets } from '~/cells/assets-node';
import { exercisesOf, type Exercise } from '~/cells/exercises';
import { extractPage } from '~/cells/extract';
import { defaultModules } from '~/cells/modules';
import * as plot from '~/cells/plot';
import { Session } from '~/cells/runner';
import type { Cell } from '~/cells/types';
import { EXERCISE_MISTAKES } from './exercise-mistakes';

const docs = new URL('../../src/content/docs/', import.meta.url).pathname;
const chapters = readdirSync(docs)
  .filter((f) => f.endsWith('.mdx'))
  .sort()
  .map((file) => {
    const source = readFileSync(join(docs, file), 'utf8');
    const { cells } = extractPage(source);
    return { file, cells, exercises: exercisesOf(source, cells, file) };
  })
  .filter((c) => c.exercises.length > 0);

/** The exercise cell with its `replace` pairs applied; each must match exactly once. */
function variantCode(exercise: Exercise, replace: readonly (readonly [string, string])[], label: string): string {
  let code = exercise.cell.code;
  for (const [from, to] of replace) {
    const at = code.indexOf(from);
    if (at < 0 || code.indexOf(from, at + 1) >= 0) {
      throw new Error(`${label}: ${JSON.stringify(from)} must occur exactly once in the exercise cell (the chapter changed?)`);
    }
    code = code.slice(0, at) + to + code.slice(at + from.length);
  }
  return code;
}

const sentences: string[] = [];
/** SHOW_VERDICTS=1 prints every verdict while a chapter's table is being written. */
const record = (text: string) => {
  sentences.push(text);
  if (process.env.SHOW_VERDICTS) console.log(text);
};
const describeVerdicts = (verdicts: Verdict[]) => verdicts.map((v) => `  ${v.passed ? 'pass' : `fail ${v.mistake}`}: ${v.message}`).join('\n');

describe('every exercise has its table of mistakes', () => {
  it('lists exactly the exercises the chapters have', () => {
    const onPages = chapters.flatMap((c) => c.exercises.map((e) => `${c.file} ${e.id}`)).sort();
    const inTable = Object.entries(EXERCISE_MISTAKES).flatMap(([file, list]) => Object.keys(list).map((id) => `${file} ${id}`)).sort();
    expect(inTable).toEqual(onPages);
  });
});

for (const { file, cells, exercises } of chapters) {
  describe(file, () => {
    let session: Session | null = null;
    let next = 0;
    /** Runs the page's cells before `until` (browser-only ones are skipped, as in the build). */
    const runUpTo = async (until: Cell) => {
      session ??= new Session({ modules: await defaultModules(async () => plot) });
      for (; next < cells.length && cells[next]!.index < until.index; next++) {
        const cell = cells[next]!;
        if (cell.flags.browserOnly) continue;
        const result = await session.run(cell.code, { cellId: cell.id });
        if (!cell.flags.throws) expect(result.status, `${file} cell ${cell.index} (line ${cell.line})`).toBe('ok');
      }
      return session;
    };
    const verdictsOfRun = async (s: Session, code: string, cellId: string, what: string) => {
      const result = await s.run(code, { cellId });
      const error = result.outputs.find((o) => o.kind === 'error');
      expect(result.status, `${what} threw ${error && 'message' in error ? error.message : ''}`).toBe('ok');
      const verdicts = verdictsOf(result.outputs);
      expect(verdicts.length, `${what} shows a verdict`).toBeGreaterThan(0);
      return verdicts;
    };

    for (const exercise of exercises) {
      const table = EXERCISE_MISTAKES[file]?.[exercise.id];
      it(`${exercise.id} (${exercise.title}): the placeholder fails with "${table?.placeholder}", ${table?.wrong.length ?? 0} deliberate mistakes get their diagnosis, the solution passes`, async () => {
        registerNodeAssets();
        expect(table, `${file} ${exercise.id} has no table in exercise-mistakes.ts`).toBeDefined();
        const s = await runUpTo(exercise.cell);
        const heading = `${file} ${exercise.id}`;

        const shipped = await verdictsOfRun(s, exercise.cell.code, exercise.cell.id, `${heading}: the placeholder`);
        record(`${heading} placeholder\n${describeVerdicts(shipped)}`);
        expect(shipped.some((v) => !v.passed), `${heading}: the placeholder passes its own check`).toBe(true);
        expect(shipped.find((v) => !v.passed)!.mistake).toBe(table!.placeholder);

        for (const wrong of table!.wrong) {
          const label = `${heading}: ${wrong.says}`;
          const verdicts = await verdictsOfRun(s, variantCode(exercise, wrong.replace, label), exercise.cell.id, label);
          record(`${heading} ${wrong.says}\n${describeVerdicts(verdicts)}`);
          const failed = verdicts.find((v) => !v.passed && (wrong.check === undefined || v.name === wrong.check));
          expect(failed?.mistake, `${label}\n${describeVerdicts(verdicts)}`).toBe(wrong.mistake);
        }

        for (const lookalike of table!.lookalikes ?? []) {
          const label = `${heading}: ${lookalike.says} (only looks wrong)`;
          const verdicts = await verdictsOfRun(s, variantCode(exercise, lookalike.replace, label), exercise.cell.id, label);
          record(`${heading} ${lookalike.says} (only looks wrong)\n${describeVerdicts(verdicts)}`);
          expect(verdicts.filter((v) => !v.passed), `${label}\n${describeVerdicts(verdicts)}`).toEqual([]);
        }

        // The page's own exercise cell again, so the solution runs in the state the page gives it.
        await verdictsOfRun(s, exercise.cell.code, exercise.cell.id, `${heading}: the placeholder, again`);
        for (; next < cells.length && cells[next]!.index <= exercise.cell.index; next++);
        await runUpTo(exercise.solution);
        const solved = await verdictsOfRun(s, exercise.solution.code, exercise.solution.id, `${heading}: the solution`);
        record(`${heading} solution\n${describeVerdicts(solved)}`);
        expect(solved.filter((v) => !v.passed), describeVerdicts(solved)).toEqual([]);
        next = exercise.solution.index + 1;
      }, 300_000);
    }
  });
}

describe('the verdicts', () => {
  // Runs after every exercise above (tests in a file run in order); a filtered run skips it.
  it('say what __snapshots__/exercise-verdicts.txt holds', async () => {
    const expected = Object.values(EXERCISE_MISTAKES).reduce((n, list) => n + Object.values(list).reduce((m, t) => m + t.wrong.length + (t.lookalikes?.length ?? 0) + 2, 0), 0);
    expect(sentences).toHaveLength(expected);
    await expect(`${sentences.join('\n\n')}\n`).toMatchFileSnapshot('./__snapshots__/exercise-verdicts.txt');
  });
});
