import { describe, expect, it } from 'vitest';
import { extractCells } from '~/cells/extract';
import { typecheckCells } from '~/cells/typecheck';

const fence = (meta: string, code: string) => '```ts ' + meta + '\n' + code + '\n```\n\n';

describe('typecheckCells', () => {
  it('accepts cells that use the engine, Plot and the notebook, seeing earlier declarations', () => {
    const cells = extractCells(
      fence('cell', 'import { fromArray, matmul } from "mlp";\nconst X = fromArray([[1, 2], [3, 4]]);') +
        fence('cell', 'import { fromArray } from "mlp";\nimport * as Plot from "@observablehq/plot";\nconst Y = matmul(X, fromArray([[1], [0]]));\nPlot.plot({ marks: [Plot.dot([1, 2])] })') +
        fence('cell', 'import { display } from "mlp/notebook";\nconst X = 3; // a later cell may declare a name again\ndisplay(Y.rows + X);\nawait Promise.resolve(1);'),
    );
    expect(typecheckCells(cells, 'ok')).toEqual([]);
  });

  it('reports a type error at its cell, line and column', () => {
    const cells = extractCells(
      fence('cell', 'import { fromArray } from "mlp";\nconst X = fromArray([[1]]);') + fence('cell id=bad', 'const n: number = X;\nconst s: string = X.rows;'),
    );
    const diagnostics = typecheckCells(cells, 'bad');
    expect(diagnostics.map((d) => [d.cellId, d.line, d.column])).toEqual([['bad', 1, 7], ['bad', 2, 7]]);
    expect(diagnostics[0]!.message).toMatch(/Matrix.*not assignable to type 'number'/);
  });

  it('types controls: a slider is a number, a select one of its options, so a misspelt option is a type error', () => {
    const ok = extractCells(fence('cell', 'import { slider, select, checkbox, button } from "mlp/notebook";\nconst lr: number = slider("lr", { min: 0.001, max: 1, value: 0.1, log: true });\nconst how = select("how", { options: ["SGD", "Adam"] });\nconst on: boolean = checkbox("on");\nconst presses: number = button("again");\nhow === "Adam" ? lr : presses'));
    expect(typecheckCells(ok, 'controls')).toEqual([]);
    const typo = extractCells(fence('cell', 'import { select } from "mlp/notebook";\nconst how = select("how", { options: ["SGD", "Adam"] });\nif (how === "Adma") {}'));
    expect(typecheckCells(typo, 'typo')[0]).toMatchObject({ line: 3, message: expect.stringMatching(/no overlap/) });
    const unknown = extractCells(fence('cell', 'import { slider } from "mlp/notebook";\nslider("lr", { min: 0, max: 1, value: 0.5, units: "ms" });'));
    expect(typecheckCells(unknown, 'unknown option')[0]!.message).toMatch(/units/);
  });

  it('reports an unknown engine export', () => {
    const cells = extractCells(fence('cell', 'import { nothingHere } from "mlp";\nnothingHere'));
    expect(typecheckCells(cells, 'unknown')[0]!.message).toMatch(/no exported member 'nothingHere'/);
  });

  it('checks each page on its own even though parsed library files are shared between pages', () => {
    const first = extractCells(fence('cell', 'const onlyOnFirstPage = 1;'));
    const second = extractCells(fence('cell', 'onlyOnFirstPage + 1'));
    expect(typecheckCells(first, 'first')).toEqual([]);
    const diagnostics = typecheckCells(second, 'second');
    expect(diagnostics.map((d) => [d.cellIndex, d.line, d.column])).toEqual([[0, 1, 1]]);
    expect(diagnostics[0]!.message).toMatch(/Cannot find name 'onlyOnFirstPage'/);
    // The same page name checked again with other code sees the new code, not a cached copy.
    expect(typecheckCells(extractCells(fence('cell', 'const n: string = 1;')), 'first')[0]!.message).toMatch(/not assignable to type 'string'/);
  });

  it('lets a later cell shadow an earlier name with another type, and reports code that uses it wrongly after', () => {
    const cells = extractCells(fence('cell', 'const v = 1;') + fence('cell', 'const v = "text";\nconst w: number = v;'));
    expect(typecheckCells(cells, 'shadow').map((d) => [d.cellIndex, d.line])).toEqual([[1, 2]]);
  });

  it('reports a cell that imports one name two different ways', () => {
    const cells = extractCells(fence('cell', 'import { zeros as make } from "mlp";') + fence('cell', 'import { full as make } from "mlp";'));
    const diagnostics = typecheckCells(cells, 'imports');
    expect(diagnostics[0]).toMatchObject({ cellIndex: 1, line: 1, column: 1 });
    expect(diagnostics[0]!.message).toMatch(/make is imported differently by an earlier cell/);
  });
});

