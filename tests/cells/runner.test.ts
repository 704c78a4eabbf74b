import { describe, expect, it } from 'vitest';
import { defaultModules } from '~/cells/modules';
import { CellTimeoutError, LazyModule, lazyModule, Session } from '~/cells/runner';
import { compiledCell } from '~/cells/compiled';
import { transformCell } from '~/cells/transform';
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

  it('keeps a cell written without semicolons meaning what it says', async () => {
    const s = await session();
    // `console.log(1)` followed by a rewritten declaration must not turn into `console.log(1)(…)`.
    const r = await s.run('console.log(1)\nconst x = 2\nlet [y] = [3]\nx + y');
    expect(r.outputs).toEqual([{ kind: 'log', level: 'log', text: '1' }, { kind: 'value', text: '5' }]);
  });

  it('lets a later cell redefine a function that earlier functions call, as in one script', async () => {
    const s = await session();
    await s.run('function activation(z: number) { return z; }\nfunction layer(z: number) { return activation(z) + 1; }');
    expect((await s.run('layer(-3)')).outputs).toEqual([{ kind: 'value', text: '-2' }]);
    await s.run('function activation(z: number) { return Math.max(0, z); }');
    expect((await s.run('layer(-3)')).outputs).toEqual([{ kind: 'value', text: '1' }]);
  });

  it('hoists functions within a cell, keeps their names and allows recursion', async () => {
    const s = await session();
    const r = await s.run('const first = fact(5);\nfunction fact(n: number): number { return n <= 1 ? 1 : n * fact(n - 1); }\n[first, fact.name]');
    expect(r.outputs).toEqual([{ kind: 'value', text: '[120, "fact"]' }]);
  });

  it('runs cells as strict code: no accidental globals, no global `this`', async () => {
    const s = await session();
    const r = await s.run('leakedByACell = 5;');
    expect(errorOf(r.outputs)).toMatchObject({ name: 'ReferenceError', message: 'leakedByACell is not defined', line: 1 });
    expect('leakedByACell' in globalThis).toBe(false);
    expect((await s.run('typeof this')).outputs).toEqual([{ kind: 'value', text: '"undefined"' }]);
  });

  it('queues cells that are started without waiting, in order', async () => {
    const s = await session();
    const first = s.run('await new Promise((r) => setTimeout(r, 5));\nconst late = "set by the first cell";');
    const second = s.run('late');
    expect((await first).status).toBe('ok');
    expect((await second).outputs).toEqual([{ kind: 'value', text: '"set by the first cell"' }]);
  });

  it('queues cells per session: a cell that never settles holds up its own page only', async () => {
    const stuck = await session();
    const other = await session();
    void stuck.run('await new Promise(() => {});');
    const elsewhere = other.run('6 * 7');
    const outcome = await Promise.race([elsewhere, new Promise((resolve) => setTimeout(() => resolve('still waiting after 2 s'), 2000))]);
    expect(outcome).toEqual({ status: 'ok', outputs: [{ kind: 'value', text: '42' }] });
  });

  it('gives up on a cell at its deadline, drops what it prints later, and runs the next cell', async () => {
    const s = await session();
    const late: Output[] = [];
    const hung = s.run('console.log("before");\nawait new Promise((resolve) => setTimeout(resolve, 300));\nconsole.log("after the deadline");', {
      deadlineMs: 50,
      onOutput: (o) => late.push(o),
    });
    await expect(hung).rejects.toThrow(new CellTimeoutError(50));
    await expect(hung).rejects.toThrow('the cell did not finish within 0.05 s');
    const next = await s.run('console.log("next");\n1', { deadlineMs: 1000 });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(next.outputs).toEqual([{ kind: 'log', level: 'log', text: 'next' }, { kind: 'value', text: '1' }]);
    expect(late).toEqual([{ kind: 'log', level: 'log', text: 'before' }]);
  });

  it('applies the deadline to a prose value too', async () => {
    const s = await session();
    await expect(s.evaluate('new Promise(() => {})', { deadlineMs: 20 })).rejects.toBeInstanceOf(CellTimeoutError);
    await expect(s.evaluate('2 + 2')).resolves.toEqual({ ok: true, value: 4 });
  });

  it('resolves imports from the module table and names a missing export or module', async () => {
    const s = await session();
    expect((await s.run('import { fromArray as fa } from "mlp";\nfa([[1, 2]]).cols')).outputs).toEqual([{ kind: 'value', text: '2' }]);
    expect(errorOf((await s.run('import { nope } from "mlp";')).outputs)?.message).toMatch(/"mlp" has no export named nope/);
    expect(errorOf((await s.run('import x from "fs";')).outputs)?.message).toMatch(/no module "fs" in a cell; available: "mlp"/);
    // Types vanish at run time: a type imported without `type` gets a hint, `import type` just works.
    expect(errorOf((await s.run('import { DenseSpec } from "mlp";')).outputs)?.message).toMatch(/import type \{ DenseSpec \}/);
    expect((await s.run('import type { DenseSpec } from "mlp";\nimport { type Matrix, zeros } from "mlp";\nconst z: Matrix = zeros(1, 2);\nz.cols')).outputs).toEqual([
      { kind: 'value', text: '2' },
    ]);
  });

  it('imports a module namespace and keeps side-effect-only imports harmless', async () => {
    const s = await session();
    const r = await s.run('import "mlp";\nimport * as nb from "mlp/notebook";\ntypeof nb.display');
    expect(r.outputs).toEqual([{ kind: 'value', text: '"function"' }]);
  });

  it('loads a lazy module once, before the first cell that imports it, and never for cells that do not', async () => {
    let loads = 0;
    const s = new Session({ modules: { eager: { one: 1 }, lazy: lazyModule(async () => (loads++, { two: 2 })) } });
    expect((await s.run('import { one } from "eager";\none')).outputs).toEqual([{ kind: 'value', text: '1' }]);
    // A type-only import vanishes with the types, so it loads nothing either.
    expect((await s.run('import type { Two } from "lazy";\nconst t: Two | 0 = 0;')).status).toBe('ok');
    expect(loads).toBe(0);
    expect((await s.run('import { two } from "lazy";\nimport * as L from "lazy";\ntwo + L.two')).outputs).toEqual([{ kind: 'value', text: '4' }]);
    expect((await s.run('import { two as again } from "lazy";\nagain')).outputs).toEqual([{ kind: 'value', text: '2' }]);
    expect(loads).toBe(1);
    expect(errorOf((await s.run('import { three } from "lazy";')).outputs)?.message).toMatch(/"lazy" has no export named three/);
    expect(errorOf((await s.run('import x from "nowhere";')).outputs)?.message).toMatch(/no module "nowhere" in a cell; available: "eager", "lazy"/);
  });

  it('reports a failed lazy load at the import statement, after the lines above it ran, and retries on the next run', async () => {
    let attempts = 0;
    const s = new Session({
      modules: {
        flaky: lazyModule(async () => {
          if (++attempts === 1) throw new Error('network down');
          return { ok: 'loaded' };
        }),
      },
    });
    const failed = await s.run('console.log("first");\nimport { ok } from "flaky";\nok');
    expect(failed.status).toBe('error');
    expect(kinds(failed.outputs)).toEqual(['log', 'error']);
    expect(errorOf(failed.outputs)).toMatchObject({ message: 'import: could not load the module "flaky": network down', line: 2 });
    expect((await s.run('import { ok } from "flaky";\nok')).outputs).toEqual([{ kind: 'value', text: '"loaded"' }]);
    expect(attempts).toBe(2);
  });

  it('makes Plot a lazy module, a fresh one (with its own document) for each session', async () => {
    const [a, b] = [await defaultModules(), await defaultModules()];
    expect(a['@observablehq/plot']).toBeInstanceOf(LazyModule);
    expect(a['@observablehq/plot']).not.toBe(b['@observablehq/plot']);
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

  it('prints from a function declared in an earlier cell into the cell that calls it', async () => {
    const s = await session();
    await s.run('function report(epoch: number) { console.info(`epoch ${epoch}`); }');
    const streamed: Output[] = [];
    const r = await s.run('report(1);\nreport(2);', { onOutput: (o) => streamed.push(o) });
    const expected = [{ kind: 'log', level: 'info', text: 'epoch 1' }, { kind: 'log', level: 'info', text: 'epoch 2' }];
    expect(r.outputs).toEqual(expected);
    expect(streamed).toEqual(expected);
  });

  it('supports console.assert, dir, table, debug and trace', async () => {
    const s = await session();
    const r = await s.run('console.assert(1 > 2, "order", 1);\nconsole.assert(false);\nconsole.assert(true, "silent");\nconsole.dir([1]);\nconsole.debug("d");\nconsole.error(new RangeError("r"));');
    expect(r.outputs).toEqual([
      { kind: 'log', level: 'error', text: 'Assertion failed: order 1' },
      { kind: 'log', level: 'error', text: 'Assertion failed' },
      { kind: 'log', level: 'log', text: '[1]' },
      { kind: 'log', level: 'debug', text: 'd' },
      { kind: 'log', level: 'error', text: 'RangeError: r' },
    ]);
  });

  it('supports console.time, count and group without failing the cell', async () => {
    const s = await session();
    const r = await s.run('console.time("step");\nconsole.count();\nconsole.count();\nconsole.count("x");\nconsole.group("Layer 1");\nconsole.groupEnd();\nconsole.timeEnd("step");\nconsole.timeEnd("step");');
    const texts = r.outputs.map((o) => (o as { text: string }).text);
    expect(texts.slice(0, 4)).toEqual(['default: 1', 'default: 2', 'x: 1', 'Layer 1']);
    expect(texts[4]).toMatch(/^step: \d+\.\d ms$/);
    expect(r.outputs[5]).toEqual({ kind: 'log', level: 'warn', text: 'Timer "step" does not exist' });
  });

  it('fills console format specifiers like a browser does', async () => {
    const s = await session();
    const r = await s.run('console.log("epoch %d: loss %f (%s) %o %c100%%", 3, 0.25, "ok", [1], "color: red", "extra");\nconsole.log("%d%% of %s", 50);\nconsole.log("%i", 2.9);\nconsole.log("no specifiers", 1)');
    expect(r.outputs.map((o) => (o as { text: string }).text)).toEqual(['epoch 3: loss 0.25 (ok) [1] 100% extra', '50% of %s', '2', 'no specifiers 1']);
  });

  it('treats a promise as the last value by awaiting it', async () => {
    const s = await session();
    expect((await s.run('Promise.resolve([1, 2])')).outputs).toEqual([{ kind: 'value', text: '[1, 2]' }]);
    const rejected = await s.run('Promise.reject(new TypeError("no"))');
    expect(rejected.status).toBe('error');
    expect(errorOf(rejected.outputs)).toMatchObject({ name: 'TypeError', message: 'no' });
  });

  it('shows nothing for a cell that ends in a declaration or undefined', async () => {
    const s = await session();
    expect((await s.run('const quiet = 1;')).outputs).toEqual([]);
    expect((await s.run('undefined')).outputs).toEqual([]);
    expect((await s.run('null')).outputs).toEqual([{ kind: 'value', text: 'null' }]);
  });

  it('truncates a large matrix and says its shape', async () => {
    const s = await session();
    const r = await s.run('import { zeros } from "mlp";\nzeros(100, 3)');
    const m = r.outputs[0] as Extract<Output, { kind: 'matrix' }>;
    expect([m.rows, m.cols, m.truncated, m.cells.length]).toEqual([100, 3, true, 13]);
    expect(m.cells.some((row) => row[0] === '⋮')).toBe(true);
  });

  it('console.log of a matrix prints its entries, not just its shape', async () => {
    const s = await session();
    const r = await s.run('import { fromArray } from "mlp";\nconsole.log("W =", fromArray([[1, 0.5], [-2, 1 / 3]]))');
    expect(r.outputs).toEqual([{ kind: 'log', level: 'log', text: 'W = Matrix 2×2\n[  1     0.5 ]\n[ -2  0.3333 ]' }]);
  });

  it('returns a Plot figure as sanitized SVG', async () => {
    const s = await session();
    const r = await s.run('import * as Plot from "@observablehq/plot";\nPlot.plot({ marks: [Plot.dot([[1, 2], [3, 4]])] })');
    expect(kinds(r.outputs)).toEqual(['svg']);
    const svg = (r.outputs[0] as { svg: string }).svg;
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/<circle/);
  });

  it('supports the mark.plot() shorthand and legends, which Plot would draw into window.document', async () => {
    const s = await session();
    const r = await s.run(
      [
        'import * as Plot from "@observablehq/plot";',
        'import { display } from "mlp/notebook";',
        'display(Plot.dot([[1, 2], [3, 4]]).plot({ grid: true }));',
        'display(Plot.marks(Plot.ruleY([0]), Plot.lineY([1, 3])).plot({ title: "Loss" }));',
        'display(Plot.legend({ color: { domain: ["train", "validation"] } }));',
        'Plot.dot([1]) instanceof Plot.Mark',
      ].join('\n'),
    );
    expect(kinds(r.outputs)).toEqual(['svg', 'svg', 'svg', 'value']);
    const [dots, lines, legend] = r.outputs.map((o) => (o as { svg: string }).svg);
    expect(dots).toMatch(/^<svg[\s\S]*<circle/);
    expect(lines).toMatch(/^<figure[\s\S]*<h2>Loss<\/h2>[\s\S]*<path/);
    expect(legend).toMatch(/^<div class="plot-[\s\S]*train[\s\S]*validation/);
    expect(r.outputs[3]).toEqual({ kind: 'value', text: 'true' });
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

  it('keeps updating outputs with an id after the cap, without counting each update again', async () => {
    const s = await session({ maxOutputs: 3, maxChars: 1000 });
    // 100 updates of a 600-character text: only the latest counts towards the 1000 characters.
    const r = await s.run('import { display, progress } from "mlp/notebook";\nfor (let i = 0; i < 100; i++) display(String(i % 10).repeat(600), { id: "live" });\nfor (let i = 0; i < 10; i++) console.log(i);\nfor (let i = 1; i <= 4; i++) progress(i / 4, "after the cap");');
    expect(r.outputs[0]).toEqual({ kind: 'value', text: JSON.stringify('9'.repeat(600)), id: 'live' });
    expect(kinds(r.outputs)).toEqual(['value', 'log', 'log', 'notice']);
    // New outputs stay stopped once the notice is shown, and errors still get through.
    const after = await s.run('import { display } from "mlp/notebook";\nfor (let i = 0; i < 5; i++) console.log(i);\ndisplay("x".repeat(400), { id: "a" });\ndisplay("y", { id: "a" });\nthrow new Error("still shown")');
    expect(kinds(after.outputs)).toEqual(['log', 'log', 'log', 'notice', 'error']);
  });

  it('lets a replacement grow only within the character cap', async () => {
    const s = await session({ maxChars: 100 });
    const r = await s.run('import { display } from "mlp/notebook";\ndisplay("small", { id: "v" });\ndisplay("z".repeat(500), { id: "v" });\ndisplay("tiny", { id: "v" });');
    // The 500-character update is dropped (with the notice); the small one after it fits again.
    expect(r.outputs).toEqual([{ kind: 'value', text: '"tiny"', id: 'v' }, expect.objectContaining({ kind: 'notice' })]);
  });

  it('routes notebook output to the right cell when two pages run at once', async () => {
    const a = await session();
    const b = await session();
    const code = (name: string) => `import { display, sleep } from "mlp/notebook";\nfor (let i = 0; i < 3; i++) { display("${name}" + i); await sleep(1); }`;
    const [ra, rb] = await Promise.all([a.run(code('a')), b.run(code('b'))]);
    expect(ra.outputs.map((o) => (o as { text: string }).text)).toEqual(['"a0"', '"a1"', '"a2"']);
    expect(rb.outputs.map((o) => (o as { text: string }).text)).toEqual(['"b0"', '"b1"', '"b2"']);
  });

  it('refuses notebook output outside a running cell', async () => {
    const { display } = await import('~/cells/notebook');
    expect(() => display(1)).toThrow(/only be used while a cell runs/);
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
    // `=` is the unexpected token: line 2, column 7.
    expect(errorOf(r.outputs)).toMatchObject({ name: 'SyntaxError', message: 'Unexpected token', line: 2, column: 7 });
    // Found by sucrase (a type annotation with no type) and by acorn (a name declared twice).
    expect(errorOf((await s.run('const a: = 1;')).outputs)).toMatchObject({ name: 'SyntaxError', line: 1, column: 10 });
    expect(errorOf((await s.run('const b = 1;\n  const b = 2;')).outputs)).toMatchObject({ message: "Identifier 'b' has already been declared", line: 2, column: 9 });
    expect(errorOf((await s.run('const t = `open')).outputs)).toMatchObject({ name: 'SyntaxError', message: 'Unterminated template', line: 1 });
  });

  it('reports the position after an await and inside multi-line declarations', async () => {
    const s = await session();
    const afterAwait = await s.run('await Promise.resolve();\nconst t = 1;\n  (null as any).y');
    expect(errorOf(afterAwait.outputs)).toMatchObject({ name: 'TypeError', line: 3, column: 17 });
    const destructured = await s.run('const {\n  p,\n  q\n} = { p: 1, q: 2 };\nconst w = (p as any).x.y;');
    expect(errorOf(destructured.outputs)).toMatchObject({ name: 'TypeError', line: 5, column: 24 });
  });

  it('reports columns on a first line that also declares functions (their names are published before it)', async () => {
    const s = await session();
    const code = 'function f() { return 1; } const z: number = (null as any).q;';
    const r = await s.run(code);
    expect(errorOf(r.outputs)).toMatchObject({ name: 'TypeError', line: 1, column: code.indexOf('q;') + 1 });
  });

  it('places an error from an earlier cell\'s function at the call in the running cell', async () => {
    const s = await session();
    await s.run('function firstOf(rows: any) {\n  return rows[0];\n}');
    const r = await s.run('const ok = 1;\n\nconst v = firstOf(null);');
    expect(errorOf(r.outputs)).toMatchObject({ name: 'TypeError', line: 3, column: 11 });
  });

  it('finds the cell\'s line even when the error is thrown many calls deep', async () => {
    const descend = (depth: number): number => {
      if (depth === 0) throw new RangeError('bottom');
      return descend(depth - 1) + 1;
    };
    const s = new Session({ modules: { deep: { descend } } });
    const limitBefore = Error.stackTraceLimit;
    const r = await s.run('import { descend } from "deep";\nconst before = 1;\nconst v = descend(40);');
    expect(errorOf(r.outputs)).toMatchObject({ name: 'RangeError', message: 'bottom', line: 3, column: 11 });
    // The deeper stacks are only for the cell's run.
    expect(Error.stackTraceLimit).toBe(limitBefore);
  });

  /** The 1-based line and column of the first `token` in `code`. */
  const positionOf = (code: string, token: string) => {
    const before = code.slice(0, code.indexOf(token)).split('\n');
    return { line: before.length, column: before.at(-1)!.length + 1 };
  };

  // Each case reads a property of null; V8 reports the position of the property name (`miss`).
  const placed: [string, string][] = [
    ['on a line after a rewritten declaration', 'const a = 1; let b: number = 2;\nconst c: any = null;\nconsole.log(a + b, c.miss);'],
    ['on the same line as declarations before it', 'const a: number = 1, b = 2; const c: any = null; const d = c.miss;'],
    ['after a multi-line destructuring', 'const {\n  p,\n  q: [r],\n} = { p: 1, q: [2] };\nlet s: string = "x";\nconst t = (p as any).x.miss;'],
    ['inside a destructuring default', 'const { u = (null as any).miss, v } = { v: 1 };'],
    ['inside a computed key of a destructuring', 'const o: any = null;\nconst { [o.miss]: w } = {};'],
    ['after type annotations sucrase removes', 'function typed(x: Array<number>, y?: { a: string }): void {}\nconst z = (1 as unknown as Map<string, number>) satisfies unknown;\nconst e: any = null; e.miss;'],
    ['after a type alias and an interface', 'type Pair = [number, number];\ninterface Shape { rows: number }\nconst f: Pair = [1, 2]; (null as any).miss'],
    ['in a multi-line statement', 'const g = [1, 2,\n  3].map((v: number) =>\n    (null as any).miss);'],
    ['in a function declared in the cell', 'function inner(n: number): number {\n  const m: any = null;\n  return m.miss + n;\n}\ninner(1);'],
    ['in a function declared on the same line as other code', 'const k = 1; function named(x: number) { return (null as any).miss; } named(k);'],
    ['in a method of a class declared in the cell', 'class Holder {\n  read(): number { return (null as any).miss; }\n}\nnew Holder().read();'],
    ['after an import on the same line', 'import { zeros } from "mlp"; const h: any = zeros(1, 1) && null; h.miss'],
    ['in an arrow function returned across lines', 'const arrow = (x: number): number =>\n  (x as any).p.miss;\narrow(1)'],
  ];
  for (const [where, code] of placed) {
    it(`reports a runtime error at the reader's line and column ${where}`, async () => {
      const s = await session();
      const r = await s.run(code);
      expect(errorOf(r.outputs)).toMatchObject({ name: 'TypeError', ...positionOf(code, 'miss') });
    });
  }

  // The page carries each chapter cell compiled by the build (../../src/cells/compiled.ts); the
  // kernel runs that body and transforms the code again only to place an error.
  for (const [where, code] of placed) {
    it(`places a runtime error in the reader's code when the cell ran from its compiled form, ${where}`, async () => {
      const s = await session();
      const r = await s.run(code, { compiled: compiledCell(code, transformCell(code)) });
      expect(errorOf(r.outputs)).toMatchObject({ name: 'TypeError', ...positionOf(code, 'miss') });
    });
  }

  it('traces an error thrown after a run (by a timer or promise) to the cell that started it, at its line', async () => {
    let callback: (() => void) | undefined;
    const s = new Session({ modules: { timers: { later: (f: () => void) => (callback = f) } } });
    expect(s.late(new Error('before any cell'))).toBeNull();
    const code = 'import { later } from "timers";\nconst stamp: number = 1;\nlater(() => {\n  (null as any).miss;\n});';
    await s.run(code, { cellId: 'starter' });
    await s.run('const unrelated = 2;', { cellId: 'next' });
    let thrown: unknown;
    try {
      callback!();
    } catch (error) {
      thrown = error;
    }
    expect(s.late(thrown)).toEqual({ cellId: 'starter', output: { kind: 'error', name: 'TypeError', message: expect.stringMatching(/miss/), ...positionOf(code, 'miss') } });
    // Nothing on the stack names a cell: the cell run last gets it.
    expect(s.late('a thrown string')).toEqual({ cellId: 'next', output: { kind: 'error', name: 'Uncaught', message: 'a thrown string' } });
  });

  it('reports thrown non-errors readably', async () => {
    const s = await session();
    expect(errorOf((await s.run('throw "plain words"')).outputs)).toMatchObject({ name: 'Uncaught', message: 'plain words' });
    expect(errorOf((await s.run('throw { code: 7 }')).outputs)).toMatchObject({ name: 'Uncaught', message: '{ code: 7 }' });
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

describe('Session: cells compiled by the build', () => {
  const code = 'const w: number = 3;\nconsole.log("w is", w);\nw * 2';

  it('runs the compiled body of exactly this code, with the same outputs and shared names as transforming it', async () => {
    const fresh = await session();
    const fromCompiled = await session();
    const compiled = compiledCell(code, transformCell(code));
    expect(compiled.declared).toEqual(['w']);
    const a = await fresh.run(code);
    const b = await fromCompiled.run(code, { compiled });
    expect(b).toEqual(a);
    expect((await fromCompiled.run('w + 1')).outputs).toEqual([{ kind: 'value', text: '4' }]);
  });

  it('ignores a compiled body made from other code: what runs is the code given', async () => {
    const s = await session();
    const other = compiledCell('"the chapter\'s code"', transformCell('"the chapter\'s code"'));
    expect((await s.run('"the reader\'s code"', { compiled: other })).outputs).toEqual([{ kind: 'value', text: '"the reader\'s code"' }]);
    // A body that claims this code's hash but is not a string is not run either.
    const forged = { ...compiledCell('1', transformCell('1')), body: 42 } as unknown as ReturnType<typeof compiledCell>;
    expect((await s.run('1', { compiled: forged })).outputs).toEqual([{ kind: 'value', text: '1' }]);
  });

  it('places an error a compiled cell throws after its run (a timer) at its line', async () => {
    let callback: (() => void) | undefined;
    const s = new Session({ modules: { timers: { later: (f: () => void) => (callback = f) } } });
    const late = 'import { later } from "timers";\nconst typed: string = "t";\nlater(() => {\n  (null as any).miss;\n});';
    await s.run(late, { cellId: 'compiled', compiled: compiledCell(late, transformCell(late)) });
    let thrown: unknown;
    try {
      callback!();
    } catch (error) {
      thrown = error;
    }
    expect(s.late(thrown)).toMatchObject({ cellId: 'compiled', output: { name: 'TypeError', line: 4, column: 17 } });
  });
});
