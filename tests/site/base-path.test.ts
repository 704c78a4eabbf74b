/**
 * The site built for a sub-path (SITE_BASE=/mlp-from-scratch/, as on a GitHub Pages project site)
 * links only inside that sub-path, and every page, asset, stylesheet URL and in-page anchor it
 * refers to exists in the build. The browser tests open the same build (tests/site/built-site.ts).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseHTML } from 'linkedom';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtSite, SUB_PATH_BASE } from './built-site';

const BASE = SUB_PATH_BASE;
let dist = '';

function files(dir: string, ext: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith(ext))
    .map((f) => join(dir, f));
}

/** Links that leave the site or stay on the page are not the build's business. */
function isExternal(url: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i.test(url) || url.startsWith('#') || url === '';
}

/** The file a site URL (already known to start with BASE) is served from, or null. */
function target(url: string): string | null {
  const path = decodeURIComponent(url.slice(BASE.length).replace(/[?#].*$/, ''));
  const candidates = path === '' || path.endsWith('/') ? [join(dist, path, 'index.html')] : [join(dist, path), join(dist, path, 'index.html')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

interface Reference {
  page: string;
  url: string;
}

/** Every URL an HTML page refers to: links, scripts, styles, images, srcset entries, and in-page anchors. */
function references(html: string): { urls: string[]; anchors: string[]; ids: Set<string> } {
  const { document } = parseHTML(html);
  const urls: string[] = [];
  for (const el of document.querySelectorAll('[href], [src], [srcset]')) {
    for (const attr of ['href', 'src'] as const) {
      const value = el.getAttribute(attr);
      if (value !== null) urls.push(value.trim());
    }
    const srcset = el.getAttribute('srcset');
    if (srcset) for (const entry of srcset.split(',')) urls.push(entry.trim().split(/\s+/)[0]!);
  }
  const anchors = [...document.querySelectorAll('a[href^="#"]')].map((a) => decodeURIComponent(a.getAttribute('href')!.slice(1))).filter(Boolean);
  const ids = new Set([...document.querySelectorAll('[id]')].map((e) => e.getAttribute('id')!));
  return { urls, anchors, ids };
}

const idCache = new Map<string, Set<string>>();
function idsOf(file: string): Set<string> {
  let ids = idCache.get(file);
  if (!ids) idCache.set(file, (ids = references(readFileSync(file, 'utf8')).ids));
  return ids;
}

beforeAll(async () => {
  dist = await builtSite(BASE);
}, 300_000);

describe(`the site built with SITE_BASE=${BASE}`, () => {
  it('links and loads only under the base path, and every target (and #anchor in it) exists', () => {
    const pages = files(dist, '.html');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    // One list for every kind of breakage, so a failure names all broken links at once.
    const broken: (Reference & { problem: string })[] = [];
    let checked = 0;
    for (const file of pages) {
      const page = relative(dist, file);
      for (const url of references(readFileSync(file, 'utf8')).urls) {
        if (isExternal(url)) continue;
        checked++;
        if (!url.startsWith(BASE)) {
          broken.push({ page, url, problem: `outside the base path ${BASE}` });
          continue;
        }
        const file = target(url);
        if (file === null) broken.push({ page, url, problem: 'no such file in the build' });
        else if (url.includes('#') && file.endsWith('.html') && !idsOf(file).has(decodeURIComponent(url.split('#')[1]!))) {
          // A link to an equation or heading of another page that is not there.
          broken.push({ page, url, problem: `no element with id="${decodeURIComponent(url.split('#')[1]!)}" on ${relative(dist, file)}` });
        }
      }
    }
    expect(checked).toBeGreaterThan(20);
    expect(broken, `${broken.length} of the ${checked} site links on ${pages.length} pages are broken`).toEqual([]);
  });

  it('resolves every url() in the stylesheets (KaTeX fonts included) to a file in the build', () => {
    const sheets = files(dist, '.css');
    expect(sheets.length).toBeGreaterThan(0);
    const urls: Reference[] = [];
    for (const file of sheets) {
      for (const match of readFileSync(file, 'utf8').matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)/g)) {
        urls.push({ page: relative(dist, file), url: match[2]! });
      }
    }
    const fonts = urls.filter((u) => /KaTeX_.*\.woff2/.test(u.url));
    expect(fonts.length, 'KaTeX fonts are bundled').toBeGreaterThan(0);
    const broken = urls
      .filter((u) => !isExternal(u.url))
      .filter((u) => {
        // Relative URLs resolve against the stylesheet's own location.
        const absolute = u.url.startsWith('/') ? u.url : new URL(u.url, `http://x${BASE}${u.page}`).pathname;
        return !absolute.startsWith(BASE) || target(absolute) === null;
      });
    expect(broken).toEqual([]);
  });

  it('keeps every in-page anchor (equation and heading links) pointing at an element of the page', () => {
    const dangling: Reference[] = [];
    for (const file of files(dist, '.html')) {
      const { anchors, ids } = references(readFileSync(file, 'utf8'));
      for (const id of anchors) if (!ids.has(id)) dangling.push({ page: relative(dist, file), url: `#${id}` });
    }
    expect(dangling).toEqual([]);
  });

  it('puts the base into the sidebar, the chapter list and the footer links', () => {
    const { document } = parseHTML(readFileSync(join(dist, 'index.html'), 'utf8'));
    const sidebar = [...document.querySelectorAll('nav[aria-label="Main"] a')].map((a) => a.getAttribute('href'));
    expect(sidebar).toContain(`${BASE}02-forward-pass/`);
    expect(sidebar).toContain(`${BASE}teaching-guide/`);
    const list = [...document.querySelectorAll('.mlp-chapters a')].map((a) => a.getAttribute('href'));
    expect(list).toContain(`${BASE}02-forward-pass/`);
    expect(list, 'the chapter list holds chapters only').not.toContain(`${BASE}teaching-guide/`);
    expect(document.querySelector('.mlp-licence a[href$="teaching-guide/#licences"]')?.getAttribute('href')).toBe(`${BASE}teaching-guide/#licences`);
  });
});
