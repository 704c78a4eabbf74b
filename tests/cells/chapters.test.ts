/**
 * Every cell of every chapter, run in order in one session per page through the same function the
 * build uses (runCells from the remark plugin), and type-checked against the engine's types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractCells } from '~/cells/extract';
import { formatDiagnostics, typecheckCells } from '~/cells/typecheck';
import { runCells } from '~/plugins/remark-cells';

const docs = new URL('../../src/content/docs/', import.meta.url).pathname;
const chapters = readdirSync(docs, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mdx'))
  .map((file) => ({ file, cells: extractCells(readFileSync(join(docs, file), 'utf8')) }))
  .filter((c) => c.cells.length > 0);

describe('chapter cells', () => {
  it('there are chapters with cells', () => {
    expect(chapters.length).toBeGreaterThan(0);
  });

  for (const { file, cells } of chapters) {
    describe(file, () => {
      it(`runs all ${cells.length} cells in order without unexpected errors (throws cells must throw)`, async () => {
        const outputs = await runCells(cells, file);
        expect(outputs).toHaveLength(cells.length);
      }, 120_000);

      it('type-checks every cell against the engine', () => {
        const diagnostics = typecheckCells(cells, file);
        expect(diagnostics, formatDiagnostics(diagnostics, file)).toEqual([]);
      }, 60_000);
    });
  }
});
