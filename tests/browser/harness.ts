/**
 * Browser-test plumbing: a tiny static server for a built site (serving it under its base path, as
 * a host would) and Debian's Chromium driven by playwright-core. Never downloads a browser.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { chromium, type Browser } from 'playwright-core';

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
  '.pf_meta': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

export interface SiteServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `dist` at http://127.0.0.1:PORT{base}; everything outside the base is a 404. */
export async function serve(dist: string, base = '/'): Promise<SiteServer> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (!path.startsWith(base)) {
      response.writeHead(404).end('outside the base path');
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
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}${base}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

export const CHROMIUM = process.env.MLP_CHROMIUM ?? '/usr/bin/chromium';

/**
 * The one line `npm test` prints when there is no browser to test in, instead of a failure deep
 * inside a browser test. Null when Chromium is there.
 */
export function missingChromium(): string | null {
  if (existsSync(CHROMIUM)) return null;
  return (
    `The browser tests need Chromium at ${CHROMIUM}, which is missing: install it with "sudo apt-get install chromium" ` +
    '(Debian/Ubuntu), or set MLP_CHROMIUM=/path/to/chromium, or skip them with MLP_SKIP_BROWSER=1 npm test.'
  );
}

export function launch(): Promise<Browser> {
  const missing = missingChromium();
  if (missing) throw new Error(missing);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
