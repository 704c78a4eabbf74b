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
import { defaultStep, formatControlValue, logPosition, LOG_POSITIONS, type Control } from './controls';
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
    case 'control':
      // Controls are not outputs the reader reads in order: they stand in the cell's panel (`controlsToTree`).
      return el('span', { hidden: '' });
  }
}

/** The outputs of one cell, in order (its controls left out: see `controlsToTree`). */
export function outputsToTree(outputs: readonly Output[], options: RenderOptions = {}): OutputElement[] {
  return outputs.filter((output) => output.kind !== 'control').map((output) => outputToTree(output, options));
}

/** The attributes of a slider's <input>: its own min, max and step, or, on a log scale, the positions of ./controls. */
function sliderAttrs(control: Extract<Control, { type: 'slider' }>): Record<string, string> {
  if (control.log) return { min: '0', max: String(LOG_POSITIONS), step: '1', value: String(logPosition(control.min, control.max, control.value)) };
  return { min: String(control.min), max: String(control.max), step: String(control.step ?? defaultStep(control.min, control.max)), value: String(control.value) };
}

/**
 * One control as a native, labelled element that shows its value: `id` ties the label to it. The
 * wrapper carries the control as JSON, for the page to read its value back in the control's terms.
 */
export function controlToTree(control: Control, id: string): OutputElement {
  const shown = formatControlValue(control);
  const wrapper = { class: 'mlp-control', 'data-type': control.type, 'data-control': JSON.stringify(control) };
  const label = el('label', { for: id }, control.label);
  const value = el('output', { for: id, 'aria-hidden': 'true' }, shown);
  switch (control.type) {
    case 'slider':
      return el('div', wrapper, label, el('input', { type: 'range', id, ...sliderAttrs(control), 'aria-valuetext': shown }), value);
    case 'number': {
      const bounds = Object.fromEntries((['min', 'max', 'step'] as const).flatMap((k) => (control[k] === undefined ? [] : [[k, String(control[k])]])));
      // Any number is a number the cell may be given: the browser must not refuse 0.37 because of a step.
      return el('div', wrapper, label, el('input', { type: 'number', id, ...bounds, ...(control.step === undefined ? { step: 'any' } : {}), value: String(control.value) }), ...(control.unit ? [el('span', { class: 'mlp-control-unit' }, control.unit)] : []));
    }
    case 'select':
      return el(
        'div',
        wrapper,
        label,
        el('select', { id }, ...control.options.map((option, i) => el('option', { value: String(i), ...(option === control.value ? { selected: '' } : {}) }, String(option)))),
      );
    case 'checkbox':
      return el('div', wrapper, el('input', { type: 'checkbox', id, ...(control.value ? { checked: '' } : {}) }), label);
    case 'button':
      return el('div', wrapper, el('button', { type: 'button', id, class: 'mlp-button mlp-control-button' }, control.label));
  }
}

/** The controls of a cell's outputs, in the order it declared them, as its panel; null when it declared none. */
export function controlsToTree(outputs: readonly Output[], cellId: string): OutputElement | null {
  const controls = outputs.flatMap((output) => (output.kind === 'control' ? [output.control] : []));
  if (controls.length === 0) return null;
  const prefix = `mlp-control-${cellId.replace(/[^\w-]/g, '_')}`;
  return el('div', { class: 'mlp-cell-controls', role: 'group', 'aria-label': 'Controls: moving one re-runs this cell and the cells that use it' }, ...controls.map((control, i) => controlToTree(control, `${prefix}-${i}`)));
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
