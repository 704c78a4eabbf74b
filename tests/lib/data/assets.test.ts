import { describe, expect, it } from 'vitest';
import { loadAsset, setAssetLoader } from '~/lib/data/assets';

describe('asset loader hook', () => {
  it('says that the runner must register a loader when none is', async () => {
    await expect(loadAsset('data/mnist.bin')).rejects.toThrow(/no asset loader is registered.*must call setAssetLoader/);
  });

  it('passes the name to the registered loader and returns its bytes as a Uint8Array', async () => {
    setAssetLoader(async (name) => new TextEncoder().encode(`bytes of ${name}`).buffer);
    expect(new TextDecoder().decode(await loadAsset('data/x.bin'))).toBe('bytes of data/x.bin');
  });

  it('rejects a loader that is not a function or returns something other than bytes', async () => {
    expect(() => setAssetLoader('public/' as never)).toThrow('setAssetLoader: expected a function');
    setAssetLoader(async () => 'text' as never);
    await expect(loadAsset('a')).rejects.toThrow('returned [object String], expected an ArrayBuffer or Uint8Array');
  });
});
