/**
 * A cell's outputs as the HTML the build bakes into its page: the tree of ./render as hast (built
 * with hastscript, which knows how each attribute is written), serialized by hast-util-to-html,
 * which escapes every text and attribute value. Figure markup is the one raw node, and only after
 * `sanitizeFigure` has passed it (the build's is backed by linkedom); without one it is dropped
 * rather than trusted. Build-time only: the browser builds its nodes with `toDom` (see ./render).
 */
import type { ElementContent } from 'hast';
import { toHtml } from 'hast-util-to-html';
import { h } from 'hastscript';
import { controlsToTree, outputsToTree, type OutputNode, type RenderOptions } from './render';
import type { Output } from './types';

function toHast(node: OutputNode, sanitizeFigure?: (markup: string) => string): ElementContent[] {
  if (typeof node === 'string') return [{ type: 'text', value: node }];
  if ('figure' in node) {
    // hast's raw node (written out as it is under allowDangerousHtml); typed by mdast-util-to-hast, which the cells do not need.
    return sanitizeFigure ? [{ type: 'raw', value: sanitizeFigure(node.figure) } as unknown as ElementContent] : [];
  }
  return [h(node.tag, node.attrs ?? {}, (node.children ?? []).flatMap((child) => toHast(child, sanitizeFigure)))];
}

/** The outputs of one cell as HTML text, every text escaped, figures only through `sanitizeFigure`. */
export function outputsToHtml(outputs: readonly Output[], sanitizeFigure?: (markup: string) => string, options: RenderOptions = {}): string {
  return toHtml({ type: 'root', children: outputsToTree(outputs, options).flatMap((node) => toHast(node, sanitizeFigure)) }, { allowDangerousHtml: true });
}

/** A cell's control panel as HTML, at the values of its build-time run (the defaults); empty when it declares none. */
export function controlsToHtml(outputs: readonly Output[], cellId: string): string {
  const panel = controlsToTree(outputs, cellId);
  return panel ? toHtml(toHast(panel)) : '';
}
