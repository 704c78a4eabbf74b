/**
 * The built site for tests that read its HTML or open it in a browser. Each base path is built once
 * per test run, whichever test file asks first (test files run in parallel processes: a mkdir
 * lock decides who builds, the others wait for its "done" marker). MLP_SITE_DIST=path reuses an
 * existing build of the root base instead.
 *
 * For S3's browser tests and any other suite: `await builtSite()` for the root build, and
 * `await builtSite(SUB_PATH_BASE)` for the sub-path build (the same constant keeps it to one build
 * per run). Builds run without Vitest's NODE_ENV/BASE_URL in their environment (see buildEnv).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { inject } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

/** The sub-path the site is tested under, as on a GitHub Pages project site. */
export const SUB_PATH_BASE = '/mlp-from-scratch/';

async function waitFor(file: string, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!existsSync(file)) {
    if (Date.now() - start > timeoutMs) throw new Error(`built-site: timed out waiting for ${file}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The environment for `astro build`: this process's, without what Vitest/Vite put into it
 * (NODE_ENV=test, BASE_URL=/, MODE, DEV, PROD, SSR, VITEST_*). Inherited, those make Astro build
 * in test mode and ignore the configured base path.
 */
function buildEnv(base: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(?:NODE_ENV|BASE_URL|MODE|DEV|PROD|SSR|TEST|VITEST(?:_.*)?)$/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, ASTRO_TELEMETRY_DISABLED: '1', SITE_BASE: base };
}

/** Absolute path of a dist directory built with `SITE_BASE=base`. */
export async function builtSite(base = '/'): Promise<string> {
  if (base === '/' && process.env.MLP_SITE_DIST) return process.env.MLP_SITE_DIST;
  const runDir = inject('siteRunDir');
  const dir = join(runDir, base === '/' ? 'root' : base.replace(/[^\w-]/g, '_'));
  const dist = join(dir, 'dist');
  const done = join(dir, 'done');
  const failed = join(dir, 'failed');
  mkdirSync(runDir, { recursive: true });
  let mine = false;
  try {
    mkdirSync(dir);
    mine = true;
  } catch {
    /* another test file is building it */
  }
  if (mine) {
    try {
      await promisify(execFile)(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dist], {
        cwd: root,
        env: buildEnv(base),
        maxBuffer: 64 * 1024 * 1024,
      });
      writeFileSync(done, '');
    } catch (error) {
      writeFileSync(failed, String((error as Error).message));
      writeFileSync(done, '');
      throw error;
    }
  } else {
    await waitFor(done, 300_000);
  }
  if (existsSync(failed)) throw new Error(`the site build for base ${base} failed:\n${readFileSync(failed, 'utf8')}`);
  return dist;
}
