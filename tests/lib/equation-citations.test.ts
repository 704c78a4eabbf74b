/**
 * Every equation the engine's doc comments cite exists in the chapter it belongs to, and every
 * chapter they name exists, read from the chapters as they are now (they change while the engine
 * does; this test is what notices a renumbering). Citations take one form across src/lib:
 * "chapter NN-slug" (the chapter's file name), "eq. N.M", "eqs. N.M–N.K", "eqs. N.M and N.K",
 * "eqs. N.M, N.K and N.L"; equation N.M is \tag{N.M} in chapter NN's MDX.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const docs = join(root, 'src/content/docs');
const lib = join(root, 'src/lib');

/** Chapter files by their number: "06" → { slug: "06-kronecker", tags: {"6.1", …} }. */
const chapters = new Map(
  readdirSync(docs)
    .filter((f) => /^\d{2}-.+\.mdx$/.test(f))
    .map((f) => {
      const text = readFileSync(join(docs, f), 'utf8');
      return [f.slice(0, 2), { slug: f.replace(/\.mdx$/, ''), tags: new Set([...text.matchAll(/\\tag\{(\d+\.\d+)\}/g)].map((m) => m[1]!)) }];
    }),
);

const sources = readdirSync(lib, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: relative(root, join(lib, f)), text: readFileSync(join(lib, f), 'utf8') }));

interface Comment {
  file: string;
  line: number;
  text: string;
}

/** Block and line comments with the line they start on (a "//" inside a string is rare enough here). */
function comments(file: string, text: string): Comment[] {
  return [...text.matchAll(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g)].map((m) => ({
    file,
    line: text.slice(0, m.index).split('\n').length,
    // One comment as one line of prose, so a citation broken over two lines still reads whole.
    text: m[0].replace(/^\s*\*+\/?|\/\*+|\*\/|^\s*\/\//gm, ' ').replace(/\s+/g, ' '),
  }));
}

const all = sources.flatMap(({ file, text }) => comments(file, text));
const where = (c: Comment) => `${c.file}:${c.line}`;

const NUMBER = String.raw`\d+\.\d+`;
const SLUG = String.raw`\d{2}-[a-z]+(?:-[a-z]+)*`;
const CITATION = new RegExp(String.raw`\beqs?\. (${NUMBER}(?:(?:–|, | and )${NUMBER})*)`, 'g');

/** Each equation a citation names, ranges expanded: "5.11–5.13" → 5.11, 5.12, 5.13. */
function citedEquations(list: string): string[] {
  return list.split(/, | and /).flatMap((part) => {
    const [from, to] = part.split('–');
    if (to === undefined) return [from!];
    const [chapter, first] = from!.split('.').map(Number);
    const [toChapter, last] = to.split('.').map(Number);
    if (chapter !== toChapter || last! <= first!) return [`${from}–${to} (not a range within one chapter)`];
    return Array.from({ length: last! - first! + 1 }, (_, k) => `${chapter}.${first! + k}`);
  });
}

function tagged(equation: string): boolean {
  const chapter = chapters.get(equation.split('.')[0]!.padStart(2, '0'));
  return chapter !== undefined && chapter.tags.has(equation);
}

describe('equation citations in src/lib', () => {
  const citations = all.flatMap((c) => [...c.text.matchAll(CITATION)].map((m) => ({ comment: c, equations: citedEquations(m[1]!) })));

  it('there are chapters with tagged equations and comments citing them', () => {
    expect(chapters.size).toBeGreaterThanOrEqual(10);
    expect(citations.length).toBeGreaterThan(50);
  });

  it('every cited equation is a \\tag in its chapter', () => {
    const missing = citations.flatMap(({ comment, equations }) => equations.filter((e) => !tagged(e)).map((e) => `${where(comment)}: eq. ${e}`));
    expect(missing, 'equations cited in src/lib that no chapter tags').toEqual([]);
  });

  it('every chapter named exists, and an equation cited with its chapter belongs to it', () => {
    const problems: string[] = [];
    for (const c of all) {
      for (const m of c.text.matchAll(new RegExp(String.raw`\bchapters? (${SLUG}(?:(?:, | and )${SLUG})*)`, 'gi'))) {
        for (const name of m[1]!.split(/, | and /)) {
          if (chapters.get(name.slice(0, 2))?.slug !== name) problems.push(`${where(c)}: no chapter ${name}`);
        }
      }
      for (const m of c.text.matchAll(new RegExp(String.raw`\bchapter (\d{2})-[a-z-]+, eqs?\. (\d+)\.`, 'g'))) {
        if (Number(m[1]) !== Number(m[2])) problems.push(`${where(c)}: ${m[0]}… cites another chapter's equation`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('all citations have the one form: "chapter NN-slug", "eq. N.M", "eqs. …", never "(N.M)", "Eq." or "chapter 6"', () => {
    const other = all.flatMap((c) =>
      [
        ...c.text.matchAll(/\bchapters? \d{1,2}\b(?!-)/gi),
        ...c.text.matchAll(/\bEqs?\./g),
        ...c.text.matchAll(/\beqs?\. ?\(/gi),
        ...c.text.matchAll(new RegExp(String.raw`\((${NUMBER})\)`, 'g')),
      ].map((m) => `${where(c)}: "${m[0]}"`),
    );
    expect(other).toEqual([]);
  });
});
