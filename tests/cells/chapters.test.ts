/**
 * Every cell of every chapter, run in order in one session per page through the same function the
 * build uses (runPage from the remark plugin), with the numbers its prose quotes (<Value>), and
 * type-checked against the engine's types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPage } from '~/cells/extract';
import { formatDiagnostics, typecheckCells } from '~/cells/typecheck';
import { runPage } from '~/plugins/remark-cells';

const docs = new URL('../../src/content/docs/', import.meta.url).pathname;
const chapters = readdirSync(docs, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mdx'))
  .map((file) => ({ file, ...extractPage(readFileSync(join(docs, file), 'utf8')) }))
  .filter((c) => c.cells.length > 0);

describe('chapter cells', () => {
  it('there are chapters with cells', () => {
    expect(chapters.length).toBeGreaterThan(0);
  });

  for (const { file, cells, values } of chapters) {
    describe(file, () => {
      it(`runs all ${cells.length} cells in order without unexpected errors (throws cells must throw) and computes the ${values.length} numbers its prose quotes`, async () => {
        const page = await runPage(cells, values, file);
        expect(page.outputs).toHaveLength(cells.length);
      }, 120_000);

      it('type-checks every cell against the engine', () => {
        const diagnostics = typecheckCells(cells, file);
        expect(diagnostics, formatDiagnostics(diagnostics, file)).toEqual([]);
      }, 60_000);
    });
  }
});
