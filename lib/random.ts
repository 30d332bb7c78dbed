/**
 * A seeded random generator, weight initialisers and categorical sampling.
 *
 * The generator is xoshiro128** on 32-bit integers: only integer operations
 * and one exact division, so the same seed gives the same numbers on every
 * machine. Gaussians use Box–Muller.
 *
 * @module
 */

import { assertSize, type DType, Matrix } from "./core/matrix.ts";

/** A deterministic pseudo-random generator. */
export class Random {
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;
  #spareGaussian: number | undefined;

  /**
   * Seeds the generator (any 32-bit integer; equal seeds give equal streams).
   *
   * @example
   * ```ts
   * import { Random } from "./random.ts";
   * const a = new Random(42), b = new Random(42);
   * console.assert(a.uniform() === b.uniform());
   * ```
   */
  constructor(seed = 0) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    // splitmix32 expands one seed into four well-mixed state words.
    let x = seed >>> 0;
    const next = () => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.#s0 = next();
    this.#s1 = next();
    this.#s2 = next();
    this.#s3 = next();
  }

  /** The next 32-bit unsigned integer. */
  nextUint32(): number {
    const s0 = this.#s0, s1 = this.#s1, s2 = this.#s2, s3 = this.#s3;
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    this.#s2 = (s2 ^ s0) >>> 0;
    this.#s3 = (s3 ^ s1) >>> 0;
    this.#s1 = (s1 ^ this.#s2) >>> 0;
    this.#s0 = (s0 ^ this.#s3) >>> 0;
    this.#s2 = (this.#s2 ^ t) >>> 0;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** A uniform number in [0, 1) with 53 random bits. */
  uniform(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** A uniform number in [low, high). */
  uniformIn(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    assertSize("n", n);
    return Math.floor(this.uniform() * n);
  }

  /** A standard normal sample (Box–Muller, caching the second value). */
  gaussian(): number {
    if (this.#spareGaussian !== undefined) {
      const g = this.#spareGaussian;
      this.#spareGaussian = undefined;
      return g;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.#spareGaussian = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** A random permutation of `0 … n−1` (Fisher–Yates). */
  permutation(n: number): number[] {
    assertSize("n", n, true);
    const p = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [p[i], p[j]] = [p[j], p[i]];
    }
    return p;
  }

  /** Shuffles an array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.uniform() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A matrix of uniform samples in [low, high). */
export function uniformMatrix(
  rng: Random,
  rows: number,
  cols: number,
  low = -1,
  high = 1,
  dtype: DType = "float64",
): Matrix {
  const m = new Matrix(rows, cols, dtype);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniformIn(low, high);
  return m;
}

/** A matrix of Gaussian samples with the given standard deviation. */
export function gaussianMatrix(
  rng: Random,
  rows: number,
  cols: number,
  std = 1,
  dtype: DType = "float64",
): Matrix {
  const m = new Matrix(rows, cols, dtype);
  for (let i = 0; i < m.data.length; i++) m.data[i] = std * rng.gaussian();
  return m;
}

/**
 * Xavier (Glorot) uniform initialisation for a `fanIn × fanOut` weight:
 * U(−a, a) with a = √(6 / (fanIn + fanOut)), which keeps the variance of
 * activations roughly constant from layer to layer.
 */
export function xavierMatrix(
  rng: Random,
  fanIn: number,
  fanOut: number,
  dtype: DType = "float64",
): Matrix {
  const a = Math.sqrt(6 / (fanIn + fanOut));
  return uniformMatrix(rng, fanIn, fanOut, -a, a, dtype);
}

/**
 * Draws an index from a categorical distribution given by non-negative
 * weights (they need not sum to 1).
 *
 * @example
 * ```ts
 * import { Random, sampleCategorical } from "./random.ts";
 * console.assert(sampleCategorical(new Random(1), [0, 0, 1]) === 2);
 * ```
 */
export function sampleCategorical(rng: Random, weights: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new RangeError(`sampleCategorical: weight ${i} is ${w}, expected a finite number ≥ 0`);
    }
    total += w;
  }
  if (total <= 0) throw new RangeError("sampleCategorical: all weights are zero");
  let r = rng.uniform() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  // Round-off can leave r ≥ 0 after the loop: return the last non-zero weight.
  for (let i = weights.length - 1; i >= 0; i--) if (weights[i] > 0) return i;
  return weights.length - 1;
}
