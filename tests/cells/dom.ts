/** A linkedom element holding `html`, for the sanitizer's tests (it takes a parser of this shape). */
import { parseHTML } from 'linkedom';

export function parseFragment(html: string): never {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const div = document.createElement('div');
  div.innerHTML = html;
  return div as never;
}
