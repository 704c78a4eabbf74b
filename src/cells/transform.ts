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
 * The rewrites are edits in place (`Edits`), so the reader's own text, defaults and computed keys
 * included, is still there; the edits, and sucrase's source map under them, take a position in the
 * body back to the reader's line and column (`sourcePosition`). Edits keep their lines anyway, so
 * the body reads like the cell.
 */
import { TraceMap, traceSegment, type EncodedSourceMap } from '@jridgewell/trace-mapping';
import { parse, type Node } from 'acorn';
import { transform as sucrase } from 'sucrase';
import { namesRead } from './reads';
import { CellSyntaxError } from './syntax-error';

export { CellSyntaxError };

export interface TransformedCell {
  /** The body of the function the runner builds: runs in `with (__scope)`, may `await`, returns the last value. */
  body: string;
  /** Names the cell declares at top level (for tooling and tests). */
  declared: string[];
  /** Names the cell reads that it does not declare (./reads): what it depends on in cells above. */
  reads: string[];
  /**
   * The declared names that its import statements bind: running the cell again binds them to the
   * same modules, so a cell that reads one needs the cell to have run, not to run again (./graph).
   */
  imported: string[];
  /** The specifiers of the cell's import statements, in order, each once (the runner loads lazy modules before the cell runs). */
  imports: string[];
  /** A 1-based line and column in `body` → the same place in the reader's code. */
  sourcePosition(line: number, column: number): { line: number; column: number };
}

type AnyNode = Node & Record<string, any>;

/**
 * Insertions and replacements at positions of a text, none overlapping, applied at once; a
 * position in the result maps back to the text (inside inserted text: to where it was inserted).
 * Written here rather than with magic-string, which does the same and more but would add 7.5 KB
 * gzip to the kernel worker (measure-js) and take the first Run over its 250 KB budget.
 */
class Edits {
  private readonly edits: { start: number; end: number; text: string }[] = [];

  constructor(private readonly source: string) {}

  /** `text` at `at`: after anything inserted there before, before the text from `at` on (replaced or not). */
  insert(at: number, text: string): this {
    return this.replace(at, at, text);
  }

  replace(start: number, end: number, text: string): this {
    this.edits.push({ start, end, text });
    return this;
  }

  /** The edited text, and for an offset in it the offset in the source it comes from. */
  apply(): { text: string; sourceOffset(offset: number): number } {
    // At one position insertions come first, in the order they were made (the sort is stable).
    const edits = [...this.edits].sort((a, b) => a.start - b.start || Number(a.end > a.start) - Number(b.end > b.start));
    /** Stretches of the result copied from the source: [offset in the result, offset in the source, length]. */
    const copied: [number, number, number][] = [];
    /** Inserted text: [offset in the result, its length, the source offset it stands at]. */
    const inserted: [number, number, number][] = [];
    let text = '';
    let from = 0;
    const copy = (to: number) => {
      copied.push([text.length, from, to - from]);
      text += this.source.slice(from, to);
    };
    for (const edit of edits) {
      if (edit.start < from) throw new Error(`transformCell: overlapping edits at ${edit.start}`);
      copy(edit.start);
      inserted.push([text.length, edit.text.length, edit.start]);
      text += edit.text;
      from = edit.end;
    }
    copy(this.source.length);
    const sourceOffset = (offset: number) => {
      const piece = copied.find(([at, , length]) => offset >= at && offset < at + length);
      if (piece) return piece[1] + offset - piece[0];
      return inserted.find(([at, length]) => offset >= at && offset < at + length)?.[2] ?? this.source.length;
    };
    return { text, sourceOffset };
  }
}

/** The offset of a 1-based line and column in `text`, and back. */
function lineIndex(text: string) {
  const starts = [0, ...[...text.matchAll(/\n/g)].map((m) => m.index! + 1)];
  return {
    offset: (line: number, column: number) => (starts[line - 1] ?? text.length) + column - 1,
    position(offset: number) {
      let line = starts.length;
      while (line > 1 && starts[line - 1]! > offset) line--;
      return { line, column: offset - starts[line - 1]! + 1 };
    },
  };
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
  // Sucrase keeps lines but not columns (`x as any` loses 7 characters); its map has a segment per
  // token, and the text inside a token is unchanged, so a column keeps its offset from its token's start.
  const map = result.sourceMap ? new TraceMap(result.sourceMap as unknown as EncodedSourceMap) : null;
  return {
    js: result.code,
    original(line, column) {
      const segment = map && traceSegment(map, line - 1, column - 1);
      if (!segment || segment.length < 4) return { line, column };
      const [generatedColumn, , sourceLine, sourceColumn] = segment as readonly [number, number, number, number];
      return { line: sourceLine + 1, column: sourceColumn + column - generatedColumn };
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
    const at = stripped.original(e.loc?.line ?? 1, (e.loc?.column ?? 0) + 1);
    throw new CellSyntaxError(e.message.replace(/\s*\(\d+:\d+\)\s*$/, ''), at.line, at.column);
  }
}

/**
 * `name` → `__scope.name` for every name a binding pattern (destructuring) declares, edited in
 * place so defaults and computed keys stay the reader's own text.
 */
function publishPattern(code: Edits, node: AnyNode, declared: string[]): void {
  switch (node.type) {
    case 'Identifier':
      declared.push(node.name);
      code.insert(node.start, '__scope.');
      return;
    case 'ObjectPattern':
      for (const p of node.properties as AnyNode[]) {
        if (p.type === 'RestElement') publishPattern(code, p.argument, declared);
        else {
          // `{ a }` and `{ a = 1 }` name the key and the binding at once: spell the key out.
          if (p.shorthand) code.insert(p.value.start, `${p.key.name}: `);
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
  const out = new Edits(js);
  const declared: string[] = [];
  const imports: string[] = [];
  const imported: string[] = [];
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
        statement.specifiers.forEach((s: AnyNode) => {
          declared.push(s.local.name);
          imported.push(s.local.name);
        });
        if (!imports.includes(statement.source.value)) imports.push(statement.source.value);
        out.replace(statement.start, statement.end, sameLines(js.slice(statement.start, statement.end), importText(statement)));
        break;
      case 'VariableDeclaration': {
        if (statement.kind !== 'const' && statement.kind !== 'let' && statement.kind !== 'var') {
          // A shared-scope binding outlives the cell, so there is no moment to dispose of it.
          throw refuse(`a top-level "${statement.kind}" declaration cannot be shared with later cells; put it inside a block { … }`, statement);
        }
        // `const a = 1, { b } = o;` → `;(__scope.a = 1, { b: __scope.b } = o);`
        out.replace(statement.start, statement.declarations[0].start, ';(');
        for (const d of statement.declarations as AnyNode[]) {
          publishPattern(out, d.id, declared);
          if (!d.init) out.insert(d.id.end, ' = undefined');
        }
        out.insert(beforeSemicolon(statement), ')');
        if (beforeSemicolon(statement) === statement.end) out.insert(statement.end, ';');
        break;
      }
      case 'ClassDeclaration':
        declared.push(statement.id.name);
        out.insert(statement.start, `__scope.${statement.id.name} = `).insert(statement.end, ';');
        break;
      case 'FunctionDeclaration': {
        const name: string = statement.id.name;
        const local = `__cell_fn_${name}`;
        declared.push(name);
        hoisted.push(`__scope.${name} = ${local}; Object.defineProperty(${local}, "name", { value: ${JSON.stringify(name)} });`);
        out.replace(statement.id.start, statement.id.end, local);
        break;
      }
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        throw refuse('cells cannot export: top-level declarations are already shared with the cells below', statement);
      case 'ExpressionStatement':
        if (index === body.length - 1) out.insert(statement.start, 'return (').insert(statement.expression.end, ')');
        break;
      default:
        break;
    }
  });
  // Function declarations are hoisted, so publishing them first lets earlier lines of later cells call them.
  if (hoisted.length > 0) out.insert(0, `${hoisted.join(' ')} `);

  const edited = out.apply();
  const inBody = lineIndex(edited.text);
  const inJs = lineIndex(js);
  const sourcePosition = (line: number, column: number) => {
    const at = inJs.position(edited.sourceOffset(inBody.offset(line, column)));
    return stripped.original(at.line, at.column);
  };
  return { body: edited.text, declared, reads: namesRead(program, declared), imported, imports, sourcePosition };
}
