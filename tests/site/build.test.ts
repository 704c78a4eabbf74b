/**
 * Checks the generated HTML:
 * math rendered by KaTeX with MathML kept, live cells present with their outputs baked in, the
 * expected error of a `throws` cell, folded solutions, the sidebar, and the search index.
 *
 * The build is shared with the other site and browser tests (tests/site/built-site.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CellData } from '~/cells/types';
import { builtSite } from './built-site';

let dist = '';

type Doc = ReturnType<typeof parseHTML>['document'];
const pages = new Map<string, Doc>();

function page(path: string): Doc {
  let doc = pages.get(path);
  if (!doc) {
    const file = join(dist, path, 'index.html');
    expect(existsSync(file), `${file} was built`).toBe(true);
    doc = parseHTML(readFileSync(file, 'utf8')).document;
    pages.set(path, doc);
  }
  return doc;
}

function cellData(doc: Doc): CellData[] {
  const script = doc.querySelector('script#mlp-cells[type="application/json"]');
  expect(script, 'the page has its cells as JSON').not.toBeNull();
  return JSON.parse(script!.textContent ?? '') as CellData[];
}

beforeAll(async () => {
  dist = await builtSite('/');
}, 300_000);

describe('math', () => {
  it('renders display equations with KaTeX, keeps MathML, and anchors each numbered one', () => {
    const doc = page('02-forward-pass');
    const first = doc.getElementById('eq-2.1');
    expect(first?.classList.contains('equation')).toBe(true);
    // MathML (read by screen readers) holds the equation number and the symbols.
    const math = first!.querySelector('.katex-mathml math');
    expect(math).not.toBeNull();
    expect(math!.textContent).toContain('(2.1)');
    expect(first!.querySelector('.katex-html')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('keeps KaTeX layout HTML out of the search index', () => {
    const doc = page('02-forward-pass');
    const visual = [...doc.querySelectorAll('.katex-html')];
    expect(visual.length).toBeGreaterThan(20);
    for (const node of visual) expect(node.hasAttribute('data-pagefind-ignore')).toBe(true);
  });

  it('links every in-page equation reference to an equation that exists', () => {
    const doc = page('02-forward-pass');
    const links = [...doc.querySelectorAll('a[href^="#eq-"]')].map((a) => a.getAttribute('href')!.slice(1));
    expect(links.length).toBeGreaterThan(5);
    for (const id of links) expect(doc.getElementById(id), `#${id}`).not.toBeNull();
  });
});

describe('live cells', () => {
  it('renders every cell of the JSON list as a figure with the same code', () => {
    const doc = page('02-forward-pass');
    const data = cellData(doc);
    const figures = [...doc.querySelectorAll('figure.mlp-cell')];
    expect(data.length).toBeGreaterThanOrEqual(4);
    expect(figures).toHaveLength(data.length);
    figures.forEach((figure, i) => {
      expect(figure.getAttribute('data-cell-index')).toBe(String(data[i]!.index));
      expect(figure.getAttribute('data-cell-id')).toBe(data[i]!.id);
      expect(figure.getAttribute('data-hash')).toBe(data[i]!.hash);
      expect(figure.querySelector('pre.mlp-cell-code > code')!.textContent!.trim()).toBe(data[i]!.code.trim());
    });
  });

  it('bakes each cell\'s output into the page', () => {
    const doc = page('02-forward-pass');
    const figures = [...doc.querySelectorAll('figure.mlp-cell')];
    for (const figure of figures) {
      const output = figure.querySelector('.mlp-cell-output[data-origin="page"]');
      expect(output, 'output container').not.toBeNull();
      expect(output!.textContent!.trim().length + output!.querySelectorAll('svg').length).toBeGreaterThan(0);
    }
    // The first cell computes Z = XW + 1b; the text works z₁₁ = 1·0.5 + 2·1 + 0.1 = 2.6 by hand.
    expect(figures[0]!.querySelector('.mlp-cell-output')!.textContent).toContain('2.6');
  });

  it('shows the expected error of a throws cell', () => {
    const doc = page('02-forward-pass');
    const throwing = doc.querySelector('figure.mlp-cell[data-flags~="throws"]');
    expect(throwing).not.toBeNull();
    // A is 3×3 and W2wrong is 4×2: the engine names both shapes and the two inner dimensions.
    const text = throwing!.querySelector('.mlp-cell-output')!.textContent!;
    expect(text).toContain('3×3');
    expect(text).toContain('4×2');
    expect(text).toMatch(/inner dimensions 3 and 4 differ/);
  });

  it('shows matrices as tables whose caption states the shape of the rows and columns shown', () => {
    const tables = [...page('02-forward-pass').querySelectorAll('.mlp-cell-output .mlp-out-matrix table')];
    expect(tables.length).toBeGreaterThan(0);
    for (const table of tables) {
      const shape = /^(\d+)×(\d+) matrix/.exec(table.querySelector('caption')!.textContent!);
      expect(shape, 'caption names the shape').not.toBeNull();
      const rows = [...table.querySelectorAll('tbody tr')];
      if (!table.querySelector('caption')!.textContent!.includes('truncated')) {
        expect(rows).toHaveLength(Number(shape![1]));
        for (const row of rows) expect(row.querySelectorAll('td')).toHaveLength(Number(shape![2]));
      }
    }
  });

  it('draws the Observable Plot figure at build time', () => {
    const svg = page('02-forward-pass').querySelector('.mlp-cell-output svg');
    expect(svg).not.toBeNull();
    expect(svg!.querySelectorAll('path').length).toBeGreaterThan(0);
  });

  it('folds solutions away and gives every exercise a hint', () => {
    const doc = page('02-forward-pass');
    const solutions = [...doc.querySelectorAll('figure.mlp-cell[data-flags~="solution"]')];
    expect(solutions.length).toBeGreaterThanOrEqual(2);
    for (const figure of solutions) {
      const details = figure.parentElement!;
      expect(details.tagName).toBe('DETAILS');
      expect(details.hasAttribute('open')).toBe(false);
      expect(details.querySelector(':scope > summary')!.textContent!.trim()).toBe('Show solution');
    }
    const hints = [...doc.querySelectorAll('details > summary')].filter((s) => s.textContent!.trim() === 'Hint');
    expect(hints.length).toBeGreaterThanOrEqual(2);
  });
});

describe('site frame', () => {
  it('lists the chapters in the sidebar in course order', () => {
    const doc = page('02-forward-pass');
    const links = [...doc.querySelectorAll('nav[aria-label="Main"] a')];
    const labels = links.map((a) => a.textContent!.trim());
    expect(labels).toContain('The forward pass');
    // The index page (order 0) comes before chapter 2 although "02-…" sorts before "index".
    expect(labels.indexOf('About this course')).toBeLessThan(labels.indexOf('The forward pass'));
    // The teaching guide (order 90) comes after every chapter.
    const pages = links.filter((a) => a.getAttribute('href')!.startsWith('/')).map((a) => a.textContent!.trim());
    expect(pages.at(-1)).toBe('Teaching guide');
    const current = links.find((a) => a.getAttribute('aria-current') === 'page');
    expect(current?.getAttribute('href')).toBe('/02-forward-pass/');
  });

  it('has an edit link into the repository and the licence line', () => {
    const doc = page('02-forward-pass');
    const edit = [...doc.querySelectorAll('a')].find((a) => /\/edit\/main\/src\/content\/docs\/02-forward-pass\.mdx$/.test(a.getAttribute('href') ?? ''));
    expect(edit).toBeDefined();
    // Two licences: prose under CC BY 4.0, code under MIT.
    const licences = [...doc.querySelectorAll('.mlp-licence a[rel="license"]')].map((a) => a.getAttribute('href'));
    expect(licences).toEqual(['https://creativecommons.org/licenses/by/4.0/', 'https://opensource.org/license/mit']);
  });

  it("shows under each chapter's title what to read first and what it teaches, from the frontmatter", () => {
    const intro = page('05-backpropagation').querySelector('h1 + .mlp-chapter-intro')!;
    expect(intro).not.toBeNull();
    const links = [...intro.querySelectorAll('a')].map((a) => [a.getAttribute('href'), a.textContent]);
    expect(links).toEqual([
      ['/02-forward-pass/', '2. The forward pass'],
      ['/03-activations/', '3. Activation functions'],
      ['/04-losses/', '4. Losses'],
    ]);
    expect(intro.querySelectorAll('li').length).toBeGreaterThanOrEqual(2);
    // The front page and the teaching guide are not chapters.
    expect(page('').querySelector('.mlp-chapter-intro')).toBeNull();
    expect(page('teaching-guide').querySelector('.mlp-chapter-intro')).toBeNull();
  });

  it('builds the Pagefind search index', () => {
    expect(existsSync(join(dist, 'pagefind', 'pagefind.js'))).toBe(true);
  });

  it('indexes the math once, from MathML: no KaTeX layout text and no cell output in the search index', () => {
    // Pagefind stores each page's text as a gzipped "pagefind_dcd" + JSON fragment.
    const dir = join(dist, 'pagefind', 'fragment');
    const fragments = readdirSync(dir).map(
      (f) => JSON.parse(gunzipSync(readFileSync(join(dir, f))).toString('utf8').replace(/^pagefind_dcd/, '')) as { url: string; content: string },
    );
    const chapter = fragments.find((f) => f.url === '/02-forward-pass/');
    expect(chapter, 'the chapter is indexed').toBeDefined();
    // KaTeX's layout HTML is full of zero-width spaces (its vertical-list struts); MathML has none.
    const layout = [...page('02-forward-pass').querySelectorAll('.katex-html')].map((k) => k.textContent).join('');
    expect(layout).toContain('\u200b');
    expect(chapter!.content).not.toContain('\u200b');
    // The equation is still findable through its MathML text.
    expect(chapter!.content).toMatch(/Z=XW\+1/);
    // Baked outputs (here a line the first exercise's solution logs) are not indexed.
    const logged = page('02-forward-pass').querySelector('.mlp-out-log')!.textContent!.trim();
    expect(logged.length).toBeGreaterThan(0);
    expect(chapter!.content).not.toContain(logged);
  });
});

describe('offline', () => {
  it('writes a service worker that precaches every page, the runtime, the data and the search index', () => {
    const sw = readFileSync(join(dist, 'sw.js'), 'utf8');
    const urls = [...sw.matchAll(/\{url:"([^"]+)",revision:(?:"[0-9a-f]+"|null)\}/g)].map((m) => m[1]!);
    const pages = readdirSync(dist, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.html') && !f.startsWith('pagefind'));
    expect(pages.length).toBeGreaterThan(10);
    for (const html of pages) expect(urls, html).toContain(html.split('\\').join('/'));
    for (const data of ['data/mnist.bin', 'data/parity-reference.json', 'pagefind/pagefind.js']) expect(urls).toContain(data);
    // The kernel worker and every chunk it loads on demand (Plot).
    const scripts = readdirSync(join(dist, '_astro')).filter((f) => f.endsWith('.js'));
    for (const script of scripts) expect(urls).toContain(`_astro/${script}`);
    // Relative URLs, so the same list works under any base path; no source maps, no .woff twins of the woff2 fonts.
    expect(urls.every((u) => !u.startsWith('/') && !u.endsWith('.map') && !u.endsWith('.woff'))).toBe(true);
  });
});
