/**
 * Prose numbers taken from the cells (src/cells/values.ts): how `<Value>` attributes are read and
 * how numbers are printed.
 */
import { describe, expect, it } from 'vitest';
import { extractPage } from '~/cells/extract';
import { formatValue, parseValueAttributes } from '~/cells/values';

const where = 'ch.mdx: line 3';

describe('formatValue', () => {
  it('prints numbers with 3 significant digits by default, integers whole and grouped', () => {
    expect(formatValue(0.532881221120224, {}, where)).toBe('0.533');
    expect(formatValue(101770, {}, where)).toBe('101,770');
    expect(formatValue(-0.185, {}, where)).toBe('−0.185');
    expect(formatValue(12345.678, {}, where)).toBe('12,300');
    expect(formatValue(0, {}, where)).toBe('0');
  });

  it('takes digits, fixed and percent', () => {
    expect(formatValue(0.532881221120224, { digits: 5 }, where)).toBe('0.53288');
    expect(formatValue(2.5, { fixed: 2 }, where)).toBe('2.50');
    expect(formatValue(1234.5, { fixed: 0 }, where)).toBe('1,235');
    expect(formatValue(0.9595, { percent: true, fixed: 2 }, where)).toBe('95.95 %');
    expect(formatValue(0.9595, { percent: true }, where)).toBe('96 %');
    expect(formatValue(120000, { digits: 2 }, where)).toBe('120,000');
  });

  it('writes very small and very large numbers as a power of ten', () => {
    expect(formatValue(3.2e-8, {}, where)).toBe('3.2 × 10⁻⁸');
    expect(formatValue(1.894e-8, { digits: 2 }, where)).toBe('1.9 × 10⁻⁸');
    expect(formatValue(-4.6e-14, {}, where)).toBe('−4.6 × 10⁻¹⁴');
    expect(formatValue(2.5e7, { digits: 2 }, where)).toBe('2.5 × 10⁷');
    expect(formatValue(1e-10, {}, where)).toBe('1 × 10⁻¹⁰');
  });

  it('prints strings as they are', () => {
    expect(formatValue('relu', {}, where)).toBe('relu');
  });

  it('refuses what prose cannot quote, naming the place', () => {
    expect(() => formatValue(Number.NaN, {}, where)).toThrow('ch.mdx: line 3: <Value> computed NaN, and prose cannot quote a number that is not finite');
    expect(() => formatValue(Infinity, {}, where)).toThrow(/computed Infinity/);
    expect(() => formatValue(undefined, {}, where)).toThrow('ch.mdx: line 3: <Value> must compute a number or a string, got undefined');
    expect(() => formatValue([1], {}, where)).toThrow(/got an array/);
    expect(() => formatValue('x', { digits: 2 }, where)).toThrow(/digits, fixed and percent need a number/);
  });
});

describe('parseValueAttributes', () => {
  it('reads of, digits, fixed and a bare percent', () => {
    expect(
      parseValueAttributes(
        [
          { name: 'of', value: 'loss.toFixed(1)' },
          { name: 'digits', value: { expression: '4' } },
          { name: 'percent', value: null },
        ],
        where,
      ),
    ).toEqual({ expression: 'loss.toFixed(1)', format: { digits: 4, percent: true } });
  });

  it('refuses a missing expression, unknown attributes, bad counts and digits with fixed', () => {
    expect(() => parseValueAttributes([], where)).toThrow('ch.mdx: line 3: <Value> needs of="expression"');
    expect(() => parseValueAttributes([{ name: 'of', value: { expression: 'x' } }], where)).toThrow(/as a quoted string/);
    expect(() => parseValueAttributes([{ name: 'of', value: 'x' }, { name: 'digit', value: '2' }], where)).toThrow(
      '<Value> has no attribute "digit" (it takes of, digits, fixed, percent)',
    );
    expect(() => parseValueAttributes([{ name: 'of', value: 'x' }, { name: 'digits', value: '0' }], where)).toThrow(/integer from 1 to 17, got "0"/);
    expect(() =>
      parseValueAttributes([{ name: 'of', value: 'x' }, { name: 'digits', value: '2' }, { name: 'fixed', value: '1' }], where),
    ).toThrow(/digits or fixed, not both/);
  });
});

describe('extractPage', () => {
  it('finds the prose values with their lines, in text and on their own line', () => {
    const mdx = '# T\n\n```ts cell\nconst a = 2;\n```\n\nThe answer is <Value of="a * 21" /> and\n<Value of="a / 3" digits={2} />\n';
    const { cells, values } = extractPage(mdx);
    expect(cells).toHaveLength(1);
    expect(values).toEqual([
      { expression: 'a * 21', format: {}, line: 7 },
      { expression: 'a / 3', format: { digits: 2 }, line: 8 },
    ]);
  });
});
