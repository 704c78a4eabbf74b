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
 * The rewrites are edits in place (magic-string), so the reader's own text, defaults and computed
 * keys included, is still there; its source map, and sucrase's under it, take a position in the
 * body back to the reader's line and column (`sourcePosition`). Edits keep their lines anyway, so
 * the body reads like the cell.
 */
import { TraceMap, traceSegment, type DecodedSourceMap, type EncodedSourceMap } from '@jridgewell/trace-mapping';
import { parse, type Node } from 'acorn';
import MagicString from 'magic-string';
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
  /** A 1-based line and column in `body` → the same place in the reader's code. */
  sourcePosition(line: number, column: number): { line: number; column: number };
}

type AnyNode = Node & Record<string, any>;

/**
 * A 1-based line and column of a source map's generated text → the same place in its source.
 * `withinSegment`: the map has a segment per token only (sucrase's), and the text inside a token is
 * unchanged, so a column inside one keeps its offset from the token's start.
 */
function traced(map: TraceMap, line: number, column: number, withinSegment: boolean): { line: number; column: number } | null {
  const segment = traceSegment(map, line - 1, column - 1);
  if (!segment || segment.length < 4) return null;
  const [generatedColumn, , sourceLine, sourceColumn] = segment as readonly [number, number, number, number];
  const offset = withinSegment ? column - 1 - generatedColumn : 0;
  return { line: sourceLine + 1, column: sourceColumn + offset + 1 };
}

interface StrippedCell {
  js: string;
  /** A 1-based line and column of `js` → the same place in the TypeScript. */
  original(line: number, column: number): { line: number; column: number };
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
  // Sucrase keeps lines but not columns (`x as any` loses 7 characters); its map says where each token came from.
  const map = result.sourceMap ? new TraceMap(result.sourceMap as unknown as EncodedSourceMap) : null;
  return {
    js: result.code,
    original: (line, column) => (map && traced(map, line, column, true)) ?? { line, column },
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
    const at = stripped.original(e.loc?.line ?? 1, (e.loc?.column ?? 0) + 1);
    throw new CellSyntaxError(e.message.replace(/\s*\(\d+:\d+\)\s*$/, ''), at.line, at.column);
  }
}

/**
 * `name` → `__scope.name` for every name a binding pattern (destructuring) declares, edited in
 * place so defaults and computed keys stay the reader's own text.
 */
function publishPattern(code: MagicString, node: AnyNode, declared: string[]): void {
  switch (node.type) {
    case 'Identifier':
      declared.push(node.name);
      code.appendLeft(node.start, '__scope.');
      return;
    case 'ObjectPattern':
      for (const p of node.properties as AnyNode[]) {
        if (p.type === 'RestElement') publishPattern(code, p.argument, declared);
        else {
          // `{ a }` and `{ a = 1 }` name the key and the binding at once: spell the key out.
          if (p.shorthand) code.appendLeft(p.value.start, `${p.key.name}: `);
          publishPattern(code, p.value, declared);
        }
      }
      return;
    case 'ArrayPattern':
      for (const e of node.elements as (AnyNode | null)[]) if (e) publishPattern(code, e, declared);
      return;
    case 'AssignmentPattern':
      publishPattern(code, node.left, declared);
      return;
    case 'RestElement':
      publishPattern(code, node.argument, declared);
      return;
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
  const out = new MagicString(js);
  const declared: string[] = [];
  const imports: string[] = [];
  const hoisted: string[] = [];
  const body = program.body as AnyNode[];
  const refuse = (message: string, statement: AnyNode) => {
    const at = stripped.original(statement.loc!.start.line, statement.loc!.start.column + 1);
    return new CellSyntaxError(message, at.line, at.column);
  };
  /** The end of a statement's text before its semicolon, if it has one. */
  const beforeSemicolon = (statement: AnyNode) => (js[statement.end - 1] === ';' ? statement.end - 1 : statement.end);

  body.forEach((statement, index) => {
    switch (statement.type) {
      case 'ImportDeclaration':
        statement.specifiers.forEach((s: AnyNode) => declared.push(s.local.name));
        if (!imports.includes(statement.source.value)) imports.push(statement.source.value);
        out.overwrite(statement.start, statement.end, sameLines(js.slice(statement.start, statement.end), importText(statement)));
        break;
      case 'VariableDeclaration': {
        if (statement.kind !== 'const' && statement.kind !== 'let' && statement.kind !== 'var') {
          // A shared-scope binding outlives the cell, so there is no moment to dispose of it.
          throw refuse(`a top-level "${statement.kind}" declaration cannot be shared with later cells; put it inside a block { … }`, statement);
        }
        // `const a = 1, { b } = o;` → `;(__scope.a = 1, { b: __scope.b } = o);`
        out.overwrite(statement.start, statement.declarations[0].start, ';(');
        for (const d of statement.declarations as AnyNode[]) {
          publishPattern(out, d.id, declared);
          if (!d.init) out.appendLeft(d.id.end, ' = undefined');
        }
        out.appendLeft(beforeSemicolon(statement), ')');
        if (beforeSemicolon(statement) === statement.end) out.appendLeft(statement.end, ';');
        break;
      }
      case 'ClassDeclaration':
        declared.push(statement.id.name);
        out.prependRight(statement.start, `__scope.${statement.id.name} = `).appendLeft(statement.end, ';');
        break;
      case 'FunctionDeclaration': {
        const name: string = statement.id.name;
        const local = `__cell_fn_${name}`;
        declared.push(name);
        hoisted.push(`__scope.${name} = ${local}; Object.defineProperty(${local}, "name", { value: ${JSON.stringify(name)} });`);
        out.overwrite(statement.id.start, statement.id.end, local);
        break;
      }
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        throw refuse('cells cannot export: top-level declarations are already shared with the cells below', statement);
      case 'ExpressionStatement':
        if (index === body.length - 1) out.prependRight(statement.start, 'return (').appendLeft(statement.expression.end, ')');
        break;
      default:
        break;
    }
  });
  // Function declarations are hoisted, so publishing them first lets earlier lines of later cells call them.
  if (hoisted.length > 0) out.prepend(`${hoisted.join(' ')} `);

  // Made on the first error only: most runs never ask where something happened.
  let map: TraceMap | null = null;
  const sourcePosition = (line: number, column: number) => {
    map ??= new TraceMap(out.generateDecodedMap({ hires: true, source: 'cell.js' }) as unknown as DecodedSourceMap);
    const inJs = traced(map, line, column, false);
    return inJs ? stripped.original(inJs.line, inJs.column) : { line, column: 1 };
  };
  return { body: out.toString(), declared, imports, sourcePosition };
}
