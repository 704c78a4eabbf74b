/**
 * Finds the live cells of a chapter: fenced blocks whose language is `ts` and whose meta starts
 * with `cell`, parsed as MDX with math, as the site parses it (so fences inside JSX such as <details> count, and text that only
 * looks like a fence does not). The remark plugin checks it sees the same fences.
 *
 *   ```ts cell throws id=shape-error
 */
import type { Code, Node, Root } from 'mdast';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import remarkMath from 'remark-math';
import remarkMdx from 'remark-mdx';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { CONTINUE, SKIP, visit } from 'unist-util-visit';
import { hashCode } from './hash';
import type { Cell, CellFlags } from './types';
import { parseValueAttributes, VALUE_ELEMENT, type PageValue, type ValueAttribute } from './values';

export const CELL_FLAGS = ['throws', 'browser-only', 'readonly', 'solution', 'id=NAME'] as const;

/** Parses the words after `cell` in a fence's meta; `where` names the fence in errors. */
export function parseFlags(meta: string, where: string): CellFlags {
  const flags: CellFlags = { throws: false, browserOnly: false, readonly: false, solution: false };
  const words = meta.trim().split(/\s+/).slice(1);
  const given = new Set<string>();
  for (const word of words) {
    const flag = word.startsWith('id=') ? 'id=' : word;
    if (given.has(flag)) throw new Error(`${where}: cell flag ${JSON.stringify(flag === 'id=' ? 'id=NAME' : flag)} is given twice`);
    given.add(flag);
    if (word === 'throws') flags.throws = true;
    else if (word === 'browser-only') flags.browserOnly = true;
    else if (word === 'readonly') flags.readonly = true;
    else if (word === 'solution') flags.solution = true;
    else if (word.startsWith('id=')) {
      const id = word.slice(3);
      if (!/^[A-Za-z][\w-]*$/.test(id)) {
        throw new Error(`${where}: cell id ${JSON.stringify(id)} must start with a letter and use only letters, digits, - and _`);
      }
      flags.id = id;
    } else {
      throw new Error(`${where}: unknown cell flag ${JSON.stringify(word)}, expected one of ${CELL_FLAGS.join(', ')}`);
    }
  }
  if (flags.throws && flags.browserOnly) {
    throw new Error(`${where}: a cell cannot be both "throws" and "browser-only" (the build could not check the error)`);
  }
  return flags;
}

/** Is this node a live cell's fence: language `ts`, meta starting with the word `cell`? */
export function isCellFence(node: Node): node is Code {
  const { lang, meta } = node as Partial<Code>;
  return node.type === 'code' && lang === 'ts' && /^cell(\s|$)/.test(meta ?? '');
}

/** The attributes of an MDX JSX element as `parseValueAttributes` takes them. */
export function valueAttributes(element: MdxJsxFlowElement | MdxJsxTextElement, where: string): ValueAttribute[] {
  return element.attributes.map((attribute) => {
    if (attribute.type !== 'mdxJsxAttribute') throw new Error(`${where}: <${VALUE_ELEMENT}> cannot take {...spread} attributes`);
    const value = attribute.value;
    return { name: attribute.name, value: value === null || value === undefined || typeof value === 'string' ? (value ?? null) : { expression: value.value } };
  });
}

export function isValueElement(node: Node): node is MdxJsxFlowElement | MdxJsxTextElement {
  return (node.type === 'mdxJsxTextElement' || node.type === 'mdxJsxFlowElement') && (node as { name?: unknown }).name === VALUE_ELEMENT;
}

/**
 * The cells of an MDX chapter and the `<Value>` elements of its prose (./values), each in document
 * order. Unknown flags, duplicate ids and malformed values throw, naming the line.
 */
export function extractPage(mdx: string): { cells: Cell[]; values: PageValue[] } {
  const tree = unified().use(remarkParse).use(remarkMdx).use(remarkMath).parse(mdx) as Root;
  const fences: Code[] = [];
  const values: PageValue[] = [];
  visit(tree, (node) => {
    if (isCellFence(node)) fences.push(node);
    else if (isValueElement(node)) {
      const line = node.position?.start.line ?? 0;
      const where = `line ${line}`;
      values.push({ ...parseValueAttributes(valueAttributes(node, where), where), line });
      // The build replaces the element whole (src/plugins/remark-cells.ts), so nothing inside it counts.
      return SKIP;
    }
    return CONTINUE;
  });

  const seen = new Map<string, number>();
  const cells = fences.map((fence, index) => {
    const line = fence.position?.start.line ?? 0;
    const flags = parseFlags(fence.meta ?? 'cell', `line ${line}`);
    const id = flags.id ?? String(index);
    if (seen.has(id)) throw new Error(`line ${line}: cell id ${JSON.stringify(id)} is already used by the cell on line ${seen.get(id)}`);
    seen.set(id, line);
    // Windows line endings in a chapter must not change the code's hash or what the reader edits.
    const code = fence.value.replace(/\r\n?/g, '\n');
    return { index, id, code, flags, hash: hashCode(code), line };
  });
  return { cells, values };
}

/** The cells of an MDX chapter, in document order. Unknown flags and duplicate ids throw. */
export function extractCells(mdx: string): Cell[] {
  return extractPage(mdx).cells;
}
