/**
 * Figures reach the page as SVG markup, so before any of it is inserted it is cut down to an
 * allowlist: SVG drawing elements (and the <figure>/<h2>/<h3>/<div>/<span> wrappers Observable
 * Plot adds for titles and legends), presentation attributes, no scripts, no event handlers, no
 * foreignObject, and links only to fragments inside the figure. Works on any DOM implementation
 * (the browser's, or linkedom in Node and the worker).
 */

/** The part of the DOM Element interface the sanitizer uses. */
export interface SvgElementLike {
  tagName: string;
  attributes: ArrayLike<{ name: string; value: string }>;
  children: ArrayLike<SvgElementLike>;
  textContent: string | null;
  hasAttribute(name: string): boolean;
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

/** url(...) or expression(...) in a style or paint value may load or run things; only url(#id) is kept. */
function safeValue(name: string, value: string): boolean {
  if (/javascript:|data:|vbscript:|expression\s*\(/i.test(value)) return false;
  if (/url\s*\(\s*['"]?(?!#)/i.test(value)) return false;
  if (/^(href|xlink:href)$/i.test(name)) return value.trim().startsWith('#');
  return true;
}

/** Removes, in place, every element and attribute outside the allowlist. Returns the element. */
export function sanitizeSvgElement<T extends SvgElementLike>(root: T): T {
  const visit = (element: SvgElementLike) => {
    for (const attribute of Array.from(element.attributes)) {
      if (!ATTRIBUTE.test(attribute.name) || /^on/i.test(attribute.name) || !safeValue(attribute.name, attribute.value)) {
        element.removeAttribute(attribute.name);
      }
    }
    // Plot labels axes and marks with aria-label on <g>; ARIA allows that only with a role.
    if (element.tagName.toLowerCase() === 'g' && element.hasAttribute('aria-label') && !element.hasAttribute('role')) {
      element.setAttribute('role', 'group');
    }
    for (const child of Array.from(element.children)) {
      const tag = child.tagName.toLowerCase();
      // A stylesheet may only style: no imports, no external or script URLs.
      const unsafeStyle = tag === 'style' && /@import|url\s*\(\s*['"]?(?!#)|javascript:|expression\s*\(/i.test(child.textContent ?? '');
      if (ELEMENTS.has(tag) && !unsafeStyle) visit(child);
      else child.remove();
    }
  };
  if (!ELEMENTS.has(root.tagName.toLowerCase())) throw new Error(`sanitizeSvg: a figure must be <svg> or <figure>, got <${root.tagName.toLowerCase()}>`);
  visit(root);
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
