/**
 * The one static server for a built site, and where Chromium is. The browser tests serve `dist`
 * under its base path, as a host would (everything outside the base is a 404); the Lighthouse
 * audit serves it gzip-compressed, as a CDN would. Chromium is Debian's, never a download.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.bin': 'application/octet-stream',
  '.wasm': 'application/wasm',
  '.webmanifest': 'application/manifest+json',
  '.pf_meta': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

/** Types a CDN compresses (fonts and Pagefind's files are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.bin', '.wasm', '.webmanifest']);

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The path the site is served under (default "/"); it must match the build's SITE_BASE. */
  base?: string;
  /** Compress responses with gzip when the client accepts it (default false). */
  gzip?: boolean;
  /** A response of the server's own for a path under the base, instead of the file (tests use it to stand in for a new deploy). */
  override?: (path: string) => { body: string | Buffer; type: string } | null;
}

/** Serves `dist` at http://127.0.0.1:PORT{base}. */
export async function serveSite(dist: string, options: ServeOptions = {}): Promise<SiteServer> {
  const base = options.base ?? '/';
  const compressed = new Map<string, Buffer>();
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(base)) {
      response.writeHead(404).end('outside the base path');
      return;
    }
    const replaced = options.override?.(path.slice(base.length));
    if (replaced) {
      response.writeHead(200, { 'content-type': replaced.type, 'cache-control': 'no-cache' }).end(replaced.body);
      return;
    }
    let file = normalize(join(dist, path.slice(base.length)));
    if (!file.startsWith(dist)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404).end('not found');
      return;
    }
    const type = TYPES[extname(file)] ?? 'application/octet-stream';
    const gzip = options.gzip && COMPRESSIBLE.has(extname(file)) && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    if (!gzip) {
      response.writeHead(200, { 'content-type': type }).end(readFileSync(file));
      return;
    }
    let body = compressed.get(file);
    if (!body) compressed.set(file, (body = gzipSync(readFileSync(file), { level: 9 })));
    response.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const CHROMIUM = process.env.MLP_CHROMIUM ?? '/usr/bin/chromium';

/** Flags for headless Debian Chromium on a machine without a network: no background traffic, no first-run UI. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The one line `npm test` (and the audit) print when there is no browser, instead of a failure deep
 * inside a browser test. Null when Chromium is there.
 */
export function missingChromium(): string | null {
  if (existsSync(CHROMIUM)) return null;
  return (
    `The browser tests need Chromium at ${CHROMIUM}, which is missing: install it with "sudo apt-get install chromium" ` +
    '(Debian/Ubuntu), or set MLP_CHROMIUM=/path/to/chromium, or skip them with MLP_SKIP_BROWSER=1 npm test.'
  );
}
