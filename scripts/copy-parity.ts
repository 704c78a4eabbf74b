/**
 * Puts the reference-parity cases where the site serves its data (public/data/), so chapter
 * 10-checking can re-run them in the reader's browser with loadParityFile(). Runs with `npm run data`.
 */
import { copyFileSync, mkdirSync } from 'node:fs';

const from = new URL('../tests/fixtures/parity/reference.json', import.meta.url);
const to = new URL('../public/data/parity-reference.json', import.meta.url);
mkdirSync(new URL('.', to), { recursive: true });
copyFileSync(from, to);
console.log(`copied ${from.pathname} to ${to.pathname}`);
