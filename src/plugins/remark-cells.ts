/**
 * Turns the live cells of a chapter (```ts cell …``` fences) into <Cell> components with their
 * output baked in, and adds the page's cell list as JSON for the browser.
 *
 * At build time every cell of the page runs in order in one Session (one shared scope, like the
 * reader's notebook), through the same runner the tests and the browser worker use (src/cells).
 * The build fails, naming chapter, cell and line, when a cell throws unexpectedly or when a cell
 * marked `throws` does not throw. `browser-only` cells are not run; Cell.astro shows a note instead.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Code, Parent, Root, RootContent } from 'mdast';
import type { MdxJsxAttribute, MdxJsxFlowElement } from 'mdast-util-mdx-jsx';
import type { MdxjsEsm } from 'mdast-util-mdxjs-esm';
import type { Program } from 'estree';
import type { VFile } from 'vfile';
import { extractCells } from '../cells/extract';
import { registerNodeAssets } from '../cells/assets-node';
import { defaultModules } from '../cells/modules';
import * as plot from '../cells/plot';
import { outputsToTree, toHtml } from '../cells/render';
import { sanitizeSvg } from '../cells/sanitize-svg';
import { Session } from '../cells/runner';
import type { Cell, CellFlags, Output } from '../cells/types';

/** Component names used in the generated MDX; unusual enough not to clash with an author's. */
const CELL = 'MlpCell__';
const CELLS_DATA = 'MlpCellsData__';

export interface RemarkCellsOptions {
  /** Run the cells and bake their outputs (default true). Off, cells render with empty outputs. */
  run?: boolean;
  /** The site's base path, for links in the outputs (a check's link to another chapter's equation; default "/"). */
  base?: string;
}

/** The flags of a cell as the space-separated list used in `data-flags`. */
export function flagList(flags: CellFlags): string {
  const names: string[] = [];
  if (flags.throws) names.push('throws');
  if (flags.browserOnly) names.push('browser-only');
  if (flags.readonly) names.push('readonly');
  if (flags.solution) names.push('solution');
  return names.join(' ');
}

/** Is this fence a live cell? Same rule as the runner's extractCells: language ts, meta starting with "cell". */
function isCellFence(node: RootContent): node is Code {
  return node.type === 'code' && node.lang === 'ts' && /^cell(\s|$)/.test(node.meta ?? '');
}

/** Every cell fence in document order, with the parent that holds it. */
function cellFences(tree: Root): { node: Code; parent: Parent }[] {
  const found: { node: Code; parent: Parent }[] = [];
  const walk = (parent: Parent) => {
    for (const child of parent.children) {
      if (isCellFence(child)) found.push({ node: child, parent });
      else if ('children' in child) walk(child as Parent);
    }
  };
  walk(tree);
  return found;
}

function stringAttribute(name: string, value: string): MdxJsxAttribute {
  return { type: 'mdxJsxAttribute', name, value };
}

function numberAttribute(name: string, value: number): MdxJsxAttribute {
  const estree: Program = {
    type: 'Program',
    sourceType: 'module',
    body: [{ type: 'ExpressionStatement', expression: { type: 'Literal', value, raw: String(value) } }],
  };
  return {
    type: 'mdxJsxAttribute',
    name,
    value: { type: 'mdxJsxAttributeValueExpression', value: String(value), data: { estree } },
  };
}

/** `import NAME from "SOURCE"` as an MDX ESM node (MDX compiles from the estree, not the text). */
function importDefault(name: string, source: string): MdxjsEsm {
  const estree: Program = {
    type: 'Program',
    sourceType: 'module',
    body: [
      {
        type: 'ImportDeclaration',
        specifiers: [{ type: 'ImportDefaultSpecifier', local: { type: 'Identifier', name } }],
        source: { type: 'Literal', value: source, raw: JSON.stringify(source) },
        attributes: [],
      },
    ],
  };
  return { type: 'mdxjsEsm', value: `import ${name} from ${JSON.stringify(source)};`, data: { estree } };
}

function element(name: string, attributes: MdxJsxAttribute[]): MdxJsxFlowElement {
  return { type: 'mdxJsxFlowElement', name, attributes, children: [] };
}

/** "02-forward-pass.mdx" style name of the chapter for error messages. */
function chapterName(file: VFile): string {
  return file.path ? relative(file.cwd, file.path) : '(unnamed chapter)';
}

/** Line in the MDX file of line `lineInCell` (1-based) of a cell whose fence opens on `fenceLine`. */
function mdxLine(cell: Cell, lineInCell: number | undefined): number {
  return lineInCell === undefined ? cell.line : cell.line + lineInCell;
}

function describeCell(chapter: string, cell: Cell): string {
  return `${chapter}: cell ${cell.index + 1}${cell.id !== String(cell.index) ? ` (id=${cell.id})` : ''}`;
}

/**
 * Runs the cells in order in one session and returns each one's outputs (empty for browser-only
 * cells). Throws on an unexpected error or a `throws` cell that did not throw; `chapter` names the
 * page in those errors.
 */
export async function runCells(cells: readonly Cell[], chapter: string): Promise<Output[][]> {
  registerNodeAssets();
  // plot is already loaded here (see `defaultModules` for why the build hands it over).
  const session = new Session({ modules: await defaultModules(async () => plot) });
  const results: Output[][] = [];
  for (const cell of cells) {
    if (cell.flags.browserOnly) {
      results.push([]);
      continue;
    }
    const result = await session.run(cell.code, { cellId: cell.id });
    const error = result.outputs.find((o): o is Extract<Output, { kind: 'error' }> => o.kind === 'error');
    if (cell.flags.throws) {
      if (result.status !== 'error' || !error) {
        throw new Error(
          `${describeCell(chapter, cell)}, line ${cell.line}: marked "throws" but ran without an error. ` +
            'Either the lesson changed or the engine stopped checking; remove the flag or restore the error.',
        );
      }
      results.push(result.outputs.map((o) => (o.kind === 'error' ? { ...o, expected: true } : o)));
    } else {
      if (result.status === 'error') {
        const what = error ? `${error.name}: ${error.message}` : 'an error';
        throw new Error(
          `${describeCell(chapter, cell)}, line ${mdxLine(cell, error?.line)}: threw ${what}. ` +
            'Fix the cell, or mark it "throws" if the error is the lesson.',
        );
      }
      results.push(result.outputs);
    }
  }
  return results;
}

/** Figure markup re-checked against the SVG allowlist before it is baked into a page. */
function sanitizeFigure(markup: string): string {
  const document = plot.figureDocument();
  return sanitizeSvg(markup, (html) => {
    const template = document.createElement('div');
    template.innerHTML = html;
    return template as never;
  });
}

export default function remarkCells(options: RemarkCellsOptions = {}) {
  const run = options.run ?? true;
  return async (tree: Root, file: VFile) => {
    const fences = cellFences(tree);
    if (fences.length === 0) return;
    if (file.extname !== '.mdx') {
      throw new Error(`${chapterName(file)}: live cells need an .mdx file (they render as a component)`);
    }

    // The runner's parser decides what the cells are (ids, flags, hashes, lines). It reads the
    // file as written; the fences found here must be the same ones, in the same places.
    const source = typeof file.value === 'string' && file.value.length > 0 ? file.value : readFileSync(file.path, 'utf8');
    const cells = extractCells(source);
    if (cells.length !== fences.length || cells.some((cell, i) => cell.line !== fences[i]!.node.position?.start.line)) {
      throw new Error(
        `${chapterName(file)}: the page has cells on lines ${fences.map((f) => f.node.position?.start.line).join(', ')} ` +
          `but the cell parser found lines ${cells.map((c) => c.line).join(', ')}`,
      );
    }

    const outputs = run ? await runCells(cells, chapterName(file)) : cells.map(() => []);

    cells.forEach((cell, i) => {
      const { node, parent } = fences[i]!;
      const component = element(CELL, [
        numberAttribute('index', cell.index),
        stringAttribute('id', cell.id),
        stringAttribute('code', cell.code),
        stringAttribute('flags', flagList(cell.flags)),
        stringAttribute('hash', cell.hash),
        stringAttribute('output', toHtml(outputsToTree(outputs[i]!, { base: options.base }), sanitizeFigure)),
      ]);
      component.position = node.position;
      parent.children[parent.children.indexOf(node)] = component;
    });

    const data = cells.map(({ index, id, code, flags, hash }) => ({ index, id, code, flags, hash }));
    tree.children.unshift(
      importDefault(CELL, '~/components/Cell.astro'),
      importDefault(CELLS_DATA, '~/components/CellsData.astro'),
    );
    tree.children.push(element(CELLS_DATA, [stringAttribute('json', JSON.stringify(data))]));
  };
}
