/**
 * `npm run parity` (scripts/parity.ts) as a user runs it: one line per case, the worst error per
 * quantity, the totals, and the exit status — 0 when everything passed, 1 when a case failed,
 * 2 for bad arguments or an unusable file.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { ParityFile } from '~/lib/parity-format';

const root = new URL('../../', import.meta.url).pathname;
const tsx = join(root, 'node_modules/.bin/tsx');
const fixture: ParityFile = JSON.parse(readFileSync(join(root, 'tests/fixtures/parity/reference.json'), 'utf8'));
const dir = mkdtempSync(join(tmpdir(), 'mlp-parity-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function parity(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(tsx, ['scripts/parity.ts', ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function writeFile(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('npm run parity', () => {
  it('runs the committed cases with Kronecker backprop: a line per case, the oversized one skipped', async () => {
    const run = await parity('--backprop', 'kronecker');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${fixture.cases.length} cases from .*reference\\.json, backprop kronecker, tolerance 1e-9$`));
    expect(lines.filter((l) => /^(ok {3}|FAIL |skip )/.test(l))).toHaveLength(fixture.cases.length);
    expect(run.stdout).toMatch(/^ok {3}train-sgd-nesterov {2}forward \S+ {2}loss0 \S+ {2}grads0 \S+ {2}batch_losses \S+ {2}params \S+$/m);
    expect(run.stdout).toMatch(/^skip kronecker-too-large: kroneckerGradients: .* over the limit of 4,000,000/m);
    expect(lines.at(-2)).toMatch(/^worst: forward \S+ {2}loss0 \S+ {2}grads0 \S+ {2}input_grad0 \S+ {2}batch_losses \S+ {2}params \S+$/);
    expect(lines.at(-1)).toBe(`${fixture.cases.length - 1} passed, 0 failed, 1 skipped`);
  }, 60_000);

  it('exits 1 and marks the case FAIL when a reference number is off', async () => {
    const bad = structuredClone(fixture);
    bad.cases = bad.cases.filter((c) => c.name === 'train-adam' || c.name === 'train-sgd');
    bad.cases[0]!.expect.batch_losses![2]! *= 1 + 1e-6;
    const run = await parity(writeFile('off.json', bad));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^FAIL train-sgd .* batch_losses 1\.0e-6 /m);
    expect(run.stdout).toMatch(/^ok {3}train-adam /m);
    expect(run.stdout.trim().split('\n').at(-1)).toBe('1 passed, 1 failed');
  }, 60_000);

  it('exits 2 with a message for bad arguments and unusable files', async () => {
    const expectations: [string[], RegExp][] = [
      [['--backprop', 'sideways'], /--backprop must be efficient or kronecker, got sideways/],
      [['--backprop'], /--backprop must be efficient or kronecker, got nothing/],
      [['--verbose'], /unknown option --verbose/],
      [['a.json', 'b.json'], /one file at a time, got a\.json and b\.json/],
      [[join(dir, 'missing.json')], /cannot read .*missing\.json: ENOENT/],
      [[writeFile('not-json.json', '{ "format": ')], /not-json\.json is not JSON/],
      [[writeFile('wrong.json', { format: 'mlp-parity/1', cases: [{ name: 'x' }] })], /wrong\.json: parseParityFile: case 1 \(x\): inputs must be a positive integer/],
    ];
    for (const [args, message] of expectations) {
      const run = await parity(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr, args.join(' ')).toMatch(message);
      expect(run.stderr).toMatch(/usage: npm run parity -- \[FILE\] \[--backprop efficient\|kronecker\]/);
    }
  }, 120_000);
});
