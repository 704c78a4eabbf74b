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
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import type { MdxjsEsm } from 'mdast-util-mdxjs-esm';
import type { Program } from 'estree';
import type { VFile } from 'vfile';
import { CONTINUE, SKIP, visit } from 'unist-util-visit';
import { verdictsOf } from '../cells/checks/check';
import { exercisesOf } from '../cells/exercises';
import { extractPage, isCellFence, isValueElement, valueAttributes } from '../cells/extract';
import { registerNodeAssets } from '../cells/assets-node';
import { defaultModules } from '../cells/modules';
import * as plot from '../cells/plot';
import { controlsToHtml, outputsToHtml } from '../cells/render-html';
import { sanitizeSvg } from '../cells/sanitize-svg';
import { CellTimeoutError, Session } from '../cells/runner';
import { compiledCell, type CompiledCell } from '../cells/compiled';
import * as transform from '../cells/transform';
import { readsBeforeDeclared } from '../cells/graph';
import type { Cell, CellData, CellFlags, Output } from '../cells/types';
import { formatValue, parseValueAttributes, VALUE_ELEMENT, type PageValue } from '../cells/values';

/** Component names used in the generated MDX; unusual enough not to clash with an author's. */
const CELL = 'MlpCell__';
const CELLS_DATA = 'MlpCellsData__';

/**
 * How long one cell (or prose value) may take at build time and in the tests before the page
 * fails: a minute, some forty times the slowest cell of the chapters (1.4 s, chapter 2's cell 9,
 * alone on a shared two-core machine). MLP_CELL_TIMEOUT_MS changes it for a slower machine.
 */
export const DEFAULT_CELL_TIMEOUT_MS = 60_000;

export interface RunPageOptions {
  /** The per-cell deadline in milliseconds (default: MLP_CELL_TIMEOUT_MS, else DEFAULT_CELL_TIMEOUT_MS). */
  cellTimeoutMs?: number;
}

/** The plugin's options: astro.config.mjs passes the site's base path. */
export interface RemarkCellsOptions extends RunPageOptions {
  /** The site's base path, for links in the outputs (a check's link to another chapter's equation; default "/"). */
  base?: string;
}

function cellTimeout(options: RunPageOptions): number {
  if (options.cellTimeoutMs !== undefined) return options.cellTimeoutMs;
  const fromEnv = process.env.MLP_CELL_TIMEOUT_MS;
  if (fromEnv === undefined || fromEnv === '') return DEFAULT_CELL_TIMEOUT_MS;
  const ms = Number(fromEnv);
  if (!Number.isFinite(ms) || ms <= 0) throw new Error(`MLP_CELL_TIMEOUT_MS must be a positive number of milliseconds, got ${JSON.stringify(fromEnv)}`);
  return ms;
}

/** "did not finish within 60 s" and the hint: what a deadline failure says after naming its place. */
function timedOut(error: CellTimeoutError): string {
  return `did not finish within ${error.deadlineMs / 1000} s`;
}
const TIMEOUT_HINT = 'Is there an await that never settles? A cell that needs longer can be given more with MLP_CELL_TIMEOUT_MS.';

/** The flags of a cell as the space-separated list used in `data-flags`. */
export function flagList(flags: CellFlags): string {
  const names: string[] = [];
  if (flags.throws) names.push('throws');
  if (flags.browserOnly) names.push('browser-only');
  if (flags.readonly) names.push('readonly');
  if (flags.solution) names.push('solution');
  return names.join(' ');
}

/** A node of the chapter and where it sits, so it can be replaced after the cells have run. */
interface Placed<T> {
  node: T;
  parent: Parent;
  index: number;
}

/** Every cell fence and every prose `<Value>` (the rules of ../cells/extract), each in document order. */
function pageNodes(tree: Root): { fences: Placed<Code>[]; values: Placed<MdxJsxFlowElement | MdxJsxTextElement>[] } {
  const fences: Placed<Code>[] = [];
  const values: Placed<MdxJsxFlowElement | MdxJsxTextElement>[] = [];
  visit(tree, (node, index, parent) => {
    if (parent === undefined || index === undefined) return CONTINUE;
    if (isCellFence(node)) fences.push({ node, parent, index });
    else if (isValueElement(node)) values.push({ node, parent, index });
    else return CONTINUE;
    return SKIP;
  });
  return { fences, values };
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
 * cells), and the text of each prose `<Value>` (../cells/values), evaluated right after the cells
 * above it. Throws on an unexpected error, a `throws` cell that did not throw, a value that
 * cannot be computed, or a cell or value still unfinished at the deadline; `chapter` names the
 * page in those errors.
 */
export async function runPage(
  cells: readonly Cell[],
  values: readonly PageValue[],
  chapter: string,
  options: RunPageOptions = {},
): Promise<{ outputs: Output[][]; values: string[] }> {
  refuseReadsBeforeDeclared(cells, chapter);
  const deadlineMs = cellTimeout(options);
  registerNodeAssets();
  // plot is already loaded here (see `defaultModules` for why the build hands it over).
  const session = new Session({ modules: await defaultModules(async () => plot), loadTransform: async () => transform });
  const results: Output[][] = [];
  const texts: string[] = new Array(values.length);
  const valuesBefore = (line: number) => values.flatMap((v, i) => (texts[i] === undefined && v.line < line ? [i] : []));
  const evaluate = async (i: number) => {
    const { expression, format, line } = values[i]!;
    const where = `${chapter}: line ${line}: <${VALUE_ELEMENT} of=${JSON.stringify(expression)}>`;
    const result = await session.evaluate(expression, { deadlineMs }).catch((error: unknown) => {
      if (error instanceof CellTimeoutError) throw new Error(`${where} ${timedOut(error)}. ${TIMEOUT_HINT}`);
      throw error;
    });
    if (!result.ok) {
      throw new Error(
        `${where} could not be computed: ${result.error.name}: ${result.error.message}. ` +
          'It is evaluated after the cells above it have run (browser-only cells do not run at build time).',
      );
    }
    texts[i] = formatValue(result.value, format, where);
  };
  for (const cell of cells) {
    for (const i of valuesBefore(cell.line)) await evaluate(i);
    if (cell.flags.browserOnly) {
      results.push([]);
      continue;
    }
    const result = await session.run(cell.code, { cellId: cell.id, deadlineMs }).catch((error: unknown) => {
      if (!(error instanceof CellTimeoutError)) throw error;
      const firstLine = cell.code.split('\n').find((line) => line.trim() !== '') ?? '';
      throw new Error(`${describeCell(chapter, cell)}, line ${cell.line}: ${timedOut(error)} (its code starts ${JSON.stringify(firstLine.trim())}). ${TIMEOUT_HINT}`);
    });
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
      const failed = cell.flags.solution ? verdictsOf(result.outputs).find((v) => !v.passed) : undefined;
      if (failed) {
        throw new Error(
          `${describeCell(chapter, cell)}, line ${cell.line}: the solution fails its own check (${failed.mistake}): ${failed.message} ` +
            'A solution must pass the check its exercise asks the reader to pass.',
        );
      }
      results.push(result.outputs);
    }
  }
  for (const i of valuesBefore(Infinity)) await evaluate(i);
  await refuseValuesOfControls(cells, values, results, chapter, async (name) => {
    const type = await session.evaluate(`typeof ${name}`, { deadlineMs });
    return type.ok && type.value === 'function';
  });
  return { outputs: results, values: texts };
}

/**
 * A prose `<Value>` is baked once, at the controls' defaults: one that reads a name a cell with
 * controls declares would quote the default while the figure beside it shows the reader's value.
 * A function that cell declares is allowed (`isFunction`): the prose calls it with arguments of its own.
 */
async function refuseValuesOfControls(
  cells: readonly Cell[],
  values: readonly PageValue[],
  outputs: readonly Output[][],
  chapter: string,
  isFunction: (name: string) => Promise<boolean>,
): Promise<void> {
  const moving = cells.filter((cell, i) => outputs[i]?.some((o) => o.kind === 'control'));
  if (moving.length === 0) return;
  for (const value of values) {
    let reads: string[];
    try {
      reads = transform.transformCell(value.expression).reads;
    } catch {
      continue; // it was computed, so it parses; a value that does not was refused already
    }
    for (const cell of moving) {
      if (cell.line > value.line) continue;
      let name: string | undefined;
      for (const declared of transform.transformCell(cell.code).declared) if (name === undefined && reads.includes(declared) && !(await isFunction(declared))) name = declared;
      if (name === undefined) continue;
      throw new Error(
        `${chapter}: line ${value.line}: <${VALUE_ELEMENT} of=${JSON.stringify(value.expression)}> reads ${name}, which ${describeCell(chapter, cell).replace(`${chapter}: `, '')} (line ${cell.line}) declares, and that cell has controls: ` +
          'the prose would quote the value at the defaults while the reader moves them. Quote something the controls do not change, or say the number in words tied to the default.',
      );
    }
  }
}

/**
 * A cell must not read a name that only a cell below it declares (../cells/graph
 * `readsBeforeDeclared`): page order is the order the reactive runtime re-runs cells in, so a
 * control above could not bring such a pair up to date. The build says which cells and name.
 */
export function refuseReadsBeforeDeclared(cells: readonly Cell[], chapter: string): void {
  const names = cells.map((cell) => {
    try {
      const { declared, reads } = transform.transformCell(cell.code);
      return { declared, reads };
    } catch (error) {
      if (error instanceof transform.CellSyntaxError) return null;
      throw error;
    }
  });
  const [first] = readsBeforeDeclared(names);
  if (!first) return;
  const reader = cells[first.cell]!;
  const declarer = cells[first.declaredIn]!;
  throw new Error(
    `${describeCell(chapter, reader)}, line ${reader.line}: reads ${first.name}, which only ${describeCell(chapter, declarer).replace(`${chapter}: `, '')} below it (line ${declarer.line}) declares. ` +
      'Cells run, and re-run when a control moves, in page order, so this read comes before its value exists: declare the name above its first reader, or give the later one another name.',
  );
}

/**
 * Every exercise (src/cells/exercises) checks the reader's answer: its cell shows at least one
 * verdict and the placeholder the page ships fails it, and its solution shows one too (runPage
 * already refuses a solution whose check fails). Browser-only exercise cells are not run, so not
 * checked here.
 */
export function refuseUncheckedExercises(source: string, cells: readonly Cell[], outputs: readonly Output[][], chapter: string): void {
  for (const exercise of exercisesOf(source, cells, chapter)) {
    const where = `${chapter}: line ${exercise.line}: exercise ${exercise.number}`;
    if (exercise.cell.flags.browserOnly || exercise.solution.flags.browserOnly) continue;
    const shipped = verdictsOf(outputs[exercise.cell.index] ?? []);
    if (shipped.length === 0) throw new Error(`${where}: its cell (line ${exercise.cell.line}) checks nothing; end it with check(…) or checkGradient(…) on the reader's answer`);
    if (shipped.every((v) => v.passed)) throw new Error(`${where}: the placeholder in its cell (line ${exercise.cell.line}) already passes its check; ship a placeholder that fails it`);
    if (verdictsOf(outputs[exercise.solution.index] ?? []).length === 0) throw new Error(`${where}: its solution (line ${exercise.solution.line}) checks nothing; end it with the same check as the exercise`);
  }
}

/** The outputs of `runPage` for a page without prose values (tests, the chapter scaffolder). */
export async function runCells(cells: readonly Cell[], chapter: string, options: RunPageOptions = {}): Promise<Output[][]> {
  return (await runPage(cells, [], chapter, options)).outputs;
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
  return async (tree: Root, file: VFile) => {
    const { fences, values: valueNodes } = pageNodes(tree);
    if (fences.length === 0 && valueNodes.length === 0) return;
    if (file.extname !== '.mdx') {
      throw new Error(`${chapterName(file)}: live cells need an .mdx file (they render as a component)`);
    }

    // The runner's parser decides what the cells are (ids, flags, hashes, lines). It reads the
    // file as written; the fences found here must be the same ones, in the same places.
    const source = typeof file.value === 'string' && file.value.length > 0 ? file.value : readFileSync(file.path, 'utf8');
    const { cells } = extractPage(source);
    if (cells.length !== fences.length || cells.some((cell, i) => cell.line !== fences[i]!.node.position?.start.line)) {
      throw new Error(
        `${chapterName(file)}: the page has cells on lines ${fences.map((f) => f.node.position?.start.line).join(', ')} ` +
          `but the cell parser found lines ${cells.map((c) => c.line).join(', ')}`,
      );
    }
    const values = valueNodes.map(({ node }): PageValue => {
      const line = node.position?.start.line ?? 0;
      const where = `${chapterName(file)}: line ${line}`;
      return { ...parseValueAttributes(valueAttributes(node, where), where), line };
    });

    const page = await runPage(cells, values, chapterName(file), options);
    refuseUncheckedExercises(source, cells, page.outputs, chapterName(file));

    // A quoted number is plain text in the page, in a span that says where it came from.
    valueNodes.forEach(({ node, parent, index }, i) => {
      const span = {
        type: 'cellValue',
        data: { hName: 'span', hProperties: { className: ['mlp-value'], title: `Computed by the cells above when this page was built: ${values[i]!.expression}` } },
        children: [{ type: 'text', value: page.values[i]! }],
        position: node.position,
      };
      parent.children[index] = span as unknown as RootContent;
    });
    if (fences.length === 0) return;
    const outputs = page.outputs;

    cells.forEach((cell, i) => {
      const { node, parent, index } = fences[i]!;
      const controls = controlsToHtml(outputs[i]!, cell.id);
      const component = element(CELL, [
        numberAttribute('index', cell.index),
        stringAttribute('id', cell.id),
        stringAttribute('code', cell.code),
        stringAttribute('flags', flagList(cell.flags)),
        stringAttribute('hash', cell.hash),
        stringAttribute('output', outputsToHtml(outputs[i]!, sanitizeFigure, { base: options.base })),
        ...(controls === '' ? [] : [stringAttribute('controls', controls)]),
      ]);
      component.position = node.position;
      parent.children[index] = component;
    });

    /** The page carries each cell's code compiled, so the reader's kernel runs it without the transform. */
    const compiledOrNothing = (code: string): CompiledCell | undefined => {
      try {
        return compiledCell(code, transform.transformCell(code));
      } catch (error) {
        if (error instanceof transform.CellSyntaxError) return undefined; // a cell whose syntax error is its lesson
        throw error;
      }
    };
    const data: CellData[] = cells.map(({ index, id, code, flags, hash }) => ({ index, id, code, flags, hash, compiled: compiledOrNothing(code) }));
    tree.children.unshift(
      importDefault(CELL, '~/components/Cell.astro'),
      importDefault(CELLS_DATA, '~/components/CellsData.astro'),
    );
    tree.children.push(element(CELLS_DATA, [stringAttribute('json', JSON.stringify(data))]));
  };
}
