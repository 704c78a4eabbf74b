/**
 * The reader's progress through the exercises, as data: which exercises they tried and which they
 * solved, when, with what code, and against which version of the exercise (its hash, see
 * src/cells/exercises.ts). Nothing here touches the browser; ./store keeps the record in
 * localStorage and ./enhance shows it. The record never leaves the reader's browser except as a
 * file they export themselves.
 */
import * as v from 'valibot';

/** One exercise of one chapter, as the build lists them (./catalogue). */
export interface CatalogueExercise {
  /** "exercise-2" */
  id: string;
  number: number;
  title: string;
  /** The id of the cell the reader works in. */
  cellId: string;
  hash: string;
}

export interface CatalogueChapter {
  /** The page's slug: "05-backpropagation". */
  chapter: string;
  title: string;
  exercises: CatalogueExercise[];
}

export type Catalogue = CatalogueChapter[];

const Chapter = v.pipe(v.string(), v.regex(/^[a-z0-9][a-z0-9-]{0,99}$/, 'a chapter slug such as "05-backpropagation"'));
const ExerciseId = v.pipe(v.string(), v.regex(/^exercise-\d{1,3}$/, 'an exercise id such as "exercise-2"'));
const Hash = v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/, 'a 16-digit hex hash'));
const Time = v.pipe(v.string(), v.isoTimestamp('an ISO time such as "2026-12-02T08:00:00.000Z"'));
const Code = v.pipe(v.string(), v.maxLength(100_000, 'at most 100,000 characters of code'));

/** What the record keeps per exercise. */
export const EntrySchema = v.object({
  chapter: Chapter,
  exercise: ExerciseId,
  state: v.picklist(['tried', 'solved']),
  /** The hash of the exercise when it was last tried or solved. */
  hash: Hash,
  /** When it was first solved (absent while only tried). */
  solvedAt: v.optional(Time),
  /** The reader's code when it was solved (or last tried). */
  code: Code,
});
export type Entry = v.InferOutput<typeof EntrySchema>;

/** The exported file, and the form localStorage holds. */
export const FILE_FORMAT = 'mlp-from-scratch-progress';
export const FileSchema = v.object({
  format: v.literal(FILE_FORMAT),
  version: v.literal(1),
  exportedAt: v.optional(Time),
  exercises: v.pipe(v.array(EntrySchema), v.maxLength(1000, 'at most 1,000 exercises')),
});
export type ProgressFile = v.InferOutput<typeof FileSchema>;

export type ExerciseState = 'not tried' | 'tried' | 'solved' | 'changed';

const keyOf = (chapter: string, exercise: string) => `${chapter}/${exercise}`;

/** The record: one entry per chapter and exercise. */
export class ProgressRecord {
  private readonly entries = new Map<string, Entry>();

  constructor(entries: readonly Entry[] = []) {
    for (const entry of entries) this.entries.set(keyOf(entry.chapter, entry.exercise), entry);
  }

  get(chapter: string, exercise: string): Entry | undefined {
    return this.entries.get(keyOf(chapter, exercise));
  }

  all(): Entry[] {
    return [...this.entries.values()].sort((a, b) => keyOf(a.chapter, a.exercise).localeCompare(keyOf(b.chapter, b.exercise), 'en', { numeric: true }));
  }

  /**
   * An exercise cell ran and showed its verdicts. All passed: solved (the first time keeps its time,
   * unless the exercise changed since). Some failed, with code the reader changed: tried, unless it
   * was solved already with this version of the exercise (a solved exercise stays solved).
   */
  recordRun(run: { chapter: string; exercise: CatalogueExercise; passed: boolean; edited: boolean; code: string; now: Date }): void {
    const { chapter, exercise, passed, edited, code, now } = run;
    const before = this.get(chapter, exercise.id);
    const current = before !== undefined && before.hash === exercise.hash;
    if (passed) {
      const solvedAt = current && before.state === 'solved' && before.solvedAt ? before.solvedAt : now.toISOString();
      this.entries.set(keyOf(chapter, exercise.id), { chapter, exercise: exercise.id, state: 'solved', hash: exercise.hash, solvedAt, code });
      return;
    }
    if (!edited || (current && before.state === 'solved')) return;
    this.entries.set(keyOf(chapter, exercise.id), { chapter, exercise: exercise.id, state: 'tried', hash: exercise.hash, code });
  }

  /** The state to show: a solved record of another version of the exercise is "changed", not solved. */
  stateOf(chapter: string, exercise: CatalogueExercise): ExerciseState {
    const entry = this.get(chapter, exercise.id);
    if (!entry) return 'not tried';
    if (entry.state === 'solved') return entry.hash === exercise.hash ? 'solved' : 'changed';
    return 'tried';
  }

  /** How many of a chapter's exercises are solved in their current version. */
  solvedIn(chapter: CatalogueChapter): number {
    return chapter.exercises.filter((e) => this.stateOf(chapter.chapter, e) === 'solved').length;
  }

  toFile(now?: Date): ProgressFile {
    return { format: FILE_FORMAT, version: 1, ...(now ? { exportedAt: now.toISOString() } : {}), exercises: this.all() };
  }

  /** The entries of another record added to this one; where both have an exercise, a solved one wins, then the later. */
  merge(other: ProgressRecord): void {
    for (const entry of other.all()) {
      const mine = this.get(entry.chapter, entry.exercise);
      const better =
        !mine ||
        (entry.state === 'solved' && mine.state !== 'solved') ||
        (entry.state === mine.state && (entry.solvedAt ?? '') > (mine.solvedAt ?? ''));
      if (better) this.entries.set(keyOf(entry.chapter, entry.exercise), entry);
    }
  }
}

/** "2 of 3 exercises solved". */
export function summary(solved: number, total: number): string {
  return `${solved} of ${total} ${total === 1 ? 'exercise' : 'exercises'} solved`;
}

/** A record from text (a file or localStorage), or a sentence saying what is wrong with it. */
export function parseRecord(text: string, what = 'the file'): { ok: true; record: ProgressRecord } | { ok: false; problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${what} is not JSON; expected a progress file exported from this course` };
  }
  if (typeof data !== 'object' || data === null || (data as { format?: unknown }).format !== FILE_FORMAT) {
    return { ok: false, problem: `${what} is not a progress file of this course (it has no "format": "${FILE_FORMAT}")` };
  }
  const result = v.safeParse(FileSchema, data);
  if (!result.success) {
    const issue = result.issues[0]!;
    const path = v.getDotPath(issue);
    return { ok: false, problem: `${what} has a problem${path ? ` at ${path}` : ''}: ${issue.message}` };
  }
  return { ok: true, record: new ProgressRecord(result.output.exercises) };
}
