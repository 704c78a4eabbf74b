/**
 * What cells can import: the engine as "mlp", Observable Plot, and the notebook helpers. The same
 * table is used at build time, in the tests and in the browser worker; none of those has (or may
 * use) the page's own document, so Plot draws into a linkedom document (./plot), and its markup is
 * what the page shows.
 *
 * Plot, d3 and linkedom are most of the kernel's code, so Plot is a lazy module: it is loaded by a
 * dynamic import (a separate chunk in the worker) the first time a cell's import statement names
 * it, and the runner waits for it before that cell starts (see `lazyModule` in ./runner). Build,
 * tests and worker all run cells through this same lazy entry.
 */
import * as engine from '~/lib/index';
import { notebookFor } from './notebook';
import { lazyModule, sessionModule } from './runner';

/**
 * The modules of a cell: "mlp", "@observablehq/plot" and "mlp/notebook" (one Plot document per
 * call; one set of notebook helpers per session, writing into that session's cells). `loadPlot` is where ./plot's code comes from, by default a dynamic import. The build
 * passes the module it imported statically instead: Astro runs remark plugins in modules loaded
 * through Vite's config runner, which is closed by the time cells run, so a dynamic import there
 * fails. Either way the cells see the same lazy entry, loaded on first import.
 */
export async function defaultModules(loadPlot: () => Promise<typeof import('./plot')> = () => import('./plot')): Promise<Record<string, unknown>> {
  return {
    mlp: engine,
    '@observablehq/plot': lazyModule(async () => (await loadPlot()).plotModule()),
    'mlp/notebook': sessionModule(notebookFor),
  };
}
