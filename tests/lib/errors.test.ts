import { describe, expect, it } from 'vitest';
import { checkRange, positiveInteger, withContext } from '~/lib/errors';

describe('checkRange', () => {
  it('returns a value inside the interval, ends included unless open', () => {
    expect(checkRange('op', 'p', 0, 0, 1)).toBe(0);
    expect(checkRange('op', 'p', 1, 0, 1)).toBe(1);
    expect(checkRange('op', 'p', 0.5, 0, 1, { minOpen: true, maxOpen: true })).toBe(0.5);
    expect(checkRange('op', 'h', 1e300, 0, Infinity, { minOpen: true })).toBe(1e300);
  });

  it('names the operation, the value, the interval with its open ends, and what it got', () => {
    expect(() => checkRange('dropoutForward', 'p', 1, 0, 1, { maxOpen: true })).toThrow('dropoutForward: p must be a finite number in [0, 1), got 1');
    expect(() => checkRange('op', 'eps', 0, 0, Infinity, { minOpen: true })).toThrow('op: eps must be a finite number in (0, ∞), got 0');
    expect(() => checkRange('op', 'x', Number.NaN, 0, 1)).toThrow('op: x must be a finite number in [0, 1], got NaN');
    expect(() => checkRange('op', 'x', Infinity, 0, Infinity)).toThrow('got Infinity');
    expect(() => checkRange('op', 'x', '0.5', 0, 1)).toThrow('op: x must be a finite number in [0, 1], got 0.5');
  });
});

describe('positiveInteger and withContext', () => {
  it('positiveInteger accepts 1, 2, … and says what it got otherwise', () => {
    expect(positiveInteger('op', 'units', 3)).toBe(3);
    expect(() => positiveInteger('op', 'units', 0)).toThrow('op: units must be a positive integer, got 0');
    expect(() => positiveInteger('op', 'units', [2])).toThrow('op: units must be a positive integer, got an array of 1');
  });

  it('withContext puts the context in front of an error and passes a result through', () => {
    expect(withContext('layer 2', () => 7)).toBe(7);
    expect(() => withContext('layer 2', () => positiveInteger('Dense', 'units', -1))).toThrow('layer 2: Dense: units must be a positive integer, got -1');
  });
});
