/**
 * Puts the site's base path in front of site-absolute Markdown links, so that a chapter can link to
 * another as `[chapter 5](/05-backpropagation/)` and the link still works when the site is served
 * under a sub-path (SITE_BASE=/mlp-from-scratch/ → `/mlp-from-scratch/05-backpropagation/`).
 *
 * Images are rewritten the same way, so a figure kept in `public/` can be written `![…](/figures/x.svg)`.
 *
 * Only links, images and link definitions whose URL starts with a single "/" change: in-page anchors,
 * relative links, protocol-relative and external URLs stay as written, and so does a link that
 * already starts with the base.
 */
import type { Root } from 'mdast';

export interface RemarkBaseLinksOptions {
  /** The base path, e.g. "/" or "/mlp-from-scratch/" (a trailing slash is optional). */
  base: string;
}

/** `url` under `base` when it is site-absolute; otherwise `url` unchanged. */
export function withBase(url: string, base: string): string {
  const prefix = base.replace(/\/+$/, '');
  if (prefix === '' || !url.startsWith('/') || url.startsWith('//')) return url;
  if (url === prefix || url.startsWith(`${prefix}/`)) return url;
  return `${prefix}${url}`;
}

export default function remarkBaseLinks(options: RemarkBaseLinksOptions) {
  return (tree: Root) => {
    const visit = (node: { type: string; url?: string; children?: unknown[] }) => {
      if ((node.type === 'link' || node.type === 'image' || node.type === 'definition') && typeof node.url === 'string') {
        node.url = withBase(node.url, options.base);
      }
      for (const child of node.children ?? []) visit(child as typeof node);
    };
    visit(tree);
  };
}
