/**
 * The cells' dependency graph (src/cells/graph.ts) on names found by the transform (src/cells/reads.ts):
 * real cell code, transformed as the kernel does, so a wrong read list shows up as a wrong graph.
 */
import { describe, expect, it } from 'vitest';
import { ancestors, dependencies, dependents, readsBeforeDeclared, type CellNames } from '~/cells/graph';
import { transformCell } from '~/cells/transform';

const names = (...codes: string[]): CellNames[] => codes.map((code) => {
  const { declared, reads, imported } = transformCell(code);
  return { declared, reads, imported };
});

describe('names a cell reads', () => {
  const reads = (code: string) => transformCell(code).reads;

  it('counts names used inside functions, classes, defaults, computed keys and templates', () => {
    expect(reads('function f() { return lr * 2; }')).toEqual(['lr']);
    expect(reads('class C { m() { return net.layers; } }')).toEqual(['net']);
    expect(reads('const { a = fallback, [key]: b } = source;').sort()).toEqual(['fallback', 'key', 'source']);
    expect(reads('const s = `${first} and ${second}`;')).toEqual(['first', 'second']);
    expect(reads('const g = (x = start) => x + step;').sort()).toEqual(['start', 'step']);
  });

  it('leaves out names local where they are used: parameters, a function body\'s and a block\'s declarations, loop and catch bindings', () => {
    expect(reads('const f = ([r, c]: number[]) => zeros(r, c);')).toEqual(['zeros']);
    expect(reads('xs.reduce((best, x, i, all) => (x > all[best] ? i : best), 0)')).toEqual(['xs']);
    expect(reads('function run(steps: number) { let t = 0; for (let k = 0; k < steps; k++) t += k * rate; return t; }')).toEqual(['rate']);
    expect(reads('{ const local = 1; local + 1; }')).toEqual([]);
    expect(reads('const fact = function self(n: number): number { return n < 2 ? 1 : n * self(n - 1); };')).toEqual([]);
    expect(reads('switch (mode) { case 1: { break; } default: const y = 2; log(y); }').sort()).toEqual(['log', 'mode']);
  });

  it('still reads a name outside the scope that shadows it', () => {
    // `lr` is local only inside the arrow; the last line reads the global one.
    expect(reads('const f = (lr: number) => lr * 2;\nf(lr)')).toEqual(['lr']);
    // A block's declaration does not hide the same name after the block.
    expect(reads('{ const net = 1; net; }\nnet')).toEqual(['net']);
    // A local read before its own declaration in the block still names only the local: no false dependency.
    expect(reads('function g() { return steps; }')).toEqual(['steps']);
  });

  it('does not count property names, object keys, labels or the names it declares itself', () => {
    expect(reads('const o = { lr: 1 }; o.lr + other.lr;')).toEqual(['other']);
    expect(reads('outer: for (const v of values) { if (v) break outer; }')).toEqual(['values']);
    expect(reads('let total = 0; total += 1; total')).toEqual([]);
    expect(reads('try { risky(); } catch (problem) { report(problem); }').sort()).toEqual(['report', 'risky']);
  });

  it('ignores type-only names (the transform strips them before reading)', () => {
    expect(reads('const m: Matrix = make(); type T = Shape; m')).toEqual(['make']);
  });

  it('counts an imported name as declared by the importing cell', () => {
    const cell = transformCell('import * as Plot from "@observablehq/plot";\nimport { zeros } from "mlp";\nPlot.plot({ marks: [] })');
    expect(cell.declared).toEqual(['Plot', 'zeros']);
    expect(cell.reads).toEqual([]);
  });
});

describe('the dependency graph', () => {
  it('links each read to the last cell above that declares the name', () => {
    const cells = names('const lr = 0.1;', 'const net = build();', 'const lr = 0.5;', 'train(net, lr)', 'lr');
    expect(dependencies(cells)).toEqual([[], [], [], [1, 2], [2]]);
  });

  it('follows reads inside functions: a function cell depends on what its body reads', () => {
    const cells = names('let scale = 2;', 'function grow(x: number) { return x * scale; }', 'grow(3)', 'const unrelated = 1;');
    expect(dependents(cells, 0)).toEqual([1, 2]);
    expect(dependents(cells, 3)).toEqual([]);
  });

  it('re-runs dependents transitively and leaves independent cells alone', () => {
    const cells = names('const a = 1;', 'const b = a + 1;', 'const c = 10;', 'const d = b * c;', 'c');
    expect(dependents(cells, 0)).toEqual([1, 3]);
    expect(dependents(cells, 2)).toEqual([3, 4]);
    expect(dependents(cells, 3)).toEqual([]);
  });

  it('needs an importing cell to have run, but does not re-run its readers when it runs again (the modules are the same)', () => {
    const cells = names('import * as Plot from "@observablehq/plot";\nconst rate = slider();', 'Plot.plot({ marks: [] })', 'Plot.dot([rate])', 'const unrelated = 1;');
    expect(cells[0]!.imported).toEqual(['Plot']);
    expect(dependents(cells, 0)).toEqual([2]);
    expect(ancestors(cells, 1)).toEqual([0]);
    expect(ancestors(cells, 2)).toEqual([0]);
    expect(ancestors(cells, 3)).toEqual([]);
  });

  it('finds the ancestors of a cell transitively, and only those', () => {
    const cells = names('const a = 1;', 'const b = a + 1;', 'const c = 10;', 'const d = b * 2;', 'd + c');
    expect(ancestors(cells, 3)).toEqual([0, 1]);
    expect(ancestors(cells, 4)).toEqual([0, 1, 2, 3]);
    expect(ancestors(cells, 2)).toEqual([]);
  });

  it('stops at a redeclaration: cells below it read the new value', () => {
    const cells = names('const x = 1;', 'x + 1', 'const x = 2;', 'x * 10');
    expect(dependents(cells, 0)).toEqual([1]);
  });

  it('takes a cell of unknown names to read everything above and be read by everything below', () => {
    const cells = names('const a = 1;', 'const b = 2;', 'a', 'b');
    cells[1] = null;
    expect(dependencies(cells)).toEqual([[], [0], [0, 1], [1]]);
    expect(dependents(cells, 0)).toEqual([1, 2, 3]);
  });

  it('names a read that only a cell below declares, the order the runtime cannot satisfy', () => {
    const cells = names('const a = later + 1;', 'const later = a * 2;');
    expect(readsBeforeDeclared(cells)).toEqual([{ cell: 0, name: 'later', declaredIn: 1 }]);
    expect(dependencies(cells)).toEqual([[], [0]]);
    expect(readsBeforeDeclared(names('const a = 1;', 'a'))).toEqual([]);
  });
});
