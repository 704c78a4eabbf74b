/**
 * Runs once per `vitest run`, before the test workers start: hands every worker the same run id,
 * so the site is built at most once per base path per run (see tests/site/built-site.ts), and
 * removes those builds afterwards.
 */
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    siteRunDir: string;
  }
}

export default function setup(project: TestProject) {
  const dir = join(tmpdir(), `mlp-site-run-${process.pid}-${Date.now()}`);
  project.provide('siteRunDir', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
