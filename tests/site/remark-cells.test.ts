/**
 * The build-time side of the live cells (src/plugins/remark-cells.ts): which cells run, in what
 * scope, how failures are reported, and what the plugin puts into the chapter's tree in place of
 * the fences and the prose values. The rendered pages are checked on a real build in build.test.ts.
 */
import type { Root, RootContent } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { parseHTML } from 'linkedom';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { VFile } from 'vfile';
import { describe, expect, it } from 'vitest';
import { compiledCell, compiledFrom, type CompiledCell } from '~/cells/compiled';
import { transformCell } from '~/cells/transform';
import type { CellData } from '~/cells/types';
import { extractCells, extractPage } from '~/cells/extract';
import { hashCode } from '~/cells/hash';
import remarkCells, { flagList, runCells, runPage } from '~/plugins/remark-cells';

const file = 'src/content/docs/99-test.mdx';

function chapter(body: string) {
  return { cells: extractCells(body), file };
}

const fence = (meta: string, code: string) => '```ts ' + meta + '\n' + code + '\n```\n';

describe('runCells', () => {
  it('runs the cells of a page in order in one shared scope', async () => {
    const { cells, file } = chapter(`Intro.\n\n${fence('cell', 'const a = 20;')}\ntext\n\n${fence('cell', 'a + 22')}`);
    // The first cell ends in a declaration (no output); the second reads what it declared.
    expect(await runCells(cells, file)).toEqual([[], [{ kind: 'value', text: '42' }]]);
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

describe('runCells: an order the reactive runtime cannot run', () => {
  it('refuses a cell that reads a name only a cell below declares, naming both cells, their lines and the name', async () => {
    // The function would work at its call, but moving a control of cell 2 would not re-run what calls it.
    const { cells, file } = chapter(`${fence('cell', 'function scaled() { return factor * 2; }')}\n${fence('cell id=knob', 'const factor = 3;')}\n${fence('cell', 'scaled()')}`);
    await expect(runCells(cells, file)).rejects.toThrow(/99-test\.mdx: cell 1, line 1: reads factor, which only cell 2 \(id=knob\) below it \(line 5\) declares\..*declare the name above/);
  });

  it('accepts the same names when the declaration comes first, and a local of the same name anywhere', async () => {
    const { cells, file } = chapter(`${fence('cell', 'const factor = 3;')}\n${fence('cell', 'function scaled() { return factor * 2; }\nscaled()')}`);
    expect((await runCells(cells, file))[1]).toEqual([{ kind: 'value', text: '6' }]);
    const local = chapter(`${fence('cell', 'const f = (steps: number) => steps + 1; f(1)')}\n${fence('cell', 'const steps = 10;')}`);
    await expect(runCells(local.cells, local.file)).resolves.toHaveLength(2);
  });
});

describe('runCells: controls', () => {
  it('runs a cell with its controls at their defaults and bakes them into a panel of labelled inputs', async () => {
    const code = 'import { slider, select } from "mlp/notebook";\nconst lr = slider("learning rate", { min: 0.001, max: 1, value: 0.1, log: true });\nconst how = select("method", { options: ["SGD", "Adam"], value: "Adam" });\n`${how} at ${lr}`';
    const { cells, file } = chapter(fence('cell id=knobs', code));
    const [outputs] = await runCells(cells, file);
    expect(outputs!.filter((o) => o.kind !== 'control')).toEqual([{ kind: 'value', text: '"Adam at 0.1"' }]);
    const { controlsToHtml } = await import('~/cells/render-html');
    const { document } = parseHTML(`<div>${controlsToHtml(outputs!, 'knobs')}</div>`);
    const slider = document.querySelector('input[type=range]')!;
    expect(document.querySelector(`label[for="${slider.getAttribute('id')}"]`)?.textContent).toBe('learning rate');
    expect(slider.getAttribute('aria-valuetext')).toBe('0.1');
    expect(document.querySelector('output')?.textContent).toBe('0.1');
    expect(document.querySelector('select option[selected]')?.textContent).toBe('Adam');
  });
});

describe('runPage: prose values and controls', () => {
  it('refuses a <Value> that reads what a cell with controls declares, and accepts one that reads other names', async () => {
    const body = `${fence('cell id=knob', 'import { slider } from "mlp/notebook";\nconst rate = slider("rate", { min: 0, max: 1, value: 0.5 });\nconst double = (x: number) => 2 * x;')}\nThe rate is <Value of="rate" />.\n`;
    const { cells } = extractPage(body);
    const at = (expression: string) => [{ expression, format: {}, line: 6 }];
    await expect(runPage(cells, at('rate * 2'), file)).rejects.toThrow(/line 6: <Value of="rate \* 2"> reads rate, which cell 1 \(id=knob\) \(line 1\) declares, and that cell has controls/);
    await expect(runPage(cells, at('Math.max(1, 2)'), file)).resolves.toMatchObject({ values: ['2'] });
    // A function the cell declares is called with the prose's own arguments.
    await expect(runPage(cells, at('double(21)'), file)).resolves.toMatchObject({ values: ['42'] });
    await expect(runPage(cells, at('double(rate)'), file)).rejects.toThrow(/reads rate/);
  });
});

describe('runPage: a cell that never finishes', () => {
  it('fails at the deadline naming chapter, cell, line and the first line of its code', async () => {
    const { cells, file } = chapter(`# Title\n\n${fence('cell', '1')}\n${fence('cell id=waits', 'const never = new Promise(() => {});\nawait never;')}`);
    await expect(runPage(cells, [], file, { cellTimeoutMs: 100 })).rejects.toThrow(
      '99-test.mdx: cell 2 (id=waits), line 7: did not finish within 0.1 s (its code starts "const never = new Promise(() => {});"). ' +
        'Is there an await that never settles? A cell that needs longer can be given more with MLP_CELL_TIMEOUT_MS.',
    );
  });

  it('fails the same way for a prose value that never settles', async () => {
    const { cells, values } = extractPage(`${fence('cell', 'const pending = new Promise(() => {});')}\nIt is <Value of="pending" />.\n`);
    await expect(runPage(cells, values, file, { cellTimeoutMs: 100 })).rejects.toThrow(/99-test\.mdx: line 5: <Value of="pending"> did not finish within 0\.1 s/);
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

/** The plugin on an MDX chapter, as the site's pipeline runs it: the tree it leaves behind. */
async function transformed(mdx: string, path = '/site/src/content/docs/99-test.mdx'): Promise<Root> {
  const processor = unified().use(remarkParse).use(remarkMdx).use(remarkMath).use(remarkCells);
  const file = new VFile({ path, cwd: '/site', value: mdx });
  return (await processor.run(processor.parse(file), file)) as Root;
}

const attributes = (node: MdxJsxFlowElement) =>
  Object.fromEntries(node.attributes.map((a) => [(a as MdxJsxAttribute).name, typeof a.value === 'string' ? a.value : a.value?.value]));

describe('remarkCells on a chapter', () => {
  const mdx =
    `# T\n\n${fence('cell', 'const a = 6;\nconsole.log("<b>" + a)')}\nSix sevens are <Value of="a * 7" />.\n\n` +
    `<details>\n<summary>Solution</summary>\n\n${fence('cell solution id=sol', 'a * 7')}\n</details>\n`;

  it('puts a cell component with its escaped, baked output where each fence was, also inside JSX', async () => {
    const tree = await transformed(mdx);
    const cells: MdxJsxFlowElement[] = [];
    visit(tree, 'mdxJsxFlowElement', (node) => void (node.name === 'MlpCell__' && cells.push(node)));
    const code = 'const a = 6;\nconsole.log("<b>" + a)';
    const attrs = cells.map(attributes);
    expect(attrs.map(({ output: _output, ...rest }) => rest)).toEqual([
      { index: '0', id: '0', code, flags: '', hash: hashCode(code) },
      { index: '1', id: 'sol', code: 'a * 7', flags: 'solution', hash: hashCode('a * 7') },
    ]);
    // The outputs as the page will show them: what the cell printed is text, never markup.
    const shown = attrs.map(({ output }) => {
      const { document } = parseHTML(`<!doctype html><html><body>${output}</body></html>`);
      return [...document.body.children].map((e) => [e.outerHTML.replace(/>[\s\S]*$/, '>'), e.textContent]);
    });
    expect(shown).toEqual([[['<pre class="mlp-out mlp-out-log" data-level="log">', '<b>6']], [['<pre class="mlp-out mlp-out-value">', '42']]]);
    let fences = 0;
    visit(tree, 'code', () => void fences++);
    expect(fences, 'no cell fence is left').toBe(0);
  });

  it('replaces each <Value> with its computed text, in a span that names the expression', async () => {
    const tree = await transformed(mdx);
    const spans: unknown[] = [];
    visit(tree, (node) => {
      if ((node.type as string) === 'cellValue') spans.push(node);
      expect((node as { name?: string }).name, 'no <Value> element is left').not.toBe('Value');
    });
    expect(spans).toMatchObject([{ data: { hName: 'span', hProperties: { className: ['mlp-value'], title: expect.stringContaining('a * 7') } }, children: [{ type: 'text', value: '42' }] }]);
  });

  it('imports the components first and ends with the page JSON the browser reads (every cell but its MDX line)', async () => {
    const tree = await transformed(mdx);
    const first = tree.children.slice(0, 2) as (RootContent & { value?: string })[];
    expect(first.map((n) => [n.type, n.value])).toEqual([
      ['mdxjsEsm', 'import MlpCell__ from "~/components/Cell.astro";'],
      ['mdxjsEsm', 'import MlpCellsData__ from "~/components/CellsData.astro";'],
    ]);
    const last = tree.children.at(-1) as MdxJsxFlowElement;
    expect(last.name).toBe('MlpCellsData__');
    // Each cell also carries its code compiled by the transform (src/cells/compiled.ts), made from that very code.
    const data = JSON.parse(attributes(last).json as string) as (CellData & { compiled: CompiledCell })[];
    expect(data.map(({ compiled: _compiled, ...cell }) => cell)).toEqual(extractCells(mdx).map(({ line: _line, ...cell }) => cell));
    for (const cell of data) {
      expect(compiledFrom(cell.compiled, cell.code)).toBe(true);
      expect(cell.compiled).toEqual(compiledCell(cell.code, transformCell(cell.code)));
    }
  });

  it('leaves a page without cells or values untouched, and refuses cells outside an .mdx file', async () => {
    const plain = '# T\n\n```ts\nconst notACell = 1;\n```\n';
    const tree = await transformed(plain);
    expect(tree.children.map((n) => n.type)).toEqual(['heading', 'code']);
    await expect(transformed(fence('cell', '1'), '/site/src/content/docs/99-test.md')).rejects.toThrow(
      'src/content/docs/99-test.md: live cells need an .mdx file (they render as a component)',
    );
  });
});

describe('flagList', () => {
  it('lists the set flags in the order of the contract', () => {
    expect(flagList({ throws: true, browserOnly: false, readonly: true, solution: false })).toBe('throws readonly');
    expect(flagList({ throws: false, browserOnly: true, readonly: false, solution: true })).toBe('browser-only solution');
    expect(flagList({ throws: false, browserOnly: false, readonly: false, solution: false })).toBe('');
  });
});
