/**
 * The runner is one piece of code for the build, the tests and the reader's Web Worker, so what
 * the worker loads must not need Node: no node: modules, no fs/path, no TypeScript compiler.
 * This follows the imports of the worker's entry points through src/.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const src = new URL('../../src/', import.meta.url).pathname;
const WORKER_ENTRIES = ['cells/runner.ts', 'cells/modules.ts', 'cells/render.ts', 'cells/protocol.ts', 'cells/notebook.ts'];
const NODE_ONLY = /^(node:|fs$|path$|url$|os$|child_process$|typescript$)/;

function resolve(from: string, specifier: string): string | null {
  const base = specifier.startsWith('~/') ? join(src, specifier.slice(2)) : specifier.startsWith('.') ? join(dirname(from), specifier) : null;
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  throw new Error(`${relative(src, from)}: cannot resolve ${specifier}`);
}

/** Every src file reachable from the entries, with the bare (package) imports each one makes. */
function reachable(entries: string[]): Map<string, string[]> {
  const files = new Map<string, string[]>();
  const queue = entries.map((e) => join(src, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (files.has(file)) continue;
    const code = readFileSync(file, 'utf8');
    const specifiers = [...code.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm)].map((m) => (m[1] ?? m[2])!);
    const bare: string[] = [];
    for (const specifier of specifiers) {
      const target = resolve(file, specifier);
      if (target) queue.push(target);
      else bare.push(specifier);
    }
    files.set(file, bare);
  }
  return files;
}

describe('the worker side of the runner', () => {
  const files = reachable(WORKER_ENTRIES);

  it('reaches the engine and the runner (the scan follows imports)', () => {
    const names = [...files.keys()].map((f) => relative(src, f));
    expect(names).toEqual(expect.arrayContaining(['cells/transform.ts', 'cells/inspect.ts', 'cells/sanitize-svg.ts', 'lib/index.ts', 'lib/matrix.ts']));
    expect(names).not.toContain('cells/typecheck.ts');
    expect(names).not.toContain('cells/assets-node.ts');
  });

  it('imports nothing that only exists in Node', () => {
    const offenders = [...files].flatMap(([file, bare]) => bare.filter((s) => NODE_ONLY.test(s)).map((s) => `${relative(src, file)} imports ${s}`));
    expect(offenders).toEqual([]);
  });
});
