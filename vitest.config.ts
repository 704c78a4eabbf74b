import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = fileURLToPath(new URL('./src/', import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^~\//, replacement: src },
      { find: /^mlp$/, replacement: `${src}lib/index.ts` },
      { find: /^mlp\/notebook$/, replacement: `${src}cells/notebook.ts` },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    // MLP_SKIP_BROWSER=1 runs everything but the Chromium tests (for a machine without a browser).
    exclude: process.env.MLP_SKIP_BROWSER === '1' ? ['tests/browser/**', '**/node_modules/**'] : ['**/node_modules/**'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
  },
});
