/**
 * Observable Plot as cells import it ("@observablehq/plot"), drawing into a linkedom document. Its
 * own module so the kernel worker loads Plot, d3 and linkedom (most of the worker's size) as a
 * separate chunk, only when a cell imports Plot; see `defaultModules` in ./modules.
 */
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

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
