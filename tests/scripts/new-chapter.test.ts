/**
 * The chapter scaffold: a chapter created by `npm run new-chapter` lands at the right place in the
 * order, its frontmatter has what the content schema needs, and its cells run and type-check as
 * created (through the build's runCells and the cell type-checker; no site build here).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import yaml from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { extractCells } from '~/cells/extract';
import { formatDiagnostics, typecheckCells } from '~/cells/typecheck';
import { runCells } from '~/plugins/remark-cells';
import { listChapters, parseArgs, scaffoldChapter, slugify } from '../../scripts/new-chapter';

const root = new URL('../../', import.meta.url).pathname;
let dir = '';

function frontmatterOf(path: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---/.exec(readFileSync(path, 'utf8'));
  expect(match, `${path} starts with frontmatter`).not.toBeNull();
  return yaml.load(match![1]!) as Record<string, unknown>;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'mlp-new-chapter-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('slugify', () => {
  it('makes lowercase ASCII words joined by dashes', () => {
    expect(slugify('  The Softmax Jacobian!  ')).toBe('the-softmax-jacobian');
    expect(slugify('Régularisation & Dropout')).toBe('regularisation-dropout');
    expect(slugify('?!')).toBe('');
  });
});

describe('scaffoldChapter', () => {
  it('appends after the last chapter with a valid frontmatter', () => {
    for (const [name, text] of Object.entries({
      'index.mdx': '---\ntitle: Home\norder: 0\nsummary: s\n---\n',
      '01-one.mdx': '---\ntitle: One\norder: 1\nsummary: s\n---\n',
      '02-two.mdx': '---\ntitle: Two\norder: 2\nsummary: s\n---\n',
    })) writeFileSync(join(dir, name), text);
    const result = scaffoldChapter({ title: 'Weight decay: "L2" penalties', dir });
    expect(result.slug).toBe('03-weight-decay-l2-penalties');
    expect(result.order).toBe(3);
    expect(result.moved).toEqual([]);
    const fm = frontmatterOf(result.path);
    expect(fm.title).toBe('Weight decay: "L2" penalties');
    expect(fm.order).toBe(3);
    expect(typeof fm.summary).toBe('string');
    expect((fm.summary as string).length).toBeGreaterThan(0);
    expect(fm.prerequisites).toEqual(['02-two']);
    expect(Array.isArray(fm.teaches)).toBe(true);
  });

  it('--after N takes order N+1 and moves later chapters down without renaming them', () => {
    for (const [name, text] of Object.entries({
      '01-one.mdx': '---\ntitle: One\norder: 1\nsummary: s\n---\n',
      '02-two.mdx': '---\ntitle: Two\norder: 2\nsummary: s\n---\nbody with order: 2 in it\n',
      '03-three.mdx': '---\ntitle: Three\norder: 3\nsummary: s\n---\n',
    })) writeFileSync(join(dir, name), text);
    const result = scaffoldChapter({ title: 'Inserted', dir, after: 1 });
    expect(result.slug).toBe('02-inserted');
    expect(listChapters(dir).map((c) => [c.file, c.order])).toEqual([
      ['01-one.mdx', 1],
      ['02-inserted.mdx', 2],
      ['02-two.mdx', 3],
      ['03-three.mdx', 4],
    ]);
    expect(readFileSync(join(dir, '02-two.mdx'), 'utf8')).toContain('body with order: 2 in it');
    expect(frontmatterOf(result.path).prerequisites).toEqual(['01-one']);
  });

  it('refuses an empty title, a title without letters, and an existing slug, changing nothing', () => {
    writeFileSync(join(dir, '01-forward-pass.mdx'), '---\ntitle: F\norder: 1\nsummary: s\n---\n');
    expect(() => scaffoldChapter({ title: '   ', dir })).toThrow(/title is empty/);
    expect(() => scaffoldChapter({ title: '???', dir })).toThrow(/no letters or digits/);
    expect(() => scaffoldChapter({ title: 'Forward pass', dir })).toThrow(/"forward-pass" already exists \(01-forward-pass\.mdx\)/);
    expect(readdirSync(dir)).toEqual(['01-forward-pass.mdx']);
  });

  it('parses the command line: title words, --after, --dir; rejects unknown options', () => {
    expect(parseArgs(['Two', 'words', '--after', '3', '--dir', '/x'])).toEqual({ title: 'Two words', after: 3, dir: '/x' });
    expect(() => parseArgs(['T', '--after', 'three'])).toThrow(/--after expects a chapter order/);
    expect(() => parseArgs(['T', '--before', '2'])).toThrow(/unknown option --before/);
  });
});

describe('the scaffolded chapter', () => {
  it('has cells that run in one session (the build\'s runCells) and type-check against the engine', async () => {
    const result = scaffoldChapter({ title: 'Batch statistics', dir });
    const source = readFileSync(result.path, 'utf8');
    const cells = extractCells(source);
    expect(cells.map((c) => c.flags.solution)).toEqual([false, false, true]);
    const outputs = await runCells(cells, result.slug);
    // The solution's column sums of the centred batch are zero.
    const log = outputs[2]!.find((o) => o.kind === 'log');
    expect(log && 'text' in log ? log.text : '').toMatch(/column sums: \[?\s*0,\s*0\s*\]?/);
    const diagnostics = typecheckCells(cells, result.slug);
    expect(diagnostics, formatDiagnostics(diagnostics, result.slug)).toEqual([]);
    // The numbered equation and its link agree.
    expect(source).toContain('\\tag{1.1}');
    expect(source).toContain('[(1.1)](#eq-1.1)');
  }, 60_000);

  it('is created by `npm run new-chapter` (the script as users run it) and refuses a duplicate with exit code 1', async () => {
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), join(root, 'scripts/new-chapter.ts'), ...args], { cwd: root });
    const created = await run(['Hello', 'world', '--dir', dir]);
    expect(created.stdout).toMatch(/Created .*01-hello-world\.mdx \(order 1\)/);
    await expect(run(['Hello', 'World', '--dir', dir])).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/already exists/) });
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['new-chapter']).toBe('tsx scripts/new-chapter.ts');
  }, 60_000);
});
