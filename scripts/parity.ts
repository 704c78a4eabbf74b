/**
 * npm run parity -- [FILE] [--backprop efficient|kronecker]
 *
 * Runs every case of a reference-parity file (format mlp-parity/1; default: the committed
 * PyTorch cases) through the engine and prints one line per case with the error of each checked
 * quantity, then "N passed, M failed[, K skipped]". Exit status: 0 all passed, 1 a case failed,
 * 2 bad arguments or an unreadable file.
 */
import { readFileSync } from 'node:fs';
import { parseParityFile, runParityCase, type ParityFile } from '../src/lib/parity';
import type { Backprop } from '../src/lib/model';

const DEFAULT_FILE = new URL('../tests/fixtures/parity/reference.json', import.meta.url).pathname;

function usage(message: string): never {
  console.error(`parity: ${message}\nusage: npm run parity -- [FILE] [--backprop efficient|kronecker]`);
  process.exit(2);
}

const args = process.argv.slice(2);
let file = DEFAULT_FILE;
let backprop: Backprop = 'efficient';
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--backprop') {
    const value = args[++i];
    if (value !== 'efficient' && value !== 'kronecker') usage(`--backprop must be efficient or kronecker, got ${value ?? 'nothing'}`);
    backprop = value;
  } else if (arg.startsWith('--backprop=')) {
    const value = arg.slice('--backprop='.length);
    if (value !== 'efficient' && value !== 'kronecker') usage(`--backprop must be efficient or kronecker, got ${value}`);
    backprop = value;
  } else if (arg.startsWith('-')) usage(`unknown option ${arg}`);
  else file = arg;
}

let parsed: ParityFile;
try {
  parsed = parseParityFile(JSON.parse(readFileSync(file, 'utf8')));
} catch (error) {
  usage(`cannot use ${file}: ${(error as Error).message}`);
}

const fmt = (x: number) => (x === 0 ? '0' : x.toExponential(1));
let passed = 0;
let failed = 0;
let skipped = 0;
const worst = new Map<string, number>();
console.log(`${parsed.cases.length} cases from ${file}, backprop ${backprop}, tolerance ${parsed.tolerance}`);
for (const c of parsed.cases) {
  let line: string;
  try {
    const result = runParityCase(c, { backprop, tolerance: parsed.tolerance });
    if (result.skipped) {
      skipped++;
      line = `skip ${c.name}: ${result.skipped}`;
    } else {
      if (result.passed) passed++;
      else failed++;
      for (const k of result.checks) worst.set(k.quantity, Math.max(worst.get(k.quantity) ?? 0, k.error));
      line = `${result.passed ? 'ok  ' : 'FAIL'} ${c.name}  ${result.checks.map((k) => `${k.quantity} ${fmt(k.error)}`).join('  ')}`;
    }
  } catch (error) {
    failed++;
    line = `FAIL ${c.name}: ${(error as Error).message}`;
  }
  console.log(line);
}
console.log(`worst: ${[...worst].map(([q, e]) => `${q} ${fmt(e)}`).join('  ')}`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
