/**
 * The course offline: after a reader has opened it once, every chapter page, the cell runtime and
 * the data (MNIST, the reference cases) work without a network. When the build is done (after
 * Starlight has written its search index), Workbox writes `sw.js` into the site's root, with a
 * precache list of everything the build produced and a revision hash of each file. The service
 * worker serves those files cache-first under the site's base path; a new deploy changes the
 * list, so the reader's browser installs the new worker beside the old one and the page offers a
 * reload (src/components/offline/register.ts) instead of serving the old course forever. Caches
 * of older deploys are deleted when the new worker takes over.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { generateSW } from 'workbox-build';

/**
 * What the precache list holds: pages, scripts, styles, fonts, figures, data, and Pagefind's search
 * files. Fonts as woff2 only: every browser with service workers reads it, so the .woff copies KaTeX
 * also ships are never fetched.
 */
export const PRECACHED = ['**/*.{html,js,css,svg,woff2,json,bin,wasm,webmanifest}', 'pagefind/**/*'];

export default function offline(options: { base: string }): AstroIntegration {
  return {
    name: 'mlp-offline',
    hooks: {
      'astro:build:done': async ({ dir, logger }) => {
        const out = fileURLToPath(dir);
        const { count, size, warnings } = await generateSW({
          globDirectory: out,
          globPatterns: PRECACHED,
          globIgnores: ['sw.js', '**/*.map'],
          swDest: join(out, 'sw.js'),
          // Astro names its bundles by content hash, so they need no cache-busting query.
          dontCacheBustURLsMatching: /^_astro\//,
          // The MNIST digits (about 1.7 MB) and chapter pages with many baked figures are larger than Workbox's 2 MB default.
          maximumFileSizeToCacheInBytes: 16 * 1024 * 1024,
          directoryIndex: 'index.html',
          // Pagefind asks for its entry file with a cache-busting ?ts=…; the precached copy is the answer.
          ignoreURLParametersMatching: [/^utm_/, /^fbclid$/, /^ts$/],
          cleanupOutdatedCaches: true,
          // Two courses on one origin (forks under different sub-paths) must not share caches.
          cacheId: `mlp${options.base.replace(/[^\w]+/g, '-')}`,
          inlineWorkboxRuntime: true,
          sourcemap: false,
          mode: 'production',
        });
        for (const warning of warnings) logger.warn(warning);
        logger.info(`sw.js precaches ${count} files (${(size / 1024 / 1024).toFixed(1)} MB)`);
      },
    },
  };
}
