import { describe, expect, it } from 'vitest';
import { defaultModules } from '~/cells/modules';
import { Session } from '~/cells/runner';
import type { Output } from '~/cells/types';

const session = async (limits?: { maxOutputs?: number; maxChars?: number }) => new Session({ modules: await defaultModules(), limits });
const kinds = (outputs: Output[]) => outputs.map((o) => o.kind);
const errorOf = (outputs: Output[]) => outputs.find((o): o is Extract<Output, { kind: 'error' }> => o.kind === 'error');

describe('Session: one scope per page', () => {
  it('shares top-level declarations with later cells, including destructuring, classes and functions', async () => {
    const s = await session();
    await s.run('const a = 2; let { b, c: [d] } = { b: 3, c: [4] };\nclass Box { constructor(public v: number) {} }\nfunction twice(x: number) { return 2 * x; }');
    const r = await s.run('twice(a) + b + d + new Box(10).v');
    expect(r.outputs).toEqual([{ kind: 'value', text: '21' }]);
  });

  it('lets a cell be run again without "already declared" errors', async () => {
    const s = await session();
    expect((await s.run('const n = 1; n')).status).toBe('ok');
    const again = await s.run('const n = 2; n');
    expect(again.status).toBe('ok');
    expect(again.outputs).toEqual([{ kind: 'value', text: '2' }]);
  });

  it('keeps closures over earlier cells live', async () => {
    const s = await session();
    await s.run('let count = 0;\nfunction bump() { count++; }');
    await s.run('bump(); bump();');
    expect((await s.run('count')).outputs).toEqual([{ kind: 'value', text: '2' }]);
  });

  it('resolves imports from the module table and names a missing export or module', async () => {
    const s = await session();
    expect((await s.run('import { fromArray as fa } from "mlp";\nfa([[1, 2]]).cols')).outputs).toEqual([{ kind: 'value', text: '2' }]);
    expect(errorOf((await s.run('import { nope } from "mlp";')).outputs)?.message).toMatch(/"mlp" has no export named nope/);
    expect(errorOf((await s.run('import x from "fs";')).outputs)?.message).toMatch(/no module "fs" in a cell; available: "mlp"/);
  });

  it('supports top-level await', async () => {
    const s = await session();
    const r = await s.run('const v = await Promise.resolve(41);\nv + 1');
    expect(r.outputs).toEqual([{ kind: 'value', text: '42' }]);
  });
});

describe('Session: outputs', () => {
  it('captures console levels and shows a matrix as a table', async () => {
    const s = await session();
    const r = await s.run('import { fromArray } from "mlp";\nconsole.warn("careful", 3);\nconsole.log({ a: [1, "x"] });\nfromArray([[1, 2.5], [3, 4]])');
    expect(r.outputs[0]).toEqual({ kind: 'log', level: 'warn', text: 'careful 3' });
    expect(r.outputs[1]).toEqual({ kind: 'log', level: 'log', text: '{ a: [1, "x"] }' });
    expect(r.outputs[2]).toEqual({ kind: 'matrix', rows: 2, cols: 2, cells: [['1', '2.5'], ['3', '4']], truncated: false });
  });

  it('truncates a large matrix and says its shape', async () => {
    const s = await session();
    const r = await s.run('import { zeros } from "mlp";\nzeros(100, 3)');
    const m = r.outputs[0] as Extract<Output, { kind: 'matrix' }>;
    expect([m.rows, m.cols, m.truncated, m.cells.length]).toEqual([100, 3, true, 12]);
    expect(m.cells.some((row) => row[0] === '⋮')).toBe(true);
  });

  it('returns a Plot figure as sanitized SVG', async () => {
    const s = await session();
    const r = await s.run('import * as Plot from "@observablehq/plot";\nPlot.plot({ marks: [Plot.dot([[1, 2], [3, 4]])] })');
    expect(kinds(r.outputs)).toEqual(['svg']);
    const svg = (r.outputs[0] as { svg: string }).svg;
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/<circle/);
  });

  it('replaces a displayed output or progress bar with the same id', async () => {
    const s = await session();
    const seen: Output[] = [];
    const r = await s.run('import { display, progress } from "mlp/notebook";\nfor (let i = 1; i <= 3; i++) { display(`step ${i}`, { id: "s" }); progress(i / 3, "training"); }', {
      onOutput: (o) => seen.push(o),
    });
    expect(r.outputs).toEqual([
      { kind: 'value', text: '"step 3"', id: 's' },
      { kind: 'progress', fraction: 1, label: 'training', id: 'progress' },
    ]);
    expect(seen).toHaveLength(6);
  });

  it('caps output floods with one notice and keeps running', async () => {
    const s = await session({ maxOutputs: 5 });
    const r = await s.run('let i = 0;\nfor (; i < 1000; i++) console.log(i);\ni');
    expect(r.outputs).toHaveLength(6);
    expect(r.outputs[5]).toMatchObject({ kind: 'notice' });
    expect(r.status).toBe('ok');
  });

  it('caps huge strings by characters', async () => {
    const s = await session({ maxChars: 1000 });
    const r = await s.run('console.log("x".repeat(5000));');
    expect(kinds(r.outputs)).toEqual(['notice']);
  });
});

describe('Session: errors', () => {
  it('reports a TypeScript syntax error with its line and column', async () => {
    const s = await session();
    const r = await s.run('const ok = 1;\nconst = 2;');
    expect(r.status).toBe('error');
    expect(errorOf(r.outputs)).toMatchObject({ name: 'SyntaxError', line: 2 });
  });

  it('reports a runtime error at its line and column in the cell', async () => {
    const s = await session();
    // Column of the failing property read, `boom`; the last line is rewritten to return its value.
    const r = await s.run('const o: any = null;\nconst y = 2;\n  o.boom');
    expect(errorOf(r.outputs)).toMatchObject({ name: 'TypeError', line: 3, column: 5 });
    const inDeclaration = await s.run('const p: any = null;\nconst q = 1 + p.boom;');
    expect(errorOf(inDeclaration.outputs)).toMatchObject({ name: 'TypeError', line: 2, column: 17 });
  });

  it('keeps an engine error as the engine wrote it', async () => {
    const s = await session();
    const r = await s.run('import { matmul, zeros } from "mlp";\nmatmul(zeros(2, 3), zeros(4, 5))');
    expect(errorOf(r.outputs)).toMatchObject({ name: 'Error', message: 'matmul: (2×3) · (4×5): inner dimensions 3 and 4 differ', line: 2 });
  });

  it('shows outputs printed before the error', async () => {
    const s = await session();
    const r = await s.run('console.log("before");\nthrow new RangeError("stop")');
    expect(kinds(r.outputs)).toEqual(['log', 'error']);
  });

  it('refuses exports with a reason', async () => {
    const s = await session();
    expect(errorOf((await s.run('export const a = 1;')).outputs)?.message).toMatch(/cells cannot export/);
  });
});
