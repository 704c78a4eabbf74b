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
 * Observable Plot with `document` filled in: `Plot.plot({...})`, `Plot.legend({...})` and the
 * `mark.plot()` shorthand from Plot's documentation (`Plot.dot(data).plot()`, also on
 * `Plot.marks(...)` and composite marks) work in Node and in a worker, where Plot would otherwise
 * look for `window.document`. Nothing of Plot itself is changed: each mark a factory returns gets
 * its own `plot` that passes the document along.
 */
export function plotModule(document: Document = figureDocument()): typeof Plot {
  const plot = (options: Plot.PlotOptions = {}) => Plot.plot({ document, ...options });
  const markPlot = Plot.Mark.prototype.plot;
  const withDocument = (result: unknown): unknown => {
    if (typeof result === 'object' && result !== null && (result as { plot?: unknown }).plot === markPlot) {
      Object.defineProperty(result, 'plot', {
        value: ({ marks = [], ...options }: Plot.PlotOptions = {}) => plot({ ...options, marks: [...(marks as Plot.Markish[]), result as Plot.Markish] }),
        configurable: true,
        writable: true,
      });
    }
    return result;
  };
  const wrapped: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(Plot)) {
    // Factories (dot, lineY, marks, …) are lower case; classes such as Mark and Dot stay as they are.
    wrapped[name] = typeof value === 'function' && /^[a-z]/.test(name) ? (...args: unknown[]) => withDocument((value as (...a: unknown[]) => unknown)(...args)) : value;
  }
  wrapped.plot = plot;
  wrapped.legend = (options: Plot.LegendOptions = {}) => Plot.legend({ document, ...options } as Plot.LegendOptions);
  return wrapped as typeof Plot;
}

/** The modules of a cell: "mlp", "@observablehq/plot" and "mlp/notebook". */
export async function defaultModules(): Promise<Record<string, unknown>> {
  return { mlp: engine, '@observablehq/plot': plotModule(), 'mlp/notebook': notebook };
}
