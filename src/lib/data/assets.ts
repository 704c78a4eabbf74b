/**
 * How the engine reaches data files without knowing where it runs. The engine stays free of the
 * DOM and of `fs`: whoever runs the cells (the build, the tests, the reader's browser) registers
 * one loader that turns an asset name into its bytes — `fs.readFile` under `public/` in Node,
 * `fetch` relative to the site root in the browser.
 */

/** Resolves an asset name such as "data/mnist.bin" (a path under the site root) to its bytes. */
export type AssetLoader = (name: string) => Promise<ArrayBuffer | Uint8Array>;

let registered: AssetLoader | null = null;
let generation = 0;

/** Registers the loader every later `loadAsset` uses (replacing any earlier one). */
export function setAssetLoader(load: AssetLoader): void {
  if (typeof load !== 'function') throw new Error(`setAssetLoader: expected a function (name) => Promise<ArrayBuffer>, got ${typeof load}`);
  registered = load;
  generation++;
}

/** A number that changes whenever a loader is registered, so callers can tell their caches are stale. */
export function assetLoaderGeneration(): number {
  return generation;
}

/** The bytes of the named asset, through the registered loader. */
export async function loadAsset(name: string): Promise<Uint8Array> {
  if (registered === null) {
    throw new Error(
      `loadAsset("${name}"): no asset loader is registered. The code running the engine (the cell runner, a test, or a script) ` +
        'must call setAssetLoader(name => …bytes of public/<name>…) first: fs.readFile in Node, fetch in the browser',
    );
  }
  const bytes = await registered(name);
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new Error(`loadAsset("${name}"): the asset loader returned ${Object.prototype.toString.call(bytes)}, expected an ArrayBuffer or Uint8Array`);
}
