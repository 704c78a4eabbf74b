/**
 * The exercises of a page, as the chapters write them (see the teaching guide): a heading
 * "### Exercise N: title", then a cell for the reader to work in that ends with a check, a hint,
 * and a `solution` cell. The tests run each exercise's checks against deliberate mistakes, the
 * build refuses a solution whose check fails, and the reader's progress is kept per exercise, all
 * from this one reading of the page.
 */
import { hashCode } from './hash';
import type { Cell } from './types';

export interface Exercise {
  /** "exercise-2": stable while the exercise keeps its number. */
  id: string;
  number: number;
  title: string;
  /** Line of the heading in the MDX file (1-based). */
  line: number;
  /** The cell the reader works in (its placeholder must fail its check). */
  cell: Cell;
  /** The worked solution (its check must pass). */
  solution: Cell;
  /**
   * Hash of the exercise cell and the solution as written: when a chapter changes an exercise
   * (its placeholder, its check or its solution), a reader's "solved" no longer applies as it was.
   */
  hash: string;
}

const HEADING = /^###\s+Exercise\s+(\d+)\s*(?::\s*(.*?))?\s*$/;
/** A heading of level 1 to 3 ends an exercise (level 4 and below may be part of it). */
const SECTION = /^#{1,3}\s/;

/**
 * The exercises of a page from its source and its cells (extractPage's). An "### Exercise" heading
 * without a working cell and a solution cell under it is the author's error and throws.
 */
export function exercisesOf(source: string, cells: readonly Cell[], page = 'the page'): Exercise[] {
  const lines = source.split('\n');
  const headings: { line: number; number: number; title: string }[] = [];
  const sections: number[] = [];
  let fence: string | null = null;
  lines.forEach((text, i) => {
    // Headings inside fenced code (the teaching guide's example) are not headings.
    const opening = /^\s*(`{3,}|~{3,})/.exec(text);
    if (opening) {
      if (fence === null) fence = opening[1]!;
      else if (text.trim().startsWith(fence) && text.trim().replace(/[`~]/g, '') === '') fence = null;
      return;
    }
    if (fence !== null) return;
    if (SECTION.test(text)) sections.push(i + 1);
    const match = HEADING.exec(text);
    if (match) headings.push({ line: i + 1, number: Number(match[1]), title: match[2] ?? '' });
  });
  return headings.map(({ line, number, title }) => {
    const end = sections.find((s) => s > line) ?? Infinity;
    const inside = cells.filter((c) => c.line > line && c.line < end);
    const cell = inside.find((c) => !c.flags.solution);
    const solution = inside.find((c) => c.flags.solution);
    if (!cell || !solution) {
      throw new Error(`${page}: line ${line}: "### Exercise ${number}" needs a cell for the reader and a solution cell before the next heading`);
    }
    return { id: `exercise-${number}`, number, title, line, cell, solution, hash: hashCode(`${cell.code}\n\u0000\n${solution.code}`) };
  });
}
