/**
 * The pieces under the diagnosis: the closeness rule, how answers become comparable values, and
 * how an equation reference becomes a link.
 */
import { describe, expect, it } from 'vitest';
import { equationHref, equationLabel, isEquationRef, parseEquation } from '~/cells/checks/equation';
import { ANSWER_TOLERANCE, allClose, excess, largestError, NUMERIC_TOLERANCE, worstExcess } from '~/cells/checks/tolerance';
import { aligned, toValue } from '~/cells/checks/values';
import { formatError, formatFactor, formatTolerance } from '~/cells/checks/wording';
import { fromArray, Matrix, rowVector } from '~/lib/index';

describe('the closeness rule |a − e| ≤ atol + rtol·|e|', () => {
  const tol = { rtol: 1e-6, atol: 1e-9 };

  it('is 1 exactly at the allowance and grows past it', () => {
    expect(excess(1 + 1e-6 + 1e-9, 1, tol)).toBeCloseTo(1, 6);
    expect(excess(1 + 2e-6, 1, tol)).toBeGreaterThan(1);
    expect(excess(1e-9, 0, tol)).toBeCloseTo(1, 12);
  });

  it('treats equal infinities and NaN against NaN as equal, NaN against a number as infinitely far', () => {
    expect(excess(Infinity, Infinity, tol)).toBe(0);
    expect(excess(Number.NaN, Number.NaN, tol)).toBe(0);
    expect(excess(Number.NaN, 1, tol)).toBe(Infinity);
    expect(excess(1, Number.NaN, tol)).toBe(Infinity);
    expect(excess(-Infinity, Infinity, tol)).toBe(Infinity);
  });

  it('finds the worst entry and says when lengths differ', () => {
    expect(worstExcess([1, 2, 3], [1, 2.5, 3], tol).at).toBe(1);
    expect(worstExcess([1, 2], [1, 2], tol)).toEqual({ worst: 0, at: -1 });
    expect(() => worstExcess([1], [1, 2], tol)).toThrow('worstExcess: 1 values against 2');
    expect(allClose([1], [1, 2], tol)).toBe(false);
    expect(largestError([1, Number.NaN, 3], [1.5, Number.NaN, 3])).toBe(0.5);
  });

  it('states its defaults: tight against an exact reference, looser against central differences', () => {
    expect(ANSWER_TOLERANCE).toEqual({ rtol: 1e-6, atol: 1e-9 });
    expect(NUMERIC_TOLERANCE).toEqual({ rtol: 1e-5, atol: 1e-7 });
    expect(formatTolerance(ANSWER_TOLERANCE)).toBe('1e-9 + 1e-6·|expected|');
    expect(formatTolerance({ rtol: 0, atol: 1e-3 })).toBe('0.001');
  });
});

describe('numbers in sentences', () => {
  it('writes errors to two significant digits and factors as a reader would', () => {
    expect([0, 2.2e-16, 1e-9, 0.4213, 32.4, 1.5e5].map(formatError)).toEqual(['0', '2.2e-16', '1e-9', '0.42', '32', '1.5e5']);
    expect([6, 1 / 6, 2.5, -3, 1.0001, 1 / 3].map(formatFactor)).toEqual(['6', '1/6', '2.5', '−3', '1.0001', '1/3']);
  });
});

describe('what a check compares', () => {
  it('makes numbers 1×1, lists vectors without an orientation, and lists of rows matrices', () => {
    const n = toValue(3);
    expect(n.ok && n.value.kind === 'matrix' && n.value.matrix.shape).toEqual([1, 1]);
    const list = toValue([1, 2, 3]);
    expect(list.ok && list.value.kind === 'matrix' && list.value.orientation).toBe('free');
    const rows = toValue([[1, 2], [3, 4]]);
    expect(rows.ok && rows.value.kind === 'matrix' && rows.value.matrix.toArray()).toEqual([[1, 2], [3, 4]]);
    const typed = toValue(Float64Array.of(1, 2));
    expect(typed.ok && typed.value.kind === 'matrix' && typed.value.matrix.shape).toEqual([1, 2]);
  });

  it('copies a matrix, so a later change to the reader’s variable cannot change the verdict', () => {
    const m = fromArray([[1, 2]]);
    const v = toValue(m);
    m.set(0, 0, 9);
    expect(v.ok && v.value.kind === 'matrix' && v.value.matrix.get(0, 0)).toBe(1);
  });

  it('accepts a Matrix from another copy of the engine by its fields', () => {
    const foreign = { rows: 1, cols: 2, data: Float64Array.of(5, 6) };
    const v = toValue(foreign);
    expect(v.ok && v.value.kind === 'matrix' && [...v.value.matrix.data]).toEqual([5, 6]);
  });

  it('turns lists of matrices and records into parts, and says what else it got', () => {
    const parts = toValue([fromArray([[1]]), fromArray([[2]])]);
    expect(parts.ok && parts.value.kind === 'parts' && parts.value.parts.map((p) => p.key)).toEqual(['0', '1']);
    expect(toValue({ W: [1], b: 'x' })).toMatchObject({ ok: false, mistake: 'not-a-value', problem: 'has b that is the string "x", where a number, a list of numbers or a Matrix is expected' });
    expect(toValue([1, [2]])).toMatchObject({ ok: false, problem: 'mixes numbers with lists, matrices or other things' });
    expect(toValue(new Map())).toMatchObject({ ok: false, problem: 'is a Map, where a number, a list of numbers or a Matrix is expected' });
    expect(toValue(10n)).toMatchObject({ ok: false, problem: 'is the bigint 10n (write it without the n to make it a number), where a number, a list of numbers or a Matrix is expected' });
    expect(toValue({})).toMatchObject({ ok: false, mistake: 'unanswered' });
  });

  it('gives a bare list the orientation of the vector it is compared with', () => {
    const list = toValue([1, 2]);
    const column = toValue(new Matrix(2, 1, Float64Array.of(1, 2)));
    if (!list.ok || !column.ok || list.value.kind !== 'matrix' || column.value.kind !== 'matrix') throw new Error('unexpected');
    expect(aligned(list.value, column.value)[0].shape).toEqual([2, 1]);
    const row = toValue(rowVector([1, 2]));
    if (!row.ok || row.value.kind !== 'matrix') throw new Error('unexpected');
    expect(aligned(row.value, column.value)[0].shape).toEqual([1, 2]);
  });
});

describe('equation references', () => {
  it('reads a number on this page and a link to another chapter', () => {
    expect(parseEquation('7.5', 'check')).toEqual({ tag: '7.5' });
    expect(parseEquation(' (7.5) ', 'check')).toEqual({ tag: '7.5' });
    expect(parseEquation('#eq-7.5', 'check')).toEqual({ tag: '7.5' });
    expect(parseEquation('/05-backpropagation/#eq-5.6', 'check')).toEqual({ tag: '5.6', page: '/05-backpropagation/' });
  });

  it('refuses anything that is not an equation, so no link can be made to elsewhere', () => {
    for (const bad of ['', 'javascript:alert(1)', 'https://example.org/#eq-1.1', '//evil/#eq-1.1', '/x/#eq-1.1"onclick', 5.6, undefined]) {
      expect(() => parseEquation(bad, 'check'), String(bad)).toThrow(/check: equation must be an equation number on this page like "5\.6"/);
    }
  });

  it('links the same page by anchor, another page under the base path, with one anchor rule', () => {
    expect(equationHref({ tag: '7.5' })).toBe('#eq-7.5');
    expect(equationHref({ tag: '7.5' }, '/mlp-from-scratch/')).toBe('#eq-7.5');
    expect(equationHref({ tag: '5.6', page: '/05-backpropagation/' }, '/')).toBe('/05-backpropagation/#eq-5.6');
    expect(equationHref({ tag: '5.6', page: '/05-backpropagation/' }, '/mlp-from-scratch/')).toBe('/mlp-from-scratch/05-backpropagation/#eq-5.6');
    expect(equationLabel({ tag: '5.6' })).toBe('(5.6)');
  });

  it('validates a reference that arrives from the worker', () => {
    expect(isEquationRef({ tag: '5.6' })).toBe(true);
    expect(isEquationRef({ tag: '5.6', page: '/05-backpropagation/' })).toBe(true);
    expect(isEquationRef({ tag: '5.6', page: 'javascript:alert(1)' })).toBe(false);
    expect(isEquationRef({ tag: '"><script>' })).toBe(false);
    expect(isEquationRef({ tag: '5.6', href: '#x' })).toBe(false);
  });
});
