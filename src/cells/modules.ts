/**
 * What cells can import: the engine as "mlp", Observable Plot, and the notebook helpers. The same
 * table is used at build time, in the tests and in the browser worker; none of those has (or may
 * use) the page's own document, so Plot draws into a linkedom document, and its markup is what
 * the page shows.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import * as engine from '~/lib/index';
import * as notebook from './notebook';

/** A document Plot can build SVG in, outside any browser page. */
export function figureDocument(): Document {
  return parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
}

/**
 * Observable Plot with `document` filled in: `Plot.plot({...})` and `Plot.legend({...})` work in Node
 * and in a worker. (Use `Plot.plot({ marks: [...] })` rather than `mark.plot()`, which looks for a
 * global document.)
 */
export function plotModule(document: Document = figureDocument()): typeof Plot {
  return {
    ...Plot,
    plot: (options: Plot.PlotOptions = {}) => Plot.plot({ document, ...options }),
    legend: (options: Plot.LegendOptions = {}) => Plot.legend({ document, ...options } as Plot.LegendOptions),
  } as typeof Plot;
}

/** The modules of a cell: "mlp", "@observablehq/plot" and "mlp/notebook". */
export async function defaultModules(): Promise<Record<string, unknown>> {
  return { mlp: engine, '@observablehq/plot': plotModule(), 'mlp/notebook': notebook };
}
