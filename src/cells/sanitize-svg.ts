/**
 * Figures reach the page as SVG markup, so before any of it is inserted it is cut down to an
 * allowlist: SVG drawing elements (and the <figure>/<h2>/<h3>/<div>/<span> wrappers Observable
 * Plot adds for titles and legends), presentation attributes, no scripts, no event handlers, no
 * foreignObject, links only to fragments inside the figure, and CSS that fetches nothing and
 * styles nothing outside the figure (./figure-css). Works on any DOM implementation (the
 * browser's, or linkedom in Node and the worker).
 */
import { canonicalFigureStyle, fetchFree, SCOPE_CLASS, scopeFigureStyle } from './figure-css';
import { hashCode } from './hash';

/** The part of the DOM Element interface the sanitizer uses. */
export interface SvgElementLike {
  tagName: string;
  attributes: ArrayLike<{ name: string; value: string }>;
  children: ArrayLike<SvgElementLike>;
  textContent: string | null;
  hasAttribute(name: string): boolean;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  remove(): void;
}

const ELEMENTS = new Set([
  'svg', 'g', 'path', 'rect', 'circle', 'ellipse', 'line', 'polyline', 'polygon', 'text', 'tspan', 'title', 'desc',
  'defs', 'clippath', 'lineargradient', 'radialgradient', 'stop', 'pattern', 'mask', 'marker', 'symbol', 'use', 'style',
  'figure', 'figcaption', 'h2', 'h3', 'div', 'span', 'p',
]);

const ATTRIBUTE = /^(aria-[\w-]+|role|class|id|style|d|x|y|x1|x2|y1|y2|dx|dy|cx|cy|r|rx|ry|width|height|viewbox|transform|fill|fill-opacity|fill-rule|stroke|stroke-width|stroke-opacity|stroke-linecap|stroke-linejoin|stroke-dasharray|stroke-miterlimit|opacity|points|font-family|font-size|font-weight|font-variant|font-style|text-anchor|dominant-baseline|alignment-baseline|paint-order|clip-path|mask|marker-start|marker-mid|marker-end|offset|stop-color|stop-opacity|gradientunits|gradienttransform|patternunits|preserveaspectratio|xmlns|xmlns:xlink|href|xlink:href|version|shape-rendering|text-rendering|vector-effect|orient|markerwidth|markerheight|refx|refy|mix-blend-mode|letter-spacing|tabindex|lang|dir)$/i;

/** What a figure's root may be: what Plot returns (an <svg>, a <figure> with a title or legend, a <div> of swatches). */
export const FIGURE_ROOTS = ['svg', 'figure', 'div'] as const;

/** The one wording of the root rule, for the check here and for whoever reports it. */
export function figureRootError(tag: string): string {
  return `a figure's root must be <svg>, <figure> or <div> (as Observable Plot draws them), got <${tag}>`;
}

/** Attributes that are text, not CSS (an aria-label may well say "f(x)"). */
const TEXT_ATTRIBUTE = /^(aria-[\w-]+|role|class|id|lang|dir|tabindex|d|points|viewbox|version|xmlns|xmlns:xlink)$/i;

/** Links only to fragments inside the figure; every CSS-valued attribute fetches nothing (./figure-css). */
function safeValue(name: string, value: string): boolean {
  if (/^(href|xlink:href)$/i.test(name)) return value.trim().startsWith('#');
  return TEXT_ATTRIBUTE.test(name) || fetchFree(value);
}

/** Removes, in place, every element and attribute outside the allowlist. Returns the element. */
export function sanitizeSvgElement<T extends SvgElementLike>(root: T): T {
  const styles: { element: SvgElementLike; css: string }[] = [];
  const visit = (element: SvgElementLike) => {
    for (const attribute of Array.from(element.attributes)) {
      if (!ATTRIBUTE.test(attribute.name) || /^on/i.test(attribute.name) || !safeValue(attribute.name, attribute.value)) {
        element.removeAttribute(attribute.name);
      }
    }
    // A scope class is the sanitizer's to give (below), never the figure's to claim.
    const classes = element.getAttribute('class');
    if (classes !== null && /mlp-figure-/.test(classes)) element.setAttribute('class', classes.split(/\s+/).filter((c) => !SCOPE_CLASS.test(c) && c !== '').join(' '));
    // Plot labels axes and marks with aria-label on <g>; ARIA allows that only with a role.
    if (element.tagName.toLowerCase() === 'g' && element.hasAttribute('aria-label') && !element.hasAttribute('role')) {
      element.setAttribute('role', 'group');
    }
    for (const child of Array.from(element.children)) {
      const tag = child.tagName.toLowerCase();
      if (!ELEMENTS.has(tag)) {
        child.remove();
        continue;
      }
      if (tag === 'style') {
        // A stylesheet may only style, and only its figure: flat rules that fetch nothing, scoped below.
        const css = canonicalFigureStyle(child.textContent ?? '');
        if (css === null) child.remove();
        else styles.push({ element: child, css });
        continue;
      }
      visit(child);
    }
  };
  const rootTag = root.tagName.toLowerCase();
  if (!(FIGURE_ROOTS as readonly string[]).includes(rootTag)) throw new Error(`sanitizeSvg: ${figureRootError(rootTag)}`);
  visit(root);
  if (styles.length > 0) {
    // Named after the stylesheets, so sanitizing the same figure again gives the same markup.
    const scope = `mlp-figure-${hashCode(styles.map((s) => s.css).join('\n'))}`;
    for (const { element, css } of styles) element.textContent = scopeFigureStyle(css, scope);
    root.setAttribute('class', [root.getAttribute('class') ?? '', scope].join(' ').trim());
  }
  return root;
}

/**
 * Sanitized markup of an SVG/figure string, parsed with the given document's parser (the
 * browser's DOMParser, or linkedom's). Markup that does not parse to one allowed root throws.
 */
export function sanitizeSvg(markup: string, parseHtml: (html: string) => { children: ArrayLike<SvgElementLike & { outerHTML: string }> }): string {
  const container = parseHtml(markup);
  if (container.children.length !== 1) throw new Error('sanitizeSvg: expected exactly one <svg> or <figure> element');
  const root = container.children[0]!;
  sanitizeSvgElement(root);
  return root.outerHTML;
}
