/**
 * Outputs as markup. `outputsToTree` describes them as a small element tree, read in two places:
 * the build writes it as HTML (./render-html, with hastscript and hast-util-to-html), and the
 * browser builds real nodes from it with `toDom`, setting text with textContent only. Figure markup
 * is the one exception to "text is text", and it passes an SVG allowlist on both paths.
 *
 * `toDom` is written here rather than through hastscript and a hast→DOM step: hastscript and the
 * property tables it needs would add 7.3 KB gzip to the page's notebook chunk (esbuild, minified),
 * for a job of twelve lines.
 */
import { equationHref, equationLabel } from './checks/equation';
import { sanitizeSvgElement, type SvgElementLike } from './sanitize-svg';
import type { Output } from './types';

export interface RenderOptions {
  /** The site's base path ("/" or "/mlp-from-scratch/"), put in front of links to other pages (default "/"). */
  base?: string;
}

export interface OutputElement {
  tag: string;
  attrs?: Record<string, string>;
  children?: OutputNode[];
}
/** Text, an element, or sanitized figure markup. */
export type OutputNode = string | OutputElement | { figure: string };

function el(tag: string, attrs: Record<string, string>, ...children: OutputNode[]): OutputElement {
  return { tag, attrs, children };
}

function withId(attrs: Record<string, string>, output: Output): Record<string, string> {
  return 'id' in output && output.id !== undefined ? { ...attrs, 'data-output-id': output.id } : attrs;
}

/**
 * A check's verdict, as a status the screen reader announces: the text starts with the result
 * ("Check passed", "Check failed", "Not answered yet"), the mark before it is decoration, and a
 * failed check links the equation that gives the right form.
 */
function verdictToTree(output: Extract<Output, { kind: 'check' }>, options: RenderOptions): OutputElement {
  const state = output.passed ? 'pass' : output.mistake === 'unanswered' ? 'unanswered' : 'fail';
  const label = { pass: 'Check passed', fail: 'Check failed', unanswered: 'Not answered yet' }[state];
  const mark = { pass: '✓', fail: '✗', unanswered: '○' }[state];
  const attrs: Record<string, string> = { class: 'mlp-out mlp-out-check', role: 'status', 'data-verdict': state };
  if (output.mistake) attrs['data-mistake'] = output.mistake;
  const link = output.equation && !output.passed
    ? [' See ', el('a', { href: equationHref(output.equation, options.base) }, `equation ${equationLabel(output.equation)}`), '.']
    : [];
  return el('div', attrs, el('span', { class: 'mlp-check-mark', 'aria-hidden': 'true' }, mark), el('strong', { class: 'mlp-out-label' }, `${label}:`), ` ${output.message}`, ...link);
}

/** One output as an element. */
export function outputToTree(output: Output, options: RenderOptions = {}): OutputElement {
  switch (output.kind) {
    case 'log':
      return el('pre', { class: 'mlp-out mlp-out-log', 'data-level': output.level }, output.text);
    case 'value':
      return el('pre', withId({ class: 'mlp-out mlp-out-value' }, output), output.text);
    case 'matrix': {
      const caption = `${output.rows}×${output.cols} matrix${output.truncated ? ' (truncated: the middle rows and columns are not shown)' : ''}`;
      const rows = output.cells.map((row) => el('tr', {}, ...row.map((cell) => el('td', {}, cell))));
      // A wide matrix scrolls sideways inside its own box; keyboard users reach that box with Tab
      // (WCAG 2.1.1), and it is announced by its shape.
      const scrollRegion = { class: 'mlp-out mlp-out-matrix', tabindex: '0', role: 'group', 'aria-label': caption };
      return el('div', withId(scrollRegion, output), el('table', {}, el('caption', {}, caption), el('tbody', {}, ...rows)));
    }
    case 'svg':
      return el('div', withId({ class: 'mlp-out mlp-out-svg' }, output), { figure: output.svg });
    case 'progress': {
      const percent = `${Math.round(output.fraction * 100)} %`;
      return el(
        'div',
        withId({ class: 'mlp-out mlp-out-progress' }, output),
        el('progress', { max: '1', value: String(output.fraction), 'aria-label': output.label || 'progress' }, percent),
        el('span', {}, output.label ? `${output.label} — ${percent}` : percent),
      );
    }
    case 'error': {
      const where = output.line !== undefined ? ` (line ${output.line}${output.column !== undefined ? `, column ${output.column}` : ''})` : '';
      return el(
        'div',
        { class: `mlp-out mlp-out-error${output.expected ? ' mlp-out-expected' : ''}` },
        ...(output.expected ? [el('span', { class: 'mlp-out-label' }, 'Expected error: ')] : []),
        el('strong', {}, output.name),
        `: ${output.message}${where}`,
      );
    }
    case 'notice':
      return el('p', { class: 'mlp-out mlp-out-notice' }, output.text);
    case 'check':
      return verdictToTree(output, options);
  }
}

/** The outputs of one cell, in order. */
export function outputsToTree(outputs: readonly Output[], options: RenderOptions = {}): OutputElement[] {
  return outputs.map((output) => outputToTree(output, options));
}

/** The tree as DOM nodes of `document`; text via textContent, figures parsed and sanitized. */
export function toDom(nodes: readonly OutputNode[], document: Document): Node[] {
  return nodes.map((node) => {
    if (typeof node === 'string') return document.createTextNode(node);
    if ('figure' in node) {
      // The document's own window's parser when it has one (a linkedom document in tests), else the global one.
      const Parser = (document.defaultView as { DOMParser?: typeof DOMParser } | null)?.DOMParser ?? DOMParser;
      // A whole document, not a fragment: linkedom leaves the body of a bare fragment empty.
      const parsed = new Parser().parseFromString(`<!doctype html><html><body>${node.figure}</body></html>`, 'text/html').body?.firstElementChild;
      try {
        if (!parsed) throw new Error('the figure has no markup');
        sanitizeSvgElement(parsed as unknown as SvgElementLike);
        return document.importNode(parsed, true);
      } catch (error) {
        // Said where the figure would have been, not thrown into the page (which would leave it blank).
        const message = error instanceof Error ? error.message.replace(/^sanitizeSvg: /, '') : String(error);
        const box = document.createElement('p');
        box.className = 'mlp-out mlp-out-error';
        box.textContent = `This figure could not be shown: ${message}.`;
        return box;
      }
    }
    const element = document.createElement(node.tag);
    for (const [k, v] of Object.entries(node.attrs ?? {})) element.setAttribute(k, v);
    for (const child of toDom(node.children ?? [], document)) element.appendChild(child);
    return element;
  });
}
