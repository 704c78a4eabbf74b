import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { registerNodeAssets } from '~/cells/assets-node';
import { loadAsset } from '~/lib/data/assets';

const dir = mkdtempSync(join(tmpdir(), 'mlp-assets-'));
mkdirSync(join(dir, 'data'));
writeFileSync(join(dir, 'data', 'three.bin'), Uint8Array.from([7, 8, 9]));

afterAll(() => {
  registerNodeAssets();
  rmSync(dir, { recursive: true, force: true });
});

describe('registerNodeAssets', () => {
  it('serves files under the directory as bytes', async () => {
    registerNodeAssets(dir);
    expect(Array.from(await loadAsset('data/three.bin'))).toEqual([7, 8, 9]);
  });

  it('names a missing asset and how to generate it', async () => {
    registerNodeAssets(dir);
    await expect(loadAsset('data/mnist.bin')).rejects.toThrow(`asset data/mnist.bin is missing from ${dir}: run "npm run data" to generate it`);
  });

  it('refuses paths outside the directory', async () => {
    registerNodeAssets(join(dir, 'data'));
    await expect(loadAsset('../secret.bin')).rejects.toThrow(/not a path under/);
    // A path that only passes through .. but ends inside is fine.
    expect(Array.from(await loadAsset('../data/three.bin'))).toEqual([7, 8, 9]);
    await expect(loadAsset('/etc/hostname')).rejects.toThrow(/not a path under/);
  });
});
