/**
 * The built site a measurement script works on: the one `--dist` names, or a fresh build into a
 * temporary directory (removed by `done`). Run `npm run data` before a fresh build, as
 * `npm run build` would.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export function siteToMeasure(given: string | undefined, script: string, base = '/'): { dist: string; done: () => void } {
  if (given) return { dist: given, done: () => undefined };
  const built = mkdtempSync(join(tmpdir(), `mlp-${script}-`));
  const dist = join(built, 'dist');
  console.log(`building the site into ${dist} …`);
  execFileSync(process.execPath, [join(root, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', dist], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, SITE_BASE: base, ASTRO_TELEMETRY_DISABLED: '1' },
  });
  return { dist, done: () => rmSync(built, { recursive: true, force: true }) };
}
