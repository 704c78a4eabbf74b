/**
 * The CSS a figure may carry: Plot writes a small <style> into every figure (flat rules of
 * zero-specificity `:where(.plot-…)` selectors) and presentation attributes (`fill`, `transform`,
 * `style`). A figure is code the reader may have been sent, so its CSS must neither style the page
 * nor fetch anything:
 *
 * - no CSS may fetch: every function must be one that only computes (`calc`, `rgb`, `translate`,
 *   `:where`, …), so `url(http…)`, `image-set`, `-webkit-image-set`, `src()`, `@import` and
 *   `@font-face` never get through, and a backslash (a CSS escape, as in `\75 rl(`) is refused
 *   outright, since it could spell any of them; the one URL kept is a fragment, `url(#id)`;
 * - a stylesheet must be flat rules (no at-rules, strings, nesting or `<`), and every selector is
 *   rewritten to match only inside its figure (`scopeFigureStyle`), so a figure's
 *   `body { display: none }` styles nothing outside it. Its box (cells.css) keeps `position: fixed`
 *   and z-index inside it.
 */

/** CSS functions that compute a value or match an element, and load nothing. */
const PURE_FUNCTIONS = new Set([
  'where', 'is', 'not', 'has', 'nth-child', 'nth-last-child', 'nth-of-type', 'nth-last-of-type',
  'var', 'calc', 'min', 'max', 'clamp', 'rgb', 'rgba', 'hsl', 'hsla', 'hwb', 'lab', 'lch', 'oklab', 'oklch', 'color-mix',
  'translate', 'translatex', 'translatey', 'rotate', 'scale', 'scalex', 'scaley', 'skew', 'skewx', 'skewy', 'matrix',
]);

/** `url(#id)`: a reference inside the figure (a clip path, a gradient), the one URL a figure may hold. */
const LOCAL_URL = /url\(\s*(['"]?)#[\w.:-]*\1\s*\)/gi;

function withoutComments(css: string): string {
  return css.replace(/\/\*[\s\S]*?(\*\/|$)/g, ' ');
}

/**
 * Whether a CSS value or stylesheet can load nothing: no escapes, and no function besides the pure
 * ones and `url(#fragment)`. (Comments are read as the CSS parser reads them: as a separator.)
 */
export function fetchFree(css: string): boolean {
  const text = withoutComments(css);
  if (text.includes('\\')) return false;
  if (/javascript:|vbscript:|data:|expression/i.test(text)) return false;
  const rest = text.replace(LOCAL_URL, ' ');
  for (const match of rest.matchAll(/([\w-]*)\s*\(/g)) {
    if (!PURE_FUNCTIONS.has(match[1]!.toLowerCase())) return false;
  }
  return true;
}

/** The class of a figure's root that its stylesheet is scoped to. */
export const SCOPE_CLASS = /^mlp-figure-[0-9a-f]{16}$/;

/** Whether every ( and [ closes, in order: an unclosed one would let a selector reach past the scope written around it. */
function balanced(text: string): boolean {
  const open: string[] = [];
  for (const c of text) {
    if (c === '(' || c === '[') open.push(c === '(' ? ')' : ']');
    else if ((c === ')' || c === ']') && open.pop() !== c) return false;
  }
  return open.length === 0;
}

/** Splits a selector list at its top-level commas (not those inside `:where(a, b)`). */
function selectors(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(list.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(list.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== '');
}

const SCOPED_ROOT = /^:where\(\.mlp-figure-[0-9a-f]{16}\):is\(/;
const SCOPED_DESCENDANT = /^:where\(\.mlp-figure-[0-9a-f]{16}\)\s+/;

/** The rules of a flat stylesheet with the scoping of an earlier pass taken off, or null when it is not flat CSS. */
function rules(css: string): { selectors: string[]; body: string }[] | null {
  const text = withoutComments(css);
  if (/[@"'<\\]/.test(text)) return null;
  const blocks = text.split('}');
  if (blocks.at(-1)!.trim() !== '') return null;
  const result: { selectors: string[]; body: string }[] = [];
  for (const block of blocks.slice(0, -1)) {
    const [head, body, ...more] = block.split('{');
    if (head === undefined || body === undefined || more.length > 0 || !balanced(head) || !balanced(body)) return null;
    const own = selectors(head)
      // What an earlier pass wrote: the root form is written again below, the descendant form is unwrapped.
      .filter((s) => !SCOPED_ROOT.test(s))
      .map((s) => s.replace(SCOPED_DESCENDANT, ''));
    if (own.length > 0) result.push({ selectors: own, body: body.trim() });
  }
  return result;
}

/**
 * A figure's stylesheet in its canonical form (flat rules, earlier scoping taken off), or null when
 * it is not one a figure may carry (at-rules, strings, escapes, functions that fetch).
 */
export function canonicalFigureStyle(css: string): string | null {
  if (!fetchFree(css)) return null;
  const parsed = rules(css);
  if (!parsed) return null;
  return parsed.map((r) => `${r.selectors.join(', ')} { ${r.body} }`).join('\n');
}

/**
 * The canonical stylesheet with every selector S matching only the figure root that has
 * `scopeClass` (`:where(.c):is(S)`) and elements inside it (`:where(.c) S`); `:where` keeps Plot's
 * zero specificity, so the site's own figure rules still win. Scoping again gives the same text.
 */
export function scopeFigureStyle(canonical: string, scopeClass: string): string {
  const parsed = rules(canonical) ?? [];
  const scope = `:where(.${scopeClass})`;
  return parsed.map((r) => `${r.selectors.flatMap((s) => [`${scope}:is(${s})`, `${scope} ${s}`]).join(', ')} { ${r.body} }`).join('\n');
}
