/**
 * The committed WebAssembly kernel is exactly what its AssemblyScript source compiles to, and it
 * contains only deterministic SIMD instructions: float64 lanes added and multiplied one by one,
 * no relaxed SIMD (whose fused multiply-add may round differently from machine to machine).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { binaryModule, compileProducts, OUTPUT } from '../../scripts/build-simd';
import { productsWasmBase64 } from '~/lib/simd/products-binary';

const root = new URL('../../', import.meta.url).pathname;
let built: { binary: Uint8Array; text: string };

beforeAll(async () => {
  built = await compileProducts();
}, 120_000);

describe('the SIMD kernel build (npm run simd)', () => {
  it('the committed module holds the bytes the source compiles to (else run npm run simd)', () => {
    expect(readFileSync(join(root, OUTPUT), 'utf8')).toBe(binaryModule(built.binary));
    expect(Buffer.from(productsWasmBase64, 'base64').equals(Buffer.from(built.binary))).toBe(true);
  });

  it('uses only these SIMD instructions: loads, stores, constants, lane extraction, f64x2 add and mul', () => {
    const simd = new Set(built.text.match(/\b(?:v128|[if](?:8x16|16x8|32x4|64x2))\.[a-z0-9_]+/g));
    expect([...simd].sort()).toEqual([
      'f64x2.add', 'f64x2.extract_lane', 'f64x2.mul', 'v128.const', 'v128.load', 'v128.load64_splat', 'v128.store',
    ]);
    expect(built.text).not.toMatch(/relaxed|madd|fma/i);
  });

  it('exports what src/lib/simd/products.ts calls, and its memory', () => {
    const module = new WebAssembly.Module(built.binary as Uint8Array<ArrayBuffer>);
    expect(WebAssembly.Module.exports(module).map((e) => `${e.kind} ${e.name}`).sort()).toEqual([
      'function heapBase', 'function multiply', 'function packColumns', 'memory memory',
    ]);
    expect(WebAssembly.Module.imports(module)).toEqual([]);
  });
});
