/**
 * In Node (build and tests), engine assets such as the MNIST digits are read from public/, the
 * directory the site serves them from. The browser kernel uses fetch instead (registerFetchAssets).
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setAssetLoader } from '~/lib/data/assets';

const publicDir = fileURLToPath(new URL('../../public/', import.meta.url));

export function registerNodeAssets(dir: string = publicDir): void {
  setAssetLoader(async (name) => {
    // Assets are the site's files: nothing outside public/ (the browser could not fetch it either).
    const path = join(dir, name);
    const inside = relative(dir, path);
    if (isAbsolute(name) || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside)) throw new Error(`asset ${name}: not a path under ${dir}`);
    const bytes = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new Error(
        error.code === 'ENOENT' ? `asset ${name} is missing from ${dir}: run "npm run data" to generate it` : `asset ${name}: ${error.message}`,
      );
    });
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  });
}
