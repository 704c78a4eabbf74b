/**
 * npm run parity -- [FILE] [--backprop efficient|kronecker]
 *
 * Runs every case of a reference-parity file (format mlp-parity/1, see src/lib/parity-format.ts;
 * default: the committed PyTorch cases) through the engine and prints one line per case with the
 * error of each checked quantity, the worst error per quantity, then "N passed, M failed[, K
 * skipped]". Exit status: 0 all passed, 1 a case failed, 2 bad arguments or an unusable file.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Backprop } from '../src/lib/network';
import { runParityFile, type ParityCheck, type ParityResult } from '../src/lib/parity';
import { parseParityFile, type ParityFile } from '../src/lib/parity-format';

const DEFAULT_FILE = fileURLToPath(new URL('../tests/fixtures/parity/reference.json', import.meta.url));
const USAGE = 'usage: npm run parity -- [FILE] [--backprop efficient|kronecker]';

function fail(message: string): never {
  console.error(`parity: ${message}\n${USAGE}`);
  process.exit(2);
}

function parseBackprop(value: string | undefined): Backprop {
  if (value !== 'efficient' && value !== 'kronecker') fail(`--backprop must be efficient or kronecker, got ${value ?? 'nothing'}`);
  return value;
}

function parseArgs(args: readonly string[]): { file: string; backprop: Backprop } {
  let file: string | undefined;
  let backprop: Backprop = 'efficient';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else if (arg === '--backprop') backprop = parseBackprop(args[++i]);
    else if (arg.startsWith('--backprop=')) backprop = parseBackprop(arg.slice('--backprop='.length));
    else if (arg.startsWith('-')) fail(`unknown option ${arg}`);
    else if (file !== undefined) fail(`one file at a time, got ${file} and ${arg}`);
    else file = arg;
  }
  return { file: file ?? DEFAULT_FILE, backprop };
}

function readParityFile(file: string): ParityFile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(`cannot read ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    fail(`${file} is not JSON: ${(error as Error).message}`);
  }
  try {
    return parseParityFile(json);
  } catch (error) {
    fail(`${file}: ${(error as Error).message}`);
  }
}

const format = (x: number) => (x === 0 ? '0' : x.toExponential(1));
const errors = (checks: readonly ParityCheck[]) => checks.map((k) => `${k.quantity} ${format(k.error)}`).join('  ');

function line(r: ParityResult): string {
  if (r.skipped !== undefined) return `skip ${r.name}: ${r.skipped}`;
  if (r.error !== undefined) return `FAIL ${r.name}: ${r.error}`;
  return `${r.passed ? 'ok  ' : 'FAIL'} ${r.name}  ${errors(r.checks)}`;
}

const { file, backprop } = parseArgs(process.argv.slice(2));
const parsed = readParityFile(file);
console.log(`${parsed.cases.length} cases from ${file}, backprop ${backprop}, tolerance ${parsed.tolerance}`);
const summary = runParityFile(parsed, { backprop });
for (const result of summary.results) console.log(line(result));
console.log(`worst: ${errors(summary.worst)}`);
console.log(`${summary.passed} passed, ${summary.failed} failed${summary.skipped > 0 ? `, ${summary.skipped} skipped` : ''}`);
process.exit(summary.failed > 0 ? 1 : 0);
