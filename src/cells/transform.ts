/**
 * Turns a cell's TypeScript into JavaScript that runs inside a page's shared scope.
 *
 * 1. sucrase strips the types (it keeps every line where it was, so positions survive);
 * 2. acorn parses the result as a module with top-level await;
 * 3. the top-level statements are rewritten so that what a cell declares lands in the scope
 *    object (`__scope`) that later cells read through `with`:
 *      const x = 1, {a, b: [c]} = o   →  ;(__scope.x = 1, {a: __scope.a, b: [__scope.c]} = o);
 *      class C {}                     →  __scope.C = class C {};
 *      function f() {}                →  function __cell_fn_f() {}  (still hoisted), and on the first
 *                                        line `__scope.f = __cell_fn_f;` plus its name "f"
 *      import { a as b } from "mlp"   →  __scope.b = __import("mlp", "a");
 *      last expression statement e    →  return (e);
 *    Re-running a cell simply assigns again, so there is no "already declared" error. The price:
 *    `const` is not enforced across cells (the type check still refuses assignments to it).
 *    The leading `;` keeps a cell written without semicolons meaning what it says: `f()` followed
 *    by `const x = 1` on the next line must not become the call `f()(…)`. Functions are renamed so
 *    that every use of `f`, even inside the cell that declares it, reads the page's current `f`: a
 *    later cell that redefines a helper changes what the earlier functions call, as it would in one
 *    script.
 * Every replacement stays on its own lines, so line numbers in errors are the reader's.
 */
import { parse, type Node } from 'acorn';
import { transform as sucrase } from 'sucrase';

/** A syntax error at a 1-based line and column of the cell's code. */
export class CellSyntaxError extends SyntaxError {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
    this.name = 'SyntaxError';
  }
}

export interface TransformedCell {
  /** The body of the function the runner builds: runs in `with (__scope)`, may `await`, returns the last value. */
  body: string;
  /** Names the cell declares at top level (for tooling and tests). */
  declared: string[];
  /** The specifiers of the cell's import statements, in order, each once (the runner loads lazy modules before the cell runs). */
  imports: string[];
  /** A 1-based line and column in `body` → the same place in the reader's code (lines match; columns are mapped). */
  sourcePosition(line: number, column: number): { line: number; column: number };
}

/** A stretch of the cell's code copied unchanged into a replacement text. */
interface Verbatim {
  jsStart: number;
  textOffset: number;
  length: number;
}

interface Edit {
  start: number;
  end: number;
  text: string;
  verbatim: Verbatim[];
}

/** Replacement text that remembers which parts are the reader's code, so error columns map back. */
class TextBuilder {
  text = '';
  verbatim: Verbatim[] = [];
  constructor(private readonly js: string) {}
  add(text: string): this {
    this.text += text;
    return this;
  }
  copy(start: number, end: number): this {
    this.verbatim.push({ jsStart: start, textOffset: this.text.length, length: end - start });
    this.text += this.js.slice(start, end);
    return this;
  }
}

type AnyNode = Node & Record<string, any>;

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * For each line, the (generated column, original column) pairs of a source map's segments, both
 * 0-based. Sucrase keeps lines but not columns (`x as any` loses 7 characters), and its map has
 * one segment per token, which is all an error position needs.
 */
function decodeColumns(mappings: string): [number, number][][] {
  let sourceColumn = 0;
  return mappings.split(';').map((line) => {
    let generatedColumn = 0;
    return line
      .split(',')
      .filter((segment) => segment.length > 0)
      .map((segment) => {
        const fields: number[] = [];
        let value = 0;
        let shift = 0;
        for (const char of segment) {
          const digit = BASE64.indexOf(char);
          value += (digit & 31) << shift;
          if (digit & 32) shift += 5;
          else {
            fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
            value = 0;
            shift = 0;
          }
        }
        generatedColumn += fields[0] ?? 0;
        sourceColumn += fields[3] ?? 0;
        return [generatedColumn, sourceColumn] as [number, number];
      });
  });
}

interface StrippedCell {
  js: string;
  /** A 1-based column on a line of `js` → the same place in the TypeScript. */
  originalColumn(line: number, column: number): number;
}

/** Strips TypeScript; a sucrase error becomes a CellSyntaxError with the reader's position. */
function stripTypes(code: string): StrippedCell {
  let result: ReturnType<typeof sucrase>;
  try {
    result = sucrase(code, {
      transforms: ['typescript'],
      disableESTransforms: true,
      keepUnusedImports: true,
      filePath: 'cell.ts',
      sourceMapOptions: { compiledFilename: 'cell.js' },
    });
  } catch (error) {
    // sucrase's `loc.column` is already 1-based (unlike acorn's), so the position is recomputed from `pos`.
    const e = error as Error & { pos?: number };
    const message = e.message.replace(/^Error transforming cell\.ts: /, '').replace(/\s*\(\d+:\d+\)\s*$/, '');
    const before = code.slice(0, Math.max(0, Math.min(e.pos ?? 0, code.length))).split('\n');
    throw new CellSyntaxError(message, before.length, before.at(-1)!.length + 1);
  }
  const columns = result.sourceMap ? decodeColumns(result.sourceMap.mappings) : [];
  return {
    js: result.code,
    originalColumn(line, column) {
      const segments = columns[line - 1] ?? [];
      let best: [number, number] | undefined;
      for (const segment of segments) if (segment[0] <= column - 1) best = segment;
      return best ? best[1] + (column - 1 - best[0]) + 1 : column;
    },
  };
}

function parseModule(stripped: StrippedCell): AnyNode {
  try {
    return parse(stripped.js, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      allowAwaitOutsideFunction: true,
      locations: true,
    }) as AnyNode;
  } catch (error) {
    const e = error as SyntaxError & { loc?: { line: number; column: number } };
    const line = e.loc?.line ?? 1;
    throw new CellSyntaxError(e.message.replace(/\s*\(\d+:\d+\)\s*$/, ''), line, stripped.originalColumn(line, (e.loc?.column ?? 0) + 1));
  }
}

/** `name` → `__scope.name` in a binding pattern (destructuring), returning the rewritten text. */
function patternText(js: string, node: AnyNode, declared: string[]): string {
  switch (node.type) {
    case 'Identifier':
      declared.push(node.name);
      return `__scope.${node.name}`;
    case 'ObjectPattern':
      return `{${node.properties
        .map((p: AnyNode) => {
          if (p.type === 'RestElement') return `...${patternText(js, p.argument, declared)}`;
          const key = p.computed ? `[${js.slice(p.key.start, p.key.end)}]` : js.slice(p.key.start, p.key.end);
          return `${key}: ${patternText(js, p.value, declared)}`;
        })
        .join(', ')}}`;
    case 'ArrayPattern':
      return `[${node.elements.map((e: AnyNode | null) => (e ? patternText(js, e, declared) : '')).join(', ')}]`;
    case 'AssignmentPattern':
      return `${patternText(js, node.left, declared)} = ${js.slice(node.right.start, node.right.end)}`;
    case 'RestElement':
      return `...${patternText(js, node.argument, declared)}`;
    default:
      throw new CellSyntaxError(`unsupported declaration pattern ${node.type}`, node.loc!.start.line, node.loc!.start.column + 1);
  }
}

/** Keeps the line breaks of the text it replaces, so later lines keep their numbers. */
function sameLines(original: string, replacement: string): string {
  const breaks = original.split('\n').length - replacement.split('\n').length;
  return breaks > 0 ? replacement + '\n'.repeat(breaks) : replacement;
}

function importText(node: AnyNode): string {
  const source = JSON.stringify(node.source.value);
  if (node.specifiers.length === 0) return `__import(${source});`;
  return node.specifiers
    .map((s: AnyNode) => {
      if (s.type === 'ImportNamespaceSpecifier') return `__scope.${s.local.name} = __import(${source});`;
      if (s.type === 'ImportDefaultSpecifier') return `__scope.${s.local.name} = __import(${source}).default;`;
      const imported = s.imported.type === 'Identifier' ? s.imported.name : s.imported.value;
      return `__scope.${s.local.name} = __import(${source}, ${JSON.stringify(imported)});`;
    })
    .join(' ');
}

/** The cell's code, ready for the runner (see the module comment). Throws CellSyntaxError. */
export function transformCell(code: string): TransformedCell {
  const stripped = stripTypes(code);
  const js = stripped.js;
  const program = parseModule(stripped);
  const edits: Edit[] = [];
  const declared: string[] = [];
  const imports: string[] = [];
  const hoisted: string[] = [];
  const body = program.body as AnyNode[];

  body.forEach((statement, index) => {
    const original = js.slice(statement.start, statement.end);
    const replace = (text: string | TextBuilder) =>
      typeof text === 'string'
        ? edits.push({ start: statement.start, end: statement.end, text: sameLines(original, text), verbatim: [] })
        : edits.push({ start: statement.start, end: statement.end, text: sameLines(original, text.text), verbatim: text.verbatim });
    switch (statement.type) {
      case 'ImportDeclaration':
        statement.specifiers.forEach((s: AnyNode) => declared.push(s.local.name));
        if (!imports.includes(statement.source.value)) imports.push(statement.source.value);
        replace(importText(statement));
        break;
      case 'VariableDeclaration': {
        if (statement.kind !== 'const' && statement.kind !== 'let' && statement.kind !== 'var') {
          // A shared-scope binding outlives the cell, so there is no moment to dispose of it.
          throw new CellSyntaxError(
            `a top-level "${statement.kind}" declaration cannot be shared with later cells; put it inside a block { … }`,
            statement.loc!.start.line,
            stripped.originalColumn(statement.loc!.start.line, statement.loc!.start.column + 1),
          );
        }
        const text = new TextBuilder(js).add(';(');
        statement.declarations.forEach((d: AnyNode, i: number) => {
          text.add(`${i > 0 ? ', ' : ''}${patternText(js, d.id, declared)} = `);
          if (d.init) text.copy(d.init.start, d.init.end);
          else text.add('undefined');
        });
        replace(text.add(');'));
        break;
      }
      case 'ClassDeclaration':
        declared.push(statement.id.name);
        replace(new TextBuilder(js).add(`__scope.${statement.id.name} = `).copy(statement.start, statement.end).add(';'));
        break;
      case 'FunctionDeclaration': {
        const name: string = statement.id.name;
        const local = `__cell_fn_${name}`;
        declared.push(name);
        hoisted.push(`__scope.${name} = ${local}; Object.defineProperty(${local}, "name", { value: ${JSON.stringify(name)} });`);
        replace(new TextBuilder(js).copy(statement.start, statement.id.start).add(local).copy(statement.id.end, statement.end));
        break;
      }
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        throw new CellSyntaxError(
          'cells cannot export: top-level declarations are already shared with the cells below',
          statement.loc!.start.line,
          stripped.originalColumn(statement.loc!.start.line, statement.loc!.start.column + 1),
        );
      case 'ExpressionStatement':
        if (index === body.length - 1) {
          replace(new TextBuilder(js).add('return (').copy(statement.expression.start, statement.expression.end).add(');'));
        }
        break;
      default:
        break;
    }
  });

  // Function declarations are hoisted, so publishing them first lets earlier lines of later cells call them.
  const prefix = hoisted.join(' ');
  let out = prefix;
  let copiedUpTo = 0;
  // Pieces of `out` that are the cell's own text, at a fixed shift from their place in `js`.
  const pieces: Verbatim[] = [];
  const keep = (start: number, end: number) => {
    pieces.push({ jsStart: start, textOffset: out.length, length: end - start });
    out += js.slice(start, end);
  };
  for (const edit of edits.sort((a, b) => a.start - b.start)) {
    keep(copiedUpTo, edit.start);
    for (const v of edit.verbatim) pieces.push({ ...v, textOffset: out.length + v.textOffset });
    out += edit.text;
    copiedUpTo = edit.end;
  }
  keep(copiedUpTo, js.length);

  const lineStarts = (text: string) => [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
  const outLines = lineStarts(out);
  const jsLines = lineStarts(js);
  const sourcePosition = (line: number, column: number) => {
    const offset = (outLines[line - 1] ?? 0) + column - 1;
    const piece = pieces.find((p) => offset >= p.textOffset && offset <= p.textOffset + p.length);
    if (!piece) return { line, column: 1 };
    const jsOffset = piece.jsStart + offset - piece.textOffset;
    let jsLine = jsLines.length;
    while (jsLine > 1 && jsLines[jsLine - 1]! > jsOffset) jsLine--;
    return { line: jsLine, column: stripped.originalColumn(jsLine, jsOffset - jsLines[jsLine - 1]! + 1) };
  };
  return { body: out, declared, imports, sourcePosition };
}
