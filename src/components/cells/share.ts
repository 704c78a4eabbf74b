/**
 * Share links: a cell's edited code travels in the URL fragment, deflated and base64url-encoded:
 * `#cell=<id>&code=<payload>`. Opening such a link loads the code but never runs it.
 */
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

export function encodeShare(cellId: string, code: string): string {
  return `cell=${encodeURIComponent(cellId)}&code=${toBase64Url(deflateSync(strToU8(code), { level: 9 }))}`;
}

export type SharedCode = { ok: true; cellId: string; code: string } | { ok: false; cellId: string | null; reason: string };

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
  return { ok: true, cellId, code };
}
