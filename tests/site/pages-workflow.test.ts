/**
 * The GitHub Pages workflow (.github/workflows/pages.yml) is valid YAML of the expected shape, and
 * every command it runs is one the README tells a reader to run, so what deploys is what a local
 * `npm run build` produces.
 */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, string>;
}
interface Job {
  'runs-on': string;
  needs?: string | string[];
  environment?: { name: string; url?: string };
  steps: Step[];
}
interface Workflow {
  on: { push?: { branches?: string[] }; workflow_dispatch?: unknown };
  permissions: Record<string, string>;
  jobs: Record<string, Job>;
}

const workflow = yaml.load(readFileSync(`${root}.github/workflows/pages.yml`, 'utf8')) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const action = (name: string) => steps.find((s) => s.uses?.split('@')[0] === name);

/** The shell commands in the README's ```sh blocks, one per line and per `&&`, env prefixes dropped. */
function readmeCommands(): Set<string> {
  const readme = readFileSync(`${root}README.md`, 'utf8');
  const commands = new Set<string>();
  for (const block of readme.matchAll(/```(?:sh|bash|shell)\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      for (const part of line.split('&&')) {
        const command = part.trim().replace(/^(?:[A-Z_]+=\S*\s+)+/, '');
        if (command && !command.startsWith('#')) commands.add(command);
      }
    }
  }
  return commands;
}

describe('.github/workflows/pages.yml', () => {
  it('deploys on pushes to main and by hand, with the Pages permissions', () => {
    expect(workflow.on.push?.branches).toEqual(['main']);
    expect(workflow.on).toHaveProperty('workflow_dispatch');
    expect(workflow.permissions).toMatchObject({ contents: 'read', pages: 'write', 'id-token': 'write' });
  });

  it('checks out, sets up Node from .nvmrc, uploads dist/ and deploys it in a job after the build', () => {
    expect(action('actions/checkout')).toBeDefined();
    expect(action('actions/setup-node')?.with?.['node-version-file']).toBe('.nvmrc');
    expect(action('actions/upload-pages-artifact')?.with?.path).toBe('dist');
    const deploy = Object.values(workflow.jobs).find((job) => job.steps.some((s) => s.uses?.startsWith('actions/deploy-pages@')));
    expect(deploy?.needs).toBe('build');
    expect(deploy?.environment?.name).toBe('github-pages');
    for (const step of steps.filter((s) => s.uses)) expect(step.uses, 'actions are pinned to a major version').toMatch(/@v\d+$/);
  });

  it('builds with the base path GitHub Pages reports', () => {
    const pages = action('actions/configure-pages');
    expect(pages?.id).toBeDefined();
    const build = steps.find((s) => s.run === 'npm run build');
    expect(build, 'a step runs npm run build').toBeDefined();
    expect(build!.env?.SITE_BASE).toBe(`\${{ steps.${pages!.id}.outputs.base_path }}/`);
    // Edit links point at the repository the workflow runs in (a fork links to itself).
    expect(build!.env?.SITE_REPO).toContain('github.repository');
  });

  it('runs only commands the README gives', () => {
    const allowed = readmeCommands();
    expect(allowed.has('npm run build')).toBe(true);
    const runs = steps.filter((s) => s.run).flatMap((s) => s.run!.split('\n').map((l) => l.trim()).filter(Boolean));
    expect(runs.length).toBeGreaterThan(0);
    for (const command of runs) expect([...allowed], `"${command}" is in the README`).toContain(command);
  });
});
