import { describe, expect, it } from 'vitest';
import { CellSyntaxError, transformCell } from '~/cells/transform';

const lines = (text: string) => text.split('\n').length;

describe('transformCell', () => {
  it('lists every top-level name a cell declares, in order', () => {
    const cell = transformCell(
      'import D, { a as b } from "m";\nimport * as NS from "n";\nconst { c, d: [e, ...f], ...g } = o, h = 1;\nlet i;\nclass J {}\nasync function* k() {}\nfor (const notTopLevel of []) {}',
    );
    expect(cell.declared).toEqual(['D', 'b', 'NS', 'c', 'e', 'f', 'g', 'h', 'i', 'J', 'k']);
  });

  it('lists the modules its import statements name, once each, without type-only imports', () => {
    const cell = transformCell('import type { T } from "types-only";\nimport { a } from "m";\nimport * as N from "n";\nimport "m";\nimport { type U, b } from "n";\nfunction f() { return import("dynamic"); }');
    expect(cell.imports).toEqual(['m', 'n']);
  });

  it('keeps the line count of the reader\'s code, whatever is rewritten', () => {
    const code = 'import {\n  zeros,\n  fromArray,\n} from "mlp";\nconst {\n  p,\n  q,\n} = { p: 1, q: 2 };\ntype T = {\n  a: number;\n};\nfunction f(\n  x: T,\n): number {\n  return x.a;\n}\np + q';
    expect(lines(transformCell(code).body)).toBe(lines(code));
  });

  it('maps a position in the rewritten body back to the reader\'s line and column, across stripped types', () => {
    const code = 'const w: Array<number> = [1];\nconst value = (w as any).missing.deeper;';
    const cell = transformCell(code);
    // Find `.deeper` in the body and map it back: it sits at column 33 of line 2 in the original.
    const bodyLine = cell.body.split('\n')[1]!;
    const column = bodyLine.indexOf('.deeper') + 1;
    expect(cell.sourcePosition(2, column)).toEqual({ line: 2, column: code.split('\n')[1]!.indexOf('.deeper') + 1 });
  });

  it('rewrites top-level statements in place, keeping the reader\'s own text and lines', () => {
    const code = 'import { zeros as z } from "mlp";\nconst a: number = 1, { b = a + 1, c: [d], ...e } = {} as any\nlet f\nclass K {}\nfunction g(x: number) { return x }\ng(a)';
    expect(transformCell(code).body.split('\n')).toEqual([
      '__scope.g = __cell_fn_g; Object.defineProperty(__cell_fn_g, "name", { value: "g" }); __scope.z = __import("mlp", "zeros");',
      // (sucrase leaves a space where `as any` was)
      ';(__scope.a = 1, { b: __scope.b = a + 1, c: [__scope.d], ...__scope.e } = {}); ',
      ';(__scope.f = undefined);',
      '__scope.K = class K {};',
      'function __cell_fn_g(x) { return x }',
      'return (g(a))',
    ]);
  });

  it('returns the last expression statement and nothing else', () => {
    expect(transformCell('1;\n2').body).toMatch(/return \(2\)$/);
    expect(transformCell('const x = 1;').body).not.toMatch(/return/);
    expect(transformCell('x;\nfunction later() {}').body).not.toMatch(/return/);
  });

  it('refuses exports, naming the position of the statement in the reader\'s code', () => {
    try {
      transformCell('const a: number = 1;\n  export { a };');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CellSyntaxError);
      expect(error).toMatchObject({ line: 2, column: 3 });
    }
  });

  it('refuses top-level using declarations, whose disposal a shared scope could not honour', () => {
    expect(() => transformCell('const a = 1;\nusing r = open();')).toThrow(/top-level "using" declaration cannot be shared with later cells; put it inside a block/);
    expect(() => transformCell('{\n  using r = open();\n}')).not.toThrow();
  });

  it('reports syntax errors at the reader\'s position, after stripped types on the same line', () => {
    // acorn finds this one (sucrase does not check declarations); the `: number` before it is stripped.
    expect(() => transformCell('const n: number = 1; const n = 2;')).toThrow(CellSyntaxError);
    try {
      transformCell('const n: number = 1; const n = 2;');
    } catch (error) {
      expect(error).toMatchObject({ line: 1, column: 28, message: "Identifier 'n' has already been declared" });
    }
  });
});
