/**
 * The compiled cells the pages carry (src/cells/compiled.ts): for every cell of every chapter, the
 * position map kept as runs gives the transform's own answer at every line and column of the body,
 * so an error in a chapter's code is placed the same whether the kernel compiled it or the build did.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compiledCell, compiledFrom, compiledPosition } from '~/cells/compiled';
import { extractPage } from '~/cells/extract';
import { CellSyntaxError, transformCell } from '~/cells/transform';

const docs = join(__dirname, '../../src/content/docs');
const chapters = readdirSync(docs).filter((f) => /^\d\d-.*\.mdx$/.test(f));

describe('compiled cells', () => {
  it('finds the chapters', () => expect(chapters.length).toBeGreaterThanOrEqual(10));

  for (const chapter of chapters) {
    it(`${chapter}: every cell's compiled positions are the transform's, at every column of its body`, () => {
      const { cells } = extractPage(readFileSync(join(docs, chapter), 'utf8'));
      let checked = 0;
      for (const cell of cells) {
        let transformed;
        try {
          transformed = transformCell(cell.code);
        } catch (error) {
          if (error instanceof CellSyntaxError) continue;
          throw error;
        }
        const compiled = compiledCell(cell.code, transformed);
        expect(compiledFrom(compiled, cell.code)).toBe(true);
        expect(compiledFrom(compiled, `${cell.code} `)).toBe(false);
        const mismatches: string[] = [];
        compiled.body.split('\n').forEach((text, i) => {
          for (let column = 1; column <= text.length + 1; column++) {
            const want = transformed.sourcePosition(i + 1, column);
            const got = compiledPosition(compiled, i + 1, column);
            if (got.line !== want.line || got.column !== want.column) mismatches.push(`cell ${cell.index} ${i + 1}:${column} → ${got.line}:${got.column}, not ${want.line}:${want.column}`);
          }
        });
        expect(mismatches.slice(0, 5)).toEqual([]);
        // A run per stretch of the reader's text or of inserted text, not per column.
        expect(compiled.positions.length / 5).toBeLessThan(compiled.body.length / 8 + compiled.body.split('\n').length);
        checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }

  it('answers a position past the body with the position itself', () => {
    const code = 'const a: number = 1;\na';
    const compiled = compiledCell(code, transformCell(code));
    expect(compiledPosition(compiled, 99, 3)).toEqual({ line: 99, column: 3 });
  });
});
