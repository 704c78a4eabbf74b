/**
 * Type-checks a page's cells against the engine's types, the way the reader's session sees them:
 * one virtual module per page in which every cell sits in a block nested inside the block of the
 * cell before it, so a cell sees everything declared above it and may declare a name again.
 * Imports move to the top (merged across cells); "mlp" is src/lib/index.ts, "mlp/notebook" is
 * src/cells/notebook.ts. Node only (it uses the TypeScript compiler API and the file system).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import type { Cell } from './types';

const root = fileURLToPath(new URL('../../', import.meta.url));

export const CELL_MODULES: Record<string, string> = {
  mlp: join(root, 'src/lib/index.ts'),
  'mlp/notebook': join(root, 'src/cells/notebook.ts'),
};

export interface CellDiagnostic {
  cellIndex: number;
  cellId: string;
  /** 1-based line and column inside the cell's code. */
  line: number;
  column: number;
  message: string;
}

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: [],
  allowImportingTsExtensions: true,
  // Cells are snippets: a value computed only to be displayed is not an unused local.
  noUnusedLocals: false,
  noUnusedParameters: false,
};

/**
 * Parsed files other than the page (TypeScript's lib files, the engine, Plot's types), shared by
 * every page checked in this process (parsing lib.dom.d.ts alone costs about a second), and parsed
 * again only when their text changes.
 */
const sharedSourceFiles = new Map<string, ts.SourceFile>();

interface Layout {
  text: string;
  /** For each cell, the virtual line where its first line sits. */
  firstLine: number[];
}

/** The import lines of all cells, merged; each cell's own import statements become blank lines. */
function layout(cells: readonly Cell[]): Layout & { importErrors: CellDiagnostic[] } {
  const imports = new Map<string, string>(); // local name → import statement
  const importErrors: CellDiagnostic[] = [];
  const bodies = cells.map((cell) => {
    const file = ts.createSourceFile('cell.ts', cell.code, ts.ScriptTarget.ES2022, true);
    let body = cell.code;
    const statements = file.statements.filter(ts.isImportDeclaration);
    for (const statement of [...statements].reverse()) {
      const source = (statement.moduleSpecifier as ts.StringLiteral).text;
      const clause = statement.importClause;
      const typeOnly = clause?.isTypeOnly ? 'type ' : '';
      const locals: [string, string][] = [];
      if (clause?.name) locals.push([clause.name.text, `import ${typeOnly}${clause.name.text} from ${JSON.stringify(source)};`]);
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) {
        locals.push([bindings.name.text, `import ${typeOnly}* as ${bindings.name.text} from ${JSON.stringify(source)};`]);
      } else if (bindings) {
        for (const element of bindings.elements) {
          const imported = element.propertyName ? `${element.propertyName.text} as ` : '';
          const kind = typeOnly || (element.isTypeOnly ? 'type ' : '');
          locals.push([element.name.text, `import ${kind === '' ? '' : 'type '}{ ${imported}${element.name.text} } from ${JSON.stringify(source)};`]);
        }
      }
      for (const [local, line] of locals) {
        const earlier = imports.get(local);
        if (earlier !== undefined && earlier !== line && earlier.replace('import type ', 'import ') !== line.replace('import type ', 'import ')) {
          const at = file.getLineAndCharacterOfPosition(statement.getStart());
          importErrors.push({ cellIndex: cell.index, cellId: cell.id, line: at.line + 1, column: at.character + 1, message: `${local} is imported differently by an earlier cell (${earlier})` });
        } else if (earlier === undefined || earlier.startsWith('import type ')) {
          imports.set(local, line);
        }
      }
      const text = body.slice(statement.getStart(), statement.getEnd());
      body = body.slice(0, statement.getStart()) + text.replace(/[^\n]/g, ' ') + body.slice(statement.getEnd());
    }
    return body;
  });

  const header = [...imports.values()];
  const lines = [...header];
  const firstLine: number[] = [];
  for (const body of bodies) {
    lines.push('{');
    firstLine.push(lines.length + 1); // 1-based line of the cell's first line
    lines.push(...body.split('\n'));
  }
  lines.push(...bodies.map(() => '}'));
  lines.push('export {};');
  return { text: lines.join('\n'), firstLine, importErrors };
}

/**
 * Diagnostics of the cells of one page (empty when they type-check). `pageName` makes the virtual
 * file name unique so several pages can be checked by one process.
 */
export function typecheckCells(cells: readonly Cell[], pageName = 'page'): CellDiagnostic[] {
  if (cells.length === 0) return [];
  const { text, firstLine, importErrors } = layout(cells);
  const fileName = join(root, 'src/cells', `__cells_${pageName.replace(/[^\w-]/g, '_')}.ts`);
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (name) => (name === fileName ? text : readFile(name));
  host.fileExists = ((exists) => (name: string) => name === fileName || exists(name))(host.fileExists.bind(host));
  host.getSourceFile = (name, languageVersion, ...rest) => {
    if (name === fileName) return ts.createSourceFile(name, text, languageVersion, true);
    const key = `${String(typeof languageVersion === 'object' ? languageVersion.languageVersion : languageVersion)}:${name}`;
    let file = sharedSourceFiles.get(key);
    // Re-parse a file that changed on disk (an engine edit under `vitest --watch`); reading is cheap, parsing is not.
    if (file && readFile(name) !== file.text) file = undefined;
    if (!file) {
      file = getSourceFile(name, languageVersion, ...rest);
      if (file) sharedSourceFiles.set(key, file);
    }
    return file;
  };
  host.resolveModuleNameLiterals = (literals, containingFile) =>
    literals.map((literal) => {
      const target = CELL_MODULES[literal.text];
      if (target) return { resolvedModule: { resolvedFileName: target, extension: ts.Extension.Ts, isExternalLibraryImport: false } };
      return ts.resolveModuleName(literal.text, containingFile, options, host);
    });

  const program = ts.createProgram({ rootNames: [fileName], options, host });
  const source = program.getSourceFile(fileName)!;
  const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
  const found = diagnostics.map((d): CellDiagnostic => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (d.start === undefined) return { cellIndex: -1, cellId: '', line: 0, column: 0, message };
    const at = source.getLineAndCharacterOfPosition(d.start);
    const virtualLine = at.line + 1;
    let i = firstLine.length - 1;
    while (i > 0 && firstLine[i]! > virtualLine) i--;
    const inCell = virtualLine - firstLine[i]! + 1;
    if (inCell < 1) return { cellIndex: -1, cellId: '', line: 0, column: 0, message: `(in the merged imports) ${message}` };
    return { cellIndex: cells[i]!.index, cellId: cells[i]!.id, line: inCell, column: at.character + 1, message };
  });
  return [...importErrors, ...found];
}

/** "cell 3 (id=x), line 2, column 5: message" lines, for test failures and build errors. */
export function formatDiagnostics(diagnostics: readonly CellDiagnostic[], page: string): string {
  return diagnostics
    .map((d) => `${page}: cell ${d.cellIndex + 1}${d.cellId !== String(d.cellIndex) ? ` (id=${d.cellId})` : ''}, line ${d.line}, column ${d.column}: ${d.message}`)
    .join('\n');
}

