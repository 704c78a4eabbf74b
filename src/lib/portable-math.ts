/**
 * log, sin and cos from + − × ÷ alone, so seeded draws are the same numbers everywhere.
 *
 * IEEE 754 rounds + − × ÷ and sqrt exactly, so every JavaScript engine gives bit-identical results
 * for them; `Math.log`, `Math.sin` and `Math.cos` are only approximately specified, and engines
 * differ in the last bit (measured: Node 24 and Chromium 156 disagree on Math.log for about 6 % of
 * arguments and on Math.sin for about 3.5 %). The random normals behind the initializers and the
 * data sets go through log (Marsaglia's polar method) and sin/cos (spirals, moons), so with Math's
 * versions the "same seed, same weights" of chapter 02-forward-pass would hold in Node but not
 * between Node and a reader's browser. These versions are within a few units in the last place of
 * the true values and, being built from exactly rounded operations, identical on every engine.
 */

// ln 2 in two parts; the first has its low bits zero so that e · LN2_HI is exact for |e| < 2¹¹.
const LN2_HI = 6.93147180369123816490e-1;
const LN2_LO = 1.90821492927058770002e-10;
const SQRT_HALF = Math.SQRT1_2;
const SQRT_TWO = Math.SQRT2;
const TWO_POW_32 = 4294967296;

/**
 * Natural logarithm of a positive finite x: x = m · 2ᵉ with m in [√½, √2), then
 * log m = 2 atanh s = 2 (s + s³/3 + s⁵/5 + …) with s = (m − 1)/(m + 1), |s| ≤ 0.172.
 */
export function portableLog(x: number): number {
  if (!(x > 0) || x === Infinity) {
    if (x === 0) return -Infinity;
    if (x === Infinity) return Infinity;
    return NaN;
  }
  let m = x;
  let e = 0;
  // Scaling by powers of two is exact.
  while (m < 1 / TWO_POW_32) {
    m *= TWO_POW_32;
    e -= 32;
  }
  while (m >= TWO_POW_32) {
    m /= TWO_POW_32;
    e += 32;
  }
  while (m < SQRT_HALF) {
    m *= 2;
    e -= 1;
  }
  while (m >= SQRT_TWO) {
    m /= 2;
    e += 1;
  }
  const s = (m - 1) / (m + 1);
  const s2 = s * s;
  // Σ s²ᵏ/(2k+1) for k = 0…12: the next term is below 10⁻¹⁹ of the sum.
  let series = 1 / 25;
  for (let k = 11; k >= 0; k--) series = 1 / (2 * k + 1) + s2 * series;
  return e * LN2_HI + (e * LN2_LO + 2 * s * series);
}

// π/2 in three parts of 33 significant bits each, so k · part is exact for |k| < 2²⁰.
const PIO2_1 = 1.57079632673412561417e0;
const PIO2_2 = 6.07710050630396597660e-11;
const PIO2_3 = 2.02226624871116645580e-21;
const TWO_OVER_PI = 6.36619772367581382433e-1;
/** Beyond this the three-part reduction loses accuracy; the engine never needs such angles. */
const MAX_ANGLE = 2 ** 19;

/** sin and cos of |r| ≤ π/4 by their Taylor series, to r¹⁹/19! (below 10⁻¹⁸ there). */
function sinSmall(r: number): number {
  const r2 = r * r;
  let series = 0;
  for (let n = 19; n >= 3; n -= 2) series = (1 - r2 * series) / (n * (n - 1));
  return r * (1 - r2 * series);
}

function cosSmall(r: number): number {
  const r2 = r * r;
  let series = 0;
  for (let n = 20; n >= 2; n -= 2) series = (1 - r2 * series) / (n * (n - 1));
  return 1 - r2 * series;
}

/** x = k · π/2 + r with |r| ≤ π/4 (Cody–Waite reduction); returns k mod 4 and r. */
function reduce(op: string, x: number): { quadrant: number; r: number } {
  if (!Number.isFinite(x) || Math.abs(x) > MAX_ANGLE) {
    throw new RangeError(`${op}: expected a finite angle of at most 2¹⁹ in magnitude, got ${x}`);
  }
  const k = Math.round(x * TWO_OVER_PI);
  const r = x - k * PIO2_1 - k * PIO2_2 - k * PIO2_3;
  return { quadrant: ((k % 4) + 4) % 4, r };
}

/** sin(k · π/2 + r) from the quadrant k mod 4 and |r| ≤ π/4. */
function sinInQuadrant(quadrant: number, r: number): number {
  switch (quadrant) {
    case 0:
      return sinSmall(r);
    case 1:
      return cosSmall(r);
    case 2:
      return -sinSmall(r);
    default:
      return -cosSmall(r);
  }
}

/** sin x for |x| ≤ 2¹⁹, identical on every engine. */
export function portableSin(x: number): number {
  const { quadrant, r } = reduce('portableSin', x);
  return sinInQuadrant(quadrant, r);
}

/** cos x = sin(x + π/2) for |x| ≤ 2¹⁹, identical on every engine. */
export function portableCos(x: number): number {
  const { quadrant, r } = reduce('portableCos', x);
  return sinInQuadrant((quadrant + 1) % 4, r);
}
