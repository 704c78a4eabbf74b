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

  it('reports an unknown engine export', () => {
    const cells = extractCells(fence('cell', 'import { nothingHere } from "mlp";\nnothingHere'));
    expect(typecheckCells(cells, 'unknown')[0]!.message).toMatch(/no exported member 'nothingHere'/);
  });
});
