/**
 * Scaffolds a chapter: `npm run new-chapter -- "Title" [--after N] [--dir DIR]`.
 *
 * Writes DIR/NN-slug.mdx (DIR defaults to src/content/docs) with the frontmatter the content schema
 * asks for, a short derivation with a numbered equation, a live cell, and an exercise with a hint
 * and a solution cell. The file builds and passes `npm test` as created; the author then replaces
 * the example text with the chapter's own.
 *
 * Position: by default after the last chapter (order = highest chapter order + 1). With `--after N`
 * the chapter gets order N + 1 and every chapter from order N + 1 on moves down by one (only their
 * `order:` line changes; file names, and so URLs, stay as they are).
 *
 * Chapters are the files named like `02-forward-pass.mdx`; other pages (the index, the teaching
 * guide) keep their place.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHAPTER_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.mdx$/;
const ORDER_LINE = /^order:[ \t]*(\d+)[ \t]*$/m;

export const DEFAULT_DIR = fileURLToPath(new URL('../src/content/docs/', import.meta.url));

export interface ChapterFile {
  file: string;
  slug: string;
  order: number;
}

export interface ScaffoldOptions {
  title: string;
  /** Content directory holding the chapters (default src/content/docs). */
  dir?: string;
  /** Place the chapter right after the chapter with this order. */
  after?: number;
}

export interface ScaffoldResult {
  /** Absolute path of the new file. */
  path: string;
  slug: string;
  order: number;
  /** Chapters whose `order` moved down to make room (with --after). */
  moved: { file: string; from: number; to: number }[];
}

/** Title → URL slug: lowercase ASCII words joined by dashes ("Softmax & its Jacobian" → "softmax-its-jacobian"). */
export function slugify(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** The chapters in `dir` with their `order` frontmatter, sorted by order. */
export function listChapters(dir: string): ChapterFile[] {
  return readdirSync(dir)
    .map((file) => ({ file, match: CHAPTER_FILE.exec(file) }))
    .filter((f): f is { file: string; match: RegExpExecArray } => f.match !== null)
    .map(({ file, match }) => {
      const order = ORDER_LINE.exec(frontmatter(readFileSync(join(dir, file), 'utf8')));
      if (!order) throw new Error(`new-chapter: ${file} has no "order: N" line in its frontmatter`);
      return { file, slug: `${match[1]}-${match[2]}`, order: Number(order[1]) };
    })
    .sort((a, b) => a.order - b.order);
}

function frontmatter(source: string): string {
  const match = /^---\r?\n([\s\S]*?)\r?\n---/.exec(source);
  return match ? match[1]! : '';
}

/** The new chapter's text. `chapter` is its number in equation tags, e.g. 11 → (11.1). */
export function chapterTemplate(title: string, order: number, previous: string | undefined): string {
  const n = order;
  return `---
title: ${JSON.stringify(title)}
order: ${order}
summary: One or two sentences on what this chapter derives and why it matters. (Replace this.)
prerequisites:${previous ? `\n  - ${previous}` : ' []'}
teaches:
  - the batch mean as a matrix product (replace with what your chapter teaches)
---

Say in a paragraph what the reader can do after this chapter that they could not do before.
Everything below is an example of the pieces a chapter is made of: a derivation with a numbered
equation, a live cell that checks it, and an exercise. Replace it with your own.

## A derivation with a numbered equation

Stack a batch of $M$ samples with $N$ features as the rows of $X \\in \\mathbb{R}^{M \\times N}$.
Averaging over the samples is a product with a column of ones, $\\mathbf{1}_M$:

$$
\\bar{x} = \\tfrac{1}{M}\\, \\mathbf{1}_M^{\\top} X, \\qquad \\bar{x} \\in \\mathbb{R}^{1 \\times N}. \\tag{${n}.1}
$$

The tag gives the equation its number and an anchor: [(${n}.1)](#eq-${n}.1) links to it.

## A live cell

The cell runs when the site is built, and its output is baked into the page. \`columnSums\` is
$\\mathbf{1}_M^{\\top} X$, the column sums of $X$.

\`\`\`ts cell
import { fromArray, columnSums, scale } from "mlp";

const X = fromArray([
  [1, 2],
  [3, 4],
  [5, 9],
]);                                  // 3 samples × 2 features
const mean = scale(columnSums(X), 1 / X.rows);
mean
\`\`\`

## Exercises

### Exercise 1: centre the batch

Subtract the mean from every sample, so that each column of the result sums to zero:
$X_c = X - \\mathbf{1}_M \\bar{x}$. Check the column sums.

\`\`\`ts cell
// Your code here: compute the centred batch Xc from X and mean.
\`\`\`

<details>
<summary>Hint</summary>

$\\mathbf{1}_M \\bar{x}$ is the broadcast of a row vector, like the bias in chapter 2:
\`addRowVector\` adds a $1 \\times N$ row to every row.

</details>

\`\`\`ts cell solution
import { addRowVector, scale, columnSums } from "mlp";

const Xc = addRowVector(X, scale(mean, -1));
console.log("column sums:", columnSums(Xc).toArray()[0]);
Xc
\`\`\`
`;
}

/** Creates the chapter file (and renumbers later chapters with --after). Throws on bad input. */
export function scaffoldChapter(options: ScaffoldOptions): ScaffoldResult {
  const title = options.title.trim();
  if (title === '') throw new Error('new-chapter: the title is empty. Usage: npm run new-chapter -- "Chapter title"');
  if (/[\r\n]/.test(title)) throw new Error('new-chapter: the title must be one line');
  const slugWords = slugify(title);
  if (slugWords === '') {
    throw new Error(`new-chapter: "${title}" has no letters or digits to make a file name from; use a title with some`);
  }
  const dir = resolve(options.dir ?? DEFAULT_DIR);
  if (!existsSync(dir)) throw new Error(`new-chapter: content directory ${dir} does not exist`);

  const chapters = listChapters(dir);
  const clash = chapters.find((c) => c.slug.slice(3) === slugWords);
  if (clash) {
    throw new Error(`new-chapter: a chapter named "${slugWords}" already exists (${clash.file}); choose another title`);
  }

  let order: number;
  if (options.after === undefined) {
    order = chapters.length > 0 ? chapters[chapters.length - 1]!.order + 1 : 1;
  } else {
    if (!Number.isInteger(options.after) || options.after < 0) {
      throw new Error(`new-chapter: --after expects a chapter order (a whole number ≥ 0), got ${options.after}`);
    }
    order = options.after + 1;
  }
  if (order > 99) throw new Error(`new-chapter: order ${order} does not fit the two-digit file prefix`);

  const slug = `${String(order).padStart(2, '0')}-${slugWords}`;
  const path = join(dir, `${slug}.mdx`);
  if (existsSync(path)) throw new Error(`new-chapter: ${path} already exists`);

  // Make room: later chapters move down one place, in their frontmatter only.
  const moved: ScaffoldResult['moved'] = [];
  for (const chapter of chapters.filter((c) => c.order >= order)) {
    const file = join(dir, chapter.file);
    const source = readFileSync(file, 'utf8');
    writeFileSync(file, source.replace(ORDER_LINE, `order: ${chapter.order + 1}`));
    moved.push({ file: chapter.file, from: chapter.order, to: chapter.order + 1 });
  }

  const previous = [...chapters].reverse().find((c) => c.order < order)?.slug;
  writeFileSync(path, chapterTemplate(title, order, previous), { flag: 'wx' });
  return { path, slug, order, moved };
}

/** Command-line arguments: the title (one or more words) plus --after N and --dir DIR. */
export function parseArgs(argv: readonly string[]): ScaffoldOptions {
  const words: string[] = [];
  let after: number | undefined;
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--after' || arg === '--dir') {
      const value = argv[++i];
      if (value === undefined) throw new Error(`new-chapter: ${arg} needs a value`);
      if (arg === '--dir') dir = value;
      else {
        if (!/^\d+$/.test(value)) throw new Error(`new-chapter: --after expects a chapter order such as 3, got "${value}"`);
        after = Number(value);
      }
    } else if (arg.startsWith('--')) {
      throw new Error(`new-chapter: unknown option ${arg} (options: --after N, --dir DIR)`);
    } else words.push(arg);
  }
  return { title: words.join(' '), after, dir };
}

function main(): void {
  try {
    const result = scaffoldChapter(parseArgs(process.argv.slice(2)));
    console.log(`Created ${relative(process.cwd(), result.path)} (order ${result.order}).`);
    for (const m of result.moved) console.log(`  moved ${m.file}: order ${m.from} → ${m.to}`);
    console.log('Next: `npm run dev` to see it in the sidebar, then `npm test` to run and type-check its cells.');
  } catch (error) {
    console.error((error as Error).message);
    process.exitCode = 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
