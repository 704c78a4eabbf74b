/**
 * Share links: a cell's edited code travels in the URL fragment, deflated and base64url-encoded,
 * with the values the reader set on its controls as JSON: `#cell=<id>&code=<payload>&controls=<json>`.
 * Opening such a link loads the code and sets the controls, but never runs anything.
 */
import type { ControlValue } from '~/cells/controls';
import { deflateSync, inflateSync, strToU8 } from 'fflate';

/** Strict: bytes that are not UTF-8 are refused, not turned into replacement characters. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Longest payload accepted (characters of the encoded fragment). */
export const MAX_SHARE_CHARS = 16_000;
/** Longest code a link may expand to: deflate packs up to ~1000:1, so a short link could otherwise hold megabytes. */
export const MAX_SHARED_CODE_CHARS = 100_000;

function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): Uint8Array {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new Error('not base64url');
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

/** Most characters of a link's control values. */
export const MAX_SHARED_CONTROLS_CHARS = 4_000;

export function encodeShare(cellId: string, code: string, controls: Readonly<Record<string, ControlValue>> = {}): string {
  const values = Object.keys(controls).length > 0 ? `&controls=${encodeURIComponent(JSON.stringify(controls))}` : '';
  return `cell=${encodeURIComponent(cellId)}&code=${toBase64Url(deflateSync(strToU8(code), { level: 9 }))}${values}`;
}

export type SharedCode =
  | { ok: true; cellId: string; code: string; controls: Record<string, unknown>; controlsProblem?: string }
  | { ok: false; cellId: string | null; reason: string };

/** The control values of a link: a JSON object, or why it cannot be read (the code is still used). */
function decodeControls(text: string | null): { controls: Record<string, unknown>; problem?: string } {
  if (text === null) return { controls: {} };
  if (text.length > MAX_SHARED_CONTROLS_CHARS) return { controls: {}, problem: `its control values are too long (over ${MAX_SHARED_CONTROLS_CHARS.toLocaleString('en-US')} characters)` };
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { controls: {}, problem: 'its control values are not a list of labels and values' };
    return { controls: parsed as Record<string, unknown> };
  } catch {
    return { controls: {}, problem: 'its control values are damaged (not JSON)' };
  }
}

/** The code in a fragment made by encodeShare, or why it cannot be used; null when the fragment is no share link. */
export function decodeShare(fragment: string): SharedCode | null {
  const params = new URLSearchParams(fragment.replace(/^#/, ''));
  const cellId = params.get('cell');
  const payload = params.get('code');
  if (cellId === null || payload === null) return null;
  if (payload.length > MAX_SHARE_CHARS) return { ok: false, cellId, reason: `the shared code is too long (over ${MAX_SHARE_CHARS.toLocaleString('en-US')} characters of link)` };
  let bytes: Uint8Array;
  try {
    bytes = fromBase64Url(payload);
  } catch {
    return { ok: false, cellId, reason: 'the link is damaged (its code part has characters a link of this site never has)' };
  }
  let inflated: Uint8Array;
  try {
    inflated = inflateSync(bytes);
  } catch {
    return { ok: false, cellId, reason: 'the link is damaged (its code could not be unpacked: it may have been cut short when copied)' };
  }
  let code: string;
  try {
    code = UTF8.decode(inflated);
  } catch {
    return { ok: false, cellId, reason: 'the shared code is not UTF-8 text (this site never makes such a link)' };
  }
  if (code.length > MAX_SHARED_CODE_CHARS)
    return { ok: false, cellId, reason: `the shared code is too long (over ${MAX_SHARED_CODE_CHARS.toLocaleString('en-US')} characters)` };
  const { controls, problem } = decodeControls(params.get('controls'));
  return { ok: true, cellId, code, controls, ...(problem ? { controlsProblem: problem } : {}) };
}
