/**
 * The course's exercises, chapter by chapter, as the build reads them from the chapters' MDX
 * (exercisesOf): what every page's progress display needs (the sidebar and the course page count
 * every chapter's exercises), written once into each page as JSON by Progress.astro.
 */
import { getCollection } from 'astro:content';
import { exercisesOf } from '~/cells/exercises';
import { extractPage } from '~/cells/extract';
import type { Catalogue } from './record';

let cached: Promise<Catalogue> | null = null;

export function courseExercises(): Promise<Catalogue> {
  cached ??= getCollection('docs').then((entries) =>
    entries
      .filter((entry) => /^\d{2}-/.test(entry.id) && !entry.data.draft && entry.body)
      .sort((a, b) => (a.data as { order: number }).order - (b.data as { order: number }).order)
      .map((entry) => {
        const { cells } = extractPage(entry.body!);
        const exercises = exercisesOf(entry.body!, cells, entry.id).map(({ id, number, title, cell, hash }) => ({ id, number, title, cellId: cell.id, hash }));
        return { chapter: entry.id, title: entry.data.title, exercises };
      })
      .filter((chapter) => chapter.exercises.length > 0),
  );
  return cached;
}
