/**
 * A cell's code as the build transformed it (./transform), carried in the page's cell data so the
 * browser kernel can run a chapter's own code without loading the TypeScript transform: sucrase and
 * acorn are three quarters of the kernel's bytes, and a reader who only presses Run never needs
 * them. Edited or shared code is transformed in the kernel as before.
 *
 * An error's stack gives a line and column in the body; `positions` takes them back to the
 * reader's code without the transform. The transform's own map, sampled at every column of the
 * body, is kept as runs: from body line `l`, column `c` on, column `c + k` is line `L`, column
 * `C + k·s` of the code until the next run, where the step `s` is 1 in the reader's own text and 0
 * in text the transform inserted (all of which maps to where it was inserted).
 */
import { hashCode } from './hash';
import type { TransformedCell } from './transform';

export interface CompiledCell {
  /** `hashCode` of the code it was made from: the runner uses it for that code only. */
  hash: string;
  body: string;
  declared: string[];
  reads: string[];
  /** The declared names bound by import statements (see `TransformedCell.imported`). */
  imported: string[];
  imports: string[];
  /** The runs of the position map, flat: l, c, L, C, s, l, c, L, C, s, … (positions 1-based), in body order. */
  positions: number[];
}

/** What the page carries of a transformed cell. */
export function compiledCell(code: string, cell: TransformedCell): CompiledCell {
  const runs: { l: number; c: number; L: number; C: number; s: number | null }[] = [];
  cell.body.split('\n').forEach((text, i) => {
    const l = i + 1;
    for (let c = 1; c <= text.length + 1; c++) {
      const at = cell.sourcePosition(l, c);
      const run = runs.at(-1);
      if (run && run.l === l && run.L === at.line) {
        const k = c - run.c;
        if (run.s === null && (at.column === run.C || at.column === run.C + k)) run.s = at.column === run.C ? 0 : 1;
        if (run.s !== null && at.column === run.C + k * run.s) continue;
      }
      runs.push({ l, c, L: at.line, C: at.column, s: null });
    }
  });
  const positions = runs.flatMap((r) => [r.l, r.c, r.L, r.C, r.s ?? 1]);
  return { hash: hashCode(code), body: cell.body, declared: [...cell.declared], reads: [...cell.reads], imported: [...cell.imported], imports: [...cell.imports], positions };
}

/** Whether `compiled` was made from exactly `code` (and has the parts the runner reads). */
export function compiledFrom(compiled: CompiledCell | undefined, code: string): compiled is CompiledCell {
  return compiled !== undefined && typeof compiled.body === 'string' && Array.isArray(compiled.positions) && compiled.hash === hashCode(code);
}

/** A 1-based line and column in the compiled body → the same place in the reader's code (as `TransformedCell.sourcePosition`). */
export function compiledPosition(compiled: CompiledCell, line: number, column: number): { line: number; column: number } {
  const runs = compiled.positions;
  let found = -1;
  for (let i = 0; i + 4 < runs.length; i += 5) {
    if (runs[i]! > line || (runs[i] === line && runs[i + 1]! > column)) break;
    found = i;
  }
  if (found < 0 || runs[found] !== line) return { line, column };
  return { line: runs[found + 2]!, column: runs[found + 3]! + (column - runs[found + 1]!) * runs[found + 4]! };
}
