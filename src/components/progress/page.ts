/**
 * Which chapter and exercises the page in the browser shows: the catalogue the build wrote into the
 * page (Progress.astro) and the chapter slug of the current address.
 */
import type { Catalogue, CatalogueChapter } from './record';

export function catalogue(): Catalogue {
  const json = document.getElementById('mlp-exercises')?.textContent;
  if (!json) return [];
  try {
    return JSON.parse(json) as Catalogue;
  } catch {
    return [];
  }
}

/** The slug of a site path ("/mlp-from-scratch/05-backpropagation/" → "05-backpropagation"). */
export function slugOf(path: string, base: string = import.meta.env.BASE_URL ?? '/'): string {
  const root = base.endsWith('/') ? base : `${base}/`;
  const rest = path.startsWith(root) ? path.slice(root.length) : path.replace(/^\//, '');
  return decodeURIComponent(rest).replace(/\/+$/, '').split('/').pop() ?? '';
}

export function currentChapter(list: Catalogue = catalogue()): CatalogueChapter | undefined {
  const slug = slugOf(location.pathname);
  return list.find((c) => c.chapter === slug);
}
