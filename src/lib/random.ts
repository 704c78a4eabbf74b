/**
 * A seeded random stream (chapter 02-forward-pass: initial weights; chapter 09-training: shuffled
 * mini-batches). Same seed → same numbers, in Node and in every browser: the generator is
 * xoshiro128** on four 32-bit words, stepped with integer operations only (`Math.imul`, shifts,
 * xor), so no engine-specific floating point enters the uniform stream.
 */
import { portableLog } from './portable-math';

export interface Rng {
  /** A uniform draw from [0, 1) with 53 random bits (every float64 multiple of 2⁻⁵³ is possible). */
  next(): number;
  /** A draw from 𝒩(mean, std²), by default the standard normal. */
  normal(mean?: number, std?: number): number;
  /** A uniform integer in 0..n−1. */
  int(n: number): number;
  /** A uniformly random permutation of 0..n−1. */
  permutation(n: number): Int32Array;
  /** Shuffle `items` in place (Fisher–Yates) and return the same array. */
  shuffle<T>(items: T[]): T[];
}

const TWO_POW_32 = 4294967296;
const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/** splitmix32: spreads a seed word into well-mixed state words (xoshiro must not start at all zeros). */
function splitmix32(state: { x: number }): number {
  state.x = (state.x + 0x9e3779b9) | 0;
  let z = state.x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

class Xoshiro128 implements Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller-style methods make normals in pairs; the second one waits here. */
  private spareNormal: number | null = null;

  constructor(seed: number) {
    // Both halves of the seed take part, so seeds that differ only above bit 32 differ too.
    const low = seed >>> 0;
    const high = Math.floor(seed / TWO_POW_32) >>> 0;
    const mixer = { x: low ^ Math.imul(high, 0x27d4eb2d) };
    this.s0 = splitmix32(mixer);
    this.s1 = splitmix32(mixer);
    this.s2 = splitmix32(mixer);
    this.s3 = splitmix32(mixer) ^ high;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s3 = 1;
  }

  /** One 32-bit output of xoshiro128**, as an unsigned integer. */
  private nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  next(): number {
    // 27 high bits and 26 high bits of two outputs make one 53-bit integer, scaled into [0, 1).
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /**
   * Marsaglia's polar method: a point uniform in the unit disc gives two independent standard
   * normals using only sqrt (exact in IEEE arithmetic) and log (portableLog, so the same on every
   * engine), no trigonometry.
   */
  normal(mean = 0, std = 1): number {
    if (!Number.isFinite(mean) || !Number.isFinite(std) || std < 0) {
      throw new Error(`normal: expected a finite mean and a finite std ≥ 0, got mean ${mean}, std ${std}`);
    }
    let z: number;
    if (this.spareNormal !== null) {
      z = this.spareNormal;
      this.spareNormal = null;
    } else {
      let u: number;
      let v: number;
      let r2: number;
      do {
        u = 2 * this.next() - 1;
        v = 2 * this.next() - 1;
        r2 = u * u + v * v;
      } while (r2 >= 1 || r2 === 0);
      const factor = Math.sqrt((-2 * portableLog(r2)) / r2);
      z = u * factor;
      this.spareNormal = v * factor;
    }
    return mean + std * z;
  }

  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new Error(`int: n must be an integer in [1, 2³²], got ${n}`);
    }
    // With 53 random bits the bias of floor(u·n) is below n / 2⁵³ ≤ 2⁻²¹ per value.
    return Math.floor(this.next() * n);
  }

  permutation(n: number): Int32Array {
    if (!Number.isInteger(n) || n < 0) throw new Error(`permutation: n must be a non-negative integer, got ${n}`);
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i];
      items[i] = items[j];
      items[j] = t;
    }
    return items;
  }
}

/** A seeded random stream (chapter 02-forward-pass); the seed is any safe integer. */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) throw new Error(`createRng: seed must be a safe integer, got ${seed}`);
  return new Xoshiro128(seed);
}
