/**
 * Which equation a verdict links to. A check names it the way the chapter's prose does:
 *
 *   "7.5"                              the equation \tag{7.5} on this page → #eq-7.5
 *   "/05-backpropagation/#eq-5.6"      an equation on another chapter's page (the Markdown link
 *                                      a chapter would write; the site's base path is added when
 *                                      the verdict is rendered, as remark-base-links does for prose)
 *
 * The first form keeps working when an instructor copies a chapter into a course of their own,
 * whatever its file is called, as long as the equation is on the page with the exercise; use the
 * second only for an equation of another chapter. The anchor rule itself (tag → id) is
 * remark-equation-anchors' `equationId`, and nothing else makes one.
 */
import { equationId } from '../../plugins/remark-equation-anchors';
import { withBase } from '../../plugins/remark-base-links';
import type { EquationRef } from '../types';

/** An equation number as written in `\tag{…}`: letters, digits and dots ("5.6", "A.1"). */
const TAG = /^[A-Za-z0-9]+(?:\.[A-Za-z0-9]+)*$/;
/** A site-absolute page path: "/05-backpropagation/" (segments of letters, digits, - and _). */
const PAGE = /^\/(?:[\w-]+\/)*$/;

export function isEquationRef(value: unknown): value is EquationRef {
  if (typeof value !== 'object' || value === null) return false;
  const { tag, page, ...rest } = value as Record<string, unknown>;
  return Object.keys(rest).length === 0 && typeof tag === 'string' && TAG.test(tag) && (page === undefined || (typeof page === 'string' && PAGE.test(page)));
}

/** The reference a check's `equation` option names; a malformed one is the author's error and throws. */
export function parseEquation(text: unknown, who: string): EquationRef {
  const written = typeof text === 'string' ? text.trim() : '';
  const bare = /^\(?([^()#/]+)\)?$/.exec(written);
  if (bare && TAG.test(bare[1]!.trim())) return { tag: bare[1]!.trim() };
  const link = /^(\/(?:[\w-]+\/)*)?#eq-(.+)$/.exec(written);
  if (link && TAG.test(link[2]!)) return link[1] ? { tag: link[2]!, page: link[1] } : { tag: link[2]! };
  throw new Error(
    `${who}: equation must be an equation number on this page like "5.6", or a link to another chapter's equation ` +
      `like "/05-backpropagation/#eq-5.6"; got ${JSON.stringify(text)}`,
  );
}

/** "(5.6)", as the chapters write equation references. */
export function equationLabel(ref: EquationRef): string {
  return `(${ref.tag})`;
}

/** The link's href: same page, or the other page under the site's base path. */
export function equationHref(ref: EquationRef, base = '/'): string {
  const anchor = `#${equationId(ref.tag)}`;
  return ref.page === undefined ? anchor : `${withBase(ref.page, base)}${anchor}`;
}
