/**
 * The dependency graph of a page's cells, from the names each declares at top level and the names
 * each reads (./reads): a cell depends on the cell that last declared, above it, a name it reads.
 * Names a cell binds by importing count for what must have run before a cell (`ancestors`), not
 * for what must run again after it (`dependents`): running it again binds them to the same modules.
 * Page order decides, as when the page runs top to bottom: a name declared again further down is
 * the new declarer for the cells below that, and a cell does not depend on cells below it.
 * A cell whose names are not known (edited code not yet transformed) is taken to read everything
 * above it and to be read by everything below it, so nothing that may depend on it is missed.
 */

/** What the graph needs of a cell (`imported`: the declared names its imports bind); null where its names are not known. */
export type CellNames = { declared: readonly string[]; reads: readonly string[]; imported?: readonly string[] } | null;

/**
 * For each cell, the cells above it whose declarations it reads, in page order; with
 * `imports: false`, not counting names those cells bind by importing.
 */
export function dependencies(cells: readonly CellNames[], { imports = true }: { imports?: boolean } = {}): number[][] {
  const lastDeclarer = new Map<string, number>();
  return cells.map((cell, i) => {
    let from: number[];
    if (cell === null) from = Array.from({ length: i }, (_, k) => k);
    else {
      const found = new Set<number>();
      for (const name of cell.reads) {
        const declarer = lastDeclarer.get(name);
        if (declarer !== undefined) found.add(declarer);
      }
      // A cell of unknown names may declare anything: whoever comes after it may read it.
      for (let k = 0; k < i; k++) if (cells[k] === null) found.add(k);
      from = [...found].sort((a, b) => a - b);
    }
    if (cell !== null) {
      for (const name of cell.declared) {
        if (!imports && cell.imported?.includes(name)) lastDeclarer.delete(name);
        else lastDeclarer.set(name, i);
      }
    }
    return from;
  });
}

/** The cells that depend on cell `changed`, directly or through others, in page order (not `changed` itself). */
export function dependents(cells: readonly CellNames[], changed: number): number[] {
  const from = dependencies(cells, { imports: false });
  const reached = new Set<number>([changed]);
  for (let i = changed + 1; i < cells.length; i++) if (from[i]!.some((k) => reached.has(k))) reached.add(i);
  reached.delete(changed);
  return [...reached].sort((a, b) => a - b);
}

/** The cells `cell` depends on, directly or through others, in page order (not `cell` itself). */
export function ancestors(cells: readonly CellNames[], cell: number): number[] {
  const from = dependencies(cells);
  const reached = new Set<number>();
  const visit = (i: number) => {
    for (const k of from[i]!) {
      if (reached.has(k)) continue;
      reached.add(k);
      visit(k);
    }
  };
  visit(cell);
  return [...reached].sort((a, b) => a - b);
}

/**
 * Names a cell reads that no cell above it declares but one below it does: in page order the read
 * comes before its value exists. The runtime cannot order such cells (the reactive runtimes that
 * sort cells by their names would call it a cycle), so it says which cell and name instead.
 */
export function readsBeforeDeclared(cells: readonly CellNames[]): { cell: number; name: string; declaredIn: number }[] {
  const found: { cell: number; name: string; declaredIn: number }[] = [];
  const above = new Set<string>();
  cells.forEach((cell, i) => {
    if (cell === null) return;
    for (const name of cell.reads) {
      if (above.has(name)) continue;
      const declaredIn = cells.findIndex((c, k) => k > i && c !== null && c.declared.includes(name));
      if (declaredIn >= 0) found.push({ cell: i, name, declaredIn });
    }
    for (const name of cell.declared) above.add(name);
  });
  return found;
}
