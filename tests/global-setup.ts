/**
 * Runs once per `vitest run`, before the test workers start: hands every worker the same run id,
 * so the site is built at most once per base path per run (see tests/site/built-site.ts), and
 * removes those builds afterwards. Stops the run at once, with one line saying how to get Chromium,
 * when the browser tests have no browser.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { missingChromium } from './browser/harness';

declare module 'vitest' {
  interface ProvidedContext {
    siteRunDir: string;
  }
}

export default function setup(project: TestProject) {
  const missing = process.env.MLP_SKIP_BROWSER === '1' ? null : missingChromium();
  if (missing) {
    // One line, before any test starts: a missing browser is a set-up step, not a test failure.
    process.stderr.write(`\n${missing}\n\n`);
    process.exit(1);
  }
  const dir = join(tmpdir(), `mlp-site-run-${process.pid}-${Date.now()}`);
  project.provide('siteRunDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
