/**
 * FNV-1a (64-bit) of a string's UTF-16 code units, as 16 hex digits: the same in Node and every
 * browser, synchronous, and no crypto API needed. It identifies a cell's original code; it is not
 * a security measure.
 */
export function hashCode(text: string): string {
  let hash = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * prime) & mask;
  }
  return hash.toString(16).padStart(16, '0');
}
