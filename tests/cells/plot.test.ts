import { afterEach, describe, expect, it } from 'vitest';
import { figureDocument, plotModule } from '~/cells/plot';

/**
 * The kernel worker's bundle leaves out linkedom's CSS parser, which only serves
 * `HTMLStyleElement.sheet` (src/cells/no-stylesheet.ts). That is safe only while Plot never reads
 * `.sheet`: this draws every mark the chapters use, a legend and a faceted figure with `.sheet`
 * made to throw, in Node, where the parser is present.
 */
describe('Plot in a linkedom document', () => {
  const styleProto = Object.getPrototypeOf(figureDocument().createElement('style')) as object;
  const original = Object.getOwnPropertyDescriptor(styleProto, 'sheet');
  afterEach(() => {
    if (original) Object.defineProperty(styleProto, 'sheet', original);
  });

  it('never reads a <style> element\'s sheet (the worker has no CSS parser for it)', () => {
    expect(original?.get).toBeTypeOf('function');
    let reads = 0;
    Object.defineProperty(styleProto, 'sheet', {
      configurable: true,
      get() {
        reads++;
        throw new Error('sheet read');
      },
    });
    const Plot = plotModule();
    const points = Array.from({ length: 20 }, (_, i) => ({ x: i, y: Math.sin(i), z: (i * 7) % 5, g: i % 2 ? 'a' : 'b' }));
    const grid = { x1: 0, x2: 1, y1: 0, y2: 1, fill: (x: number, y: number) => x * x + y * y };
    const figures = [
      Plot.plot({
        color: { legend: true },
        marks: [
          Plot.line(points, { x: 'x', y: 'y', stroke: 'g' }),
          Plot.dot(points, { x: 'x', y: 'y', fill: 'z' }),
          Plot.ruleX([0]),
          Plot.ruleY([0]),
          Plot.text(points.slice(0, 3), { x: 'x', y: 'y', text: 'g' }),
          Plot.frame(),
        ],
      }),
      Plot.plot({ marks: [Plot.contour(grid)] }),
      Plot.plot({ marks: [Plot.cell(points, { x: 'x', y: 'g', fill: 'y' })] }),
      Plot.plot({ marks: [Plot.rect(points, { x1: 'x', x2: (d: { x: number }) => d.x + 1, y1: 0, y2: 'z' })] }),
      Plot.plot({ fy: { label: null }, marks: [Plot.dot(points, { x: 'x', y: 'y', fy: 'g' })] }),
      Plot.legend({ color: { domain: ['train', 'validation'] } }),
      Plot.dot(points, { x: 'x', y: 'y' }).plot({ grid: true }),
    ];
    for (const figure of figures) expect((figure as unknown as Element).outerHTML).toMatch(/<style|<svg|<div/);
    expect(figures.some((f) => (f as unknown as Element).outerHTML.includes('<style'))).toBe(true);
    expect(reads).toBe(0);
    // The guard itself works: a read would have been caught.
    expect(() => (figureDocument().createElement('style') as HTMLStyleElement).sheet).toThrow('sheet read');
  });
});
