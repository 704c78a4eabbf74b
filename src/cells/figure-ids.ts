/**
 * Ids inside a figure (Plot's clip paths and patterns: `plot-clip-1`, …) are renamed after the
 * figure's content. Plot numbers them per JavaScript realm, so a figure the reader draws in the
 * kernel worker starts again at `plot-clip-1` while the page's baked figures may already use that
 * id: `clip-path="url(#plot-clip-1)"` would then clip by another figure's shape. Named after a
 * hash of the markup, two figures can share an id only if they are the same figure.
 */
import { hashCode } from './hash';

/** The DOM Element operations the renaming needs (the browser's or linkedom's). */
export interface IdElementLike {
  attributes: ArrayLike<{ name: string; value: string }>;
  children: ArrayLike<IdElementLike>;
  outerHTML: string;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
}

const SCOPED = /^f[0-9a-f]{16}-/;
const ID_LISTS = new Set(['aria-labelledby', 'aria-describedby', 'aria-controls', 'aria-owns']);

function elements(root: IdElementLike): IdElementLike[] {
  const all: IdElementLike[] = [];
  const visit = (element: IdElementLike) => {
    all.push(element);
    for (const child of Array.from(element.children)) visit(child);
  };
  visit(root);
  return all;
}

/** Renames, in place, every id in the figure and every reference to it (url(#…), href="#…", aria id lists). */
export function scopeFigureIds<T extends IdElementLike>(root: T): T {
  const all = elements(root);
  const ids = new Map<string, string>();
  for (const element of all) {
    const id = element.getAttribute('id');
    if (id && !SCOPED.test(id)) ids.set(id, id);
  }
  if (ids.size === 0) return root;
  // Hashing costs about 7 ms per 80 kB of markup, so only figures with ids pay it.
  const prefix = `f${hashCode(root.outerHTML)}-`;
  for (const id of ids.keys()) ids.set(id, prefix + id);
  const renamed = (id: string) => ids.get(id) ?? id;
  for (const element of all) {
    for (const { name, value } of Array.from(element.attributes)) {
      const lower = name.toLowerCase();
      let next = value;
      if (lower === 'id') next = renamed(value);
      else if (lower === 'href' || lower === 'xlink:href') next = value.startsWith('#') ? `#${renamed(value.slice(1))}` : value;
      else if (ID_LISTS.has(lower)) next = value.split(/\s+/).map(renamed).join(' ');
      else next = value.replace(/url\(\s*(['"]?)#([^'")\s]+)\1\s*\)/g, (_, quote: string, id: string) => `url(${quote}#${renamed(id)}${quote})`);
      if (next !== value) element.setAttribute(name, next);
    }
  }
  return root;
}
