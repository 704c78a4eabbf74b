/**
 * Every cell of every chapter, run in order in one session per page through the same function the
 * build uses (runPage from the remark plugin), with the numbers its prose quotes (<Value>), and
 * type-checked against the engine's types. What each page bakes is compared with its snapshot file
 * (./__snapshots__/NN-slug.md, see ./baked-text): a changed number fails until it is accepted with -u.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractPage } from '~/cells/extract';
import { formatDiagnostics, typecheckCells } from '~/cells/typecheck';
import { runPage } from '~/plugins/remark-cells';
import { bakedText } from './baked-text';

const docs = new URL('../../src/content/docs/', import.meta.url).pathname;
const snapshotDir = new URL('./__snapshots__/', import.meta.url).pathname;
const snapshotName = (chapter: string) => chapter.replace(/\.mdx$/, '.md');
const chapters = readdirSync(docs, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.mdx'))
  .map((file) => ({ file, ...extractPage(readFileSync(join(docs, file), 'utf8')) }))
  .filter((c) => c.cells.length > 0);

describe('chapter cells', () => {
  it('there are chapters with cells', () => {
    expect(chapters.length).toBeGreaterThan(0);
  });

  it('keeps a snapshot file for each chapter with cells and for no other page', () => {
    const snapshots = existsSync(snapshotDir) ? readdirSync(snapshotDir).filter((f) => f.endsWith('.md')).sort() : [];
    expect(snapshots).toEqual(chapters.map((c) => snapshotName(c.file)).sort());
  });

  for (const { file, cells, values } of chapters) {
    describe(file, () => {
      it(`runs all ${cells.length} cells in order without unexpected errors (throws cells must throw), computes the ${values.length} numbers its prose quotes, and bakes what __snapshots__ holds`, async () => {
        const page = await runPage(cells, values, file);
        await expect(bakedText(file, cells, values, page)).toMatchFileSnapshot(join(snapshotDir, snapshotName(file)));
      }, 120_000);

      it('type-checks every cell against the engine', () => {
        const diagnostics = typecheckCells(cells, file);
        expect(diagnostics, formatDiagnostics(diagnostics, file)).toEqual([]);
      }, 60_000);
    });
  }
});
