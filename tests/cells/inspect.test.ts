import { describe, expect, it } from 'vitest';
import { inspect, matrixOutput, valueOutput } from '~/cells/inspect';
import { figureDocument } from '~/cells/plot';
import { formatMatrix, fromFunction, fromArray } from '~/lib/matrix';

describe('inspect', () => {
  it('quotes nested strings but prints a top-level string as it is', () => {
    expect(inspect('a "b"')).toBe('a "b"');
    expect(inspect(['a\nb', '"'])).toBe('["a\\nb", "\\""]');
  });

  it('writes numbers, -0, bigints, symbols, null and undefined like JavaScript does', () => {
    expect(inspect([1.5, -0, NaN, -Infinity, 10n, Symbol('s'), null, undefined])).toBe('[1.5, -0, NaN, -Infinity, 10n, Symbol(s), null, undefined]');
  });

  it('names functions and classes', () => {
    class Layer {}
    expect(inspect([function relu() {}, () => 1, Layer])).toBe('[[Function relu], [Function (anonymous)], [class Layer]]');
  });

  it('shows typed arrays, maps and sets with their sizes, and cuts long ones', () => {
    expect(inspect(new Float64Array([0.5, -0]))).toBe('Float64Array(2) [0.5, -0]');
    expect(inspect(new Map<unknown, unknown>([['k', [1]], [{ x: 1 }, 'v']]))).toBe('Map(2) {"k" => [1], { x: 1 } => "v"}');
    expect(inspect(new Set([1, 'a']))).toBe('Set(2) {1, "a"}');
    expect(inspect(Array.from({ length: 35 }, (_, i) => i))).toMatch(/, 29, … 5 more\]$/);
    expect(inspect(new Int32Array(100))).toMatch(/^Int32Array\(100\) \[0, .* … 70 more\]$/);
    const big = new Set(Array.from({ length: 100_000 }, (_, i) => i));
    expect(inspect(big)).toMatch(/^Set\(100000\) \{0, 1, .*, 29, … 99970 more\}$/);
  });

  it('stops at depth 3, marks cycles, and names class instances', () => {
    expect(inspect({ a: { b: { c: { d: 1 } } } })).toBe('{ a: { b: { c: [Object] } } }');
    expect(inspect([[[[1]]]])).toBe('[[[[Array]]]]');
    const loop: { self?: unknown; n: number } = { n: 1 };
    loop.self = loop;
    expect(inspect(loop)).toBe('{ n: 1, self: [Circular] }');
    // The same object twice, not nested in itself, is not a cycle.
    const shared = { v: 1 };
    expect(inspect([shared, shared])).toBe('[{ v: 1 }, { v: 1 }]');
    class Point {
      constructor(readonly x: number) {}
    }
    expect(inspect(new Point(2))).toBe('Point { x: 2 }');
  });

  it('quotes keys that are not identifiers and shows empty and prototype-less objects', () => {
    expect(inspect({ 'a-b': 1, ok: 2 })).toBe('{ "a-b": 1, ok: 2 }');
    expect(inspect({})).toBe('{}');
    expect(inspect(Object.create(null))).toBe('{}');
  });

  it('survives getters that throw and invalid dates', () => {
    const tricky = {
      get broken(): number {
        throw new RangeError('not yet');
      },
      fine: 1,
    };
    expect(inspect(tricky)).toBe('{ broken: [getter threw RangeError: not yet], fine: 1 }');
    expect(inspect([new Date(Number.NaN), new Date(0)])).toBe('[Invalid Date, 1970-01-01T00:00:00.000Z]');
  });

  it('shows errors by name and matrices with their entries, nested lines indented', () => {
    expect(inspect({ e: new TypeError('bad'), W: fromArray([[1, 2, 3], [4, 5, 6]]) })).toBe(
      '{ e: TypeError: bad, W: Matrix 2×3\n  [ 1  2  3 ]\n  [ 4  5  6 ] }',
    );
  });

  it('shows a matrix as console.log and String do: the engine\'s formatMatrix, shape line and rows', () => {
    const M = fromArray([[1 / 3, -2], [Infinity, 1e-9]]);
    expect(inspect(M)).toBe('Matrix 2×2\n[   0.3333        -2 ]\n[ Infinity  1.000e-9 ]');
    expect(inspect(M)).toBe(formatMatrix(M));
    expect(inspect(M)).toBe(String(M));
  });

  it('cuts very long strings and says how much is left out', () => {
    const shown = inspect('x'.repeat(2500));
    expect(shown.startsWith('x'.repeat(2000))).toBe(true);
    expect(shown.endsWith('… (500 more characters)')).toBe(true);
  });
});

describe('valueOutput', () => {
  it('formats matrix entries as the engine does and keeps every entry of a small matrix', () => {
    // Integers in full, other numbers to 4 significant digits, very small or large ones in exponent form.
    const out = valueOutput(fromArray([[1, 0.1 + 0.2, 1e-7], [2500000.5, -3, Number.NaN]]));
    expect(out).toEqual({ kind: 'matrix', rows: 2, cols: 3, truncated: false, cells: [['1', '0.3', '1.000e-7'], ['2.500e+6', '-3', 'NaN']] });
  });

  it('shows the corners of a big matrix with the elided middle marked, the same cells as its text', () => {
    const m = fromFunction(20, 15, (i, j) => 100 * i + j);
    const out = matrixOutput(m, 'w') as Extract<ReturnType<typeof matrixOutput>, { kind: 'matrix' }>;
    expect([out.rows, out.cols, out.truncated, out.id, out.cells.length, out.cells[0]!.length]).toEqual([20, 15, true, 'w', 13, 13]);
    // 12 shown = the first 6, an ellipsis, the last 6.
    expect(out.cells[0]!.slice(0, 7)).toEqual(['0', '1', '2', '3', '4', '5', '⋯']);
    expect(out.cells[0]![12]).toBe('14');
    expect(out.cells[6]![0]).toBe('⋮');
    expect(out.cells[6]![6]).toBe('⋱');
    expect(out.cells[12]![12]).toBe('1914');
    const textRows = formatMatrix(m).split('\n').slice(1).map((line) => line.slice(1, -1).trim().split(/\s+/));
    expect(textRows).toEqual(out.cells);
  });

  it('quotes a string value so an empty or blank string is visible', () => {
    expect(valueOutput('')).toEqual({ kind: 'value', text: '""' });
    expect(valueOutput(' ', 'id1')).toEqual({ kind: 'value', text: '" "', id: 'id1' });
  });

  it('turns an SVG element into sanitized figure markup and other elements into text', () => {
    const document = figureDocument();
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('onload', 'alert(1)');
    svg.appendChild(document.createElementNS('http://www.w3.org/2000/svg', 'circle')).setAttribute('r', '3');
    const out = valueOutput(svg);
    expect(out.kind).toBe('svg');
    expect((out as { svg: string }).svg).toMatch(/^<svg><circle r="3"/);
    expect(valueOutput(document.createElement('div'))).toEqual({ kind: 'value', text: '<div> element' });
    expect(inspect([document.createElement('p')])).toBe('[<p> element]');
  });
});
