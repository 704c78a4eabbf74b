import { describe, expect, it } from 'vitest';
import { resolvePrerequisites } from '~/components/prerequisites';

const chapters = [
  { id: '01-introduction', title: 'Introduction', order: 1 },
  { id: '02-forward-pass', title: 'The forward pass', order: 2 },
  { id: '05-backpropagation', title: 'Backpropagation', order: 5 },
];
const backprop = chapters[2]!;

describe('resolvePrerequisites', () => {
  it('resolves slugs to the chapters, in the order written', () => {
    expect(resolvePrerequisites(backprop, ['02-forward-pass', '01-introduction'], chapters).map((c) => c.title)).toEqual(['The forward pass', 'Introduction']);
    expect(resolvePrerequisites(backprop, [], chapters)).toEqual([]);
  });

  it('names the chapter and the missing slug when a prerequisite is not in the course (a dropped chapter)', () => {
    expect(() => resolvePrerequisites(backprop, ['04-losses'], chapters)).toThrow(
      /05-backpropagation: prerequisite "04-losses" is not a chapter of this course \(chapters: 01-introduction, 02-forward-pass, 05-backpropagation\)/,
    );
  });

  it('refuses a prerequisite that does not come earlier (a reordered chapter, or itself)', () => {
    expect(() => resolvePrerequisites(chapters[1]!, ['05-backpropagation'], chapters)).toThrow(/02-forward-pass \(order 2\): prerequisite "05-backpropagation" comes at order 5, not before it/);
    expect(() => resolvePrerequisites(backprop, ['05-backpropagation'], chapters)).toThrow(/not before it/);
  });
});
