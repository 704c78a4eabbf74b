/**
 * The cells' hash (src/cells/hash.ts) is FNV-1a 64 computed on 16-bit limbs: it must give exactly
 * what the textbook BigInt form gives, or every reader's saved edit would read as made on other code.
 */
import { describe, expect, it } from 'vitest';
import { hashCode } from '~/cells/hash';

/** FNV-1a 64 over UTF-16 code units, straight from its definition. */
function reference(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    hash ^= BigInt(text.charCodeAt(i));
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

describe('hashCode', () => {
  it('matches the definition on the empty string, known vectors and edge code units', () => {
    expect(hashCode('')).toBe('cbf29ce484222325');
    // FNV-1a 64 of "a" and "foobar" (one byte per character, which UTF-16 code units below 0x80 are).
    expect(hashCode('a')).toBe('af63dc4c8601ec8c');
    expect(hashCode('foobar')).toBe('85944171f73967e8');
    for (const text of ['\u0000', '\uffff', '\uffff\uffff\u0000\uffff', 'σ(z) = 1 / (1 + e⁻ᶻ) 🧮', '\ud800']) expect(hashCode(text)).toBe(reference(text));
  });

  it('matches the definition on a thousand random strings of every code unit and length', () => {
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let k = 0; k < 1000; k++) {
      const text = String.fromCharCode(...Array.from({ length: next() % 300 }, () => (next() % 3 === 0 ? next() % 0x10000 : 32 + (next() % 95))));
      expect(hashCode(text)).toBe(reference(text));
    }
  });
});
