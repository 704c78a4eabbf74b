import { describe, expect, it } from 'vitest';
import { portableCos, portableLog, portableSin } from '~/lib/portable-math';
import { createRng } from '~/lib/random';

/** Largest |a − b| / |b| over the points, with |b| floored at `floor` for values near zero. */
function worstRelative(f: (x: number) => number, g: (x: number) => number, xs: number[], floor = 0): number {
  let worst = 0;
  for (const x of xs) worst = Math.max(worst, Math.abs(f(x) - g(x)) / Math.max(Math.abs(g(x)), floor));
  return worst;
}

const rng = createRng(12);
const positives = [
  ...Array.from({ length: 20_000 }, () => rng.next()),
  ...Array.from({ length: 5_000 }, () => 2 ** (200 * rng.next() - 100)),
  1, 2, 0.5, Math.SQRT2, Math.SQRT1_2, 1 + 2 ** -52, 1 - 2 ** -53, Number.MIN_VALUE * 2 ** 60, 1e300,
];
const angles = [
  ...Array.from({ length: 20_000 }, () => 40 * rng.next() - 20),
  0, Math.PI / 4, Math.PI / 2, Math.PI, 3 * Math.PI, -Math.PI / 2, 1e5,
];

describe('portableLog', () => {
  it('agrees with Math.log to 5e-16 relative (about two units in the last place) from 2⁻¹⁰⁰ to 10³⁰⁰', () => {
    expect(worstRelative(portableLog, Math.log, positives, 1e-3)).toBeLessThan(5e-16);
    expect(portableLog(1)).toBe(0);
  });

  it('has the limits of log: 0 → −∞, ∞ → ∞, negatives and NaN → NaN', () => {
    expect(portableLog(0)).toBe(-Infinity);
    expect(portableLog(Infinity)).toBe(Infinity);
    expect(portableLog(-1)).toBeNaN();
    expect(portableLog(NaN)).toBeNaN();
  });
});

describe('portableSin and portableCos', () => {
  it('agree with Math.sin and Math.cos to 3e-16 absolute on [−20, 20], and to 1e-11 at 10⁵', () => {
    for (const x of angles.slice(0, -1)) {
      expect(Math.abs(portableSin(x) - Math.sin(x))).toBeLessThan(3e-16);
      expect(Math.abs(portableCos(x) - Math.cos(x))).toBeLessThan(3e-16);
    }
    expect(Math.abs(portableSin(1e5) - Math.sin(1e5))).toBeLessThan(1e-11);
    expect(portableSin(0)).toBe(0);
    expect(portableCos(0)).toBe(1);
  });

  it('refuses angles the reduction cannot handle, saying what was expected', () => {
    expect(() => portableSin(2 ** 20)).toThrow('portableSin: expected a finite angle of at most 2¹⁹ in magnitude, got 1048576');
    expect(() => portableCos(NaN)).toThrow(/portableCos: expected a finite angle/);
  });
});
