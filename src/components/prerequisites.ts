/**
 * A chapter's `prerequisites` (frontmatter slugs, src/content.config.ts) resolved to the chapters
 * they name. A slug that names no chapter, or a chapter that does not come earlier in the course,
 * is an error at build time: after a fork drops or reorders chapters, the page would otherwise send
 * readers to a page that is gone or not yet read.
 */
export interface ChapterRef {
  id: string;
  title: string;
  order: number;
}

export function resolvePrerequisites(chapter: ChapterRef, prerequisites: readonly string[], chapters: readonly ChapterRef[]): ChapterRef[] {
  return prerequisites.map((slug) => {
    const found = chapters.find((c) => c.id === slug);
    if (!found) {
      throw new Error(
        `${chapter.id}: prerequisite "${slug}" is not a chapter of this course (chapters: ${chapters.map((c) => c.id).join(', ')}). ` +
          'Fix or remove it in the frontmatter.',
      );
    }
    if (found.order >= chapter.order) {
      throw new Error(
        `${chapter.id} (order ${chapter.order}): prerequisite "${slug}" comes at order ${found.order}, not before it. ` +
          'A chapter can only require chapters that come earlier.',
      );
    }
    return found;
  });
}
