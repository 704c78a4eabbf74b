/**
 * The build-time side of the live cells (src/plugins/remark-cells.ts): which cells run, in what
 * scope, and how failures are reported. The MDX output itself is checked on a real build in
 * build.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { extractCells, extractPage } from '~/cells/extract';
import { flagList, runCells, runPage } from '~/plugins/remark-cells';

const file = 'src/content/docs/99-test.mdx';

function chapter(body: string) {
  return { cells: extractCells(body), file };
}

const fence = (meta: string, code: string) => '```ts ' + meta + '\n' + code + '\n```\n';

describe('runCells', () => {
  it('runs the cells of a page in order in one shared scope', async () => {
    const { cells, file } = chapter(`Intro.\n\n${fence('cell', 'const a = 20;')}\ntext\n\n${fence('cell', 'a + 22')}`);
    const outputs = await runCells(cells, file);
    expect(outputs).toHaveLength(2);
    expect(outputs[1]!.some((o) => o.kind === 'value' && o.text.includes('42'))).toBe(true);
  });

  it('does not run browser-only cells', async () => {
    const { cells, file } = chapter(fence('cell browser-only', 'throw new Error("this must not run at build time")'));
    await expect(runCells(cells, file)).resolves.toEqual([[]]);
  });

  it('keeps the error of a throws cell and marks it expected', async () => {
    const { cells, file } = chapter(fence('cell throws', 'throw new RangeError("the lesson")'));
    const [outputs] = await runCells(cells, file);
    const error = outputs!.find((o) => o.kind === 'error');
    expect(error).toMatchObject({ kind: 'error', name: 'RangeError', message: 'the lesson', expected: true });
  });

  it('fails when a throws cell does not throw, naming chapter, cell and line', async () => {
    const { cells, file } = chapter(`# Title\n\n${fence('cell', '1')}\n${fence('cell throws id=lesson', '2')}`);
    await expect(runCells(cells, file)).rejects.toThrow(
      /src\/content\/docs\/99-test\.mdx: cell 2 \(id=lesson\), line 7: marked "throws" but ran without an error/,
    );
  });

  it('fails on an unexpected error, naming chapter, cell, the line in the MDX file and the message', async () => {
    // The fence opens on line 3, so the cell's second line is line 5 of the file.
    const { cells, file } = chapter(`# Title\n\n${fence('cell', 'const ok = 1;\nnull.boom;')}`);
    await expect(runCells(cells, file)).rejects.toThrow(/99-test\.mdx: cell 1, line 5: threw TypeError: .*boom/);
  });
});

describe('runPage: numbers in the prose', () => {
  it('evaluates each <Value> right after the cells above it, so it quotes what was printed there', async () => {
    const mdx = `${fence('cell', 'let loss = 0.53288;')}\nThe loss starts at <Value of="loss" digits={2} />.\n\n${fence('cell', 'loss = loss / 100;')}\nIt falls to <Value of="loss" />, <Value of="loss / 0.53288" percent /> of the start.\n`;
    const { cells, values } = extractPage(mdx);
    const page = await runPage(cells, values, file);
    expect(page.values).toEqual(['0.53', '0.00533', '1 %']);
  });

  it('stops naming chapter, line and expression when a value cannot be computed', async () => {
    const mdx = `${fence('cell browser-only', 'const accuracy = 0.96;')}\nIt reaches <Value of="accuracy" percent />.\n`;
    const { cells, values } = extractPage(mdx);
    await expect(runPage(cells, values, file)).rejects.toThrow(
      /99-test\.mdx: line 5: <Value of="accuracy"> could not be computed: ReferenceError: accuracy is not defined\. It is evaluated after the cells above it have run \(browser-only cells do not run at build time\)/,
    );
  });

  it('stops when a value is not a finite number or a string', async () => {
    const mdx = `${fence('cell', 'const r = 0 / 0;')}\nr is <Value of="r" />.\n`;
    const { cells, values } = extractPage(mdx);
    await expect(runPage(cells, values, file)).rejects.toThrow('99-test.mdx: line 5: <Value of="r">: <Value> computed NaN');
  });
});

describe('flagList', () => {
  it('lists the set flags in the order of the contract', () => {
    expect(flagList({ throws: true, browserOnly: false, readonly: true, solution: false })).toBe('throws readonly');
    expect(flagList({ throws: false, browserOnly: true, readonly: false, solution: true })).toBe('browser-only solution');
    expect(flagList({ throws: false, browserOnly: false, readonly: false, solution: false })).toBe('');
  });
});
