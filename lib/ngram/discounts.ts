/**
 * The three discounts of modified Kneser–Ney smoothing (Chen & Goodman
 * 1998, eq. 26), from the count-of-counts of one order.
 *
 * @module
 */

/** Discounts [D₁, D₂, D₃₊]: subtracted from counts 1, 2 and 3 or more. */
export type Discounts = [number, number, number];

/**
 * Chen & Goodman's estimates from the count-of-counts `n[r]` (the number of
 * n-grams of one order whose count is r, r = 1 … 4; `n[0]` is ignored):
 * `Y = n₁ / (n₁ + 2n₂)`, `D_r = r − (r + 1)·Y·n_{r+1} / n_r`. The values
 * are returned as computed: with an n_r of 0 some are not finite, and odd
 * counts can put one outside [0, r] (see {@link discountsAreValid}).
 *
 * @example
 * ```ts
 * import { countOfCountsDiscounts } from "./discounts.ts";
 * // n₁ = 10, n₂ = 5, n₃ = 2, n₄ = 1: Y = 10 / 20 = 0.5
 * const [d1, d2, d3] = countOfCountsDiscounts([0, 10, 5, 2, 1]);
 * console.assert(d1 === 0.5 && d2 === 1.4 && d3 === 2);
 * ```
 */
export function countOfCountsDiscounts(n: ArrayLike<number>): Discounts {
  if (n.length < 5) {
    throw new RangeError(`countOfCountsDiscounts: need n[0] … n[4], got ${n.length} values`);
  }
  const Y = n[1] / (n[1] + 2 * n[2]);
  return [1 - 2 * Y * n[2] / n[1], 2 - 3 * Y * n[3] / n[2], 3 - 4 * Y * n[4] / n[3]];
}

/** Whether each D_r is a number in [0, r] (KenLM's test; a discount of 0 keeps the count whole). */
export function discountsAreValid(d: readonly number[]): boolean {
  return d.length === 3 && d.every((D, i) => D >= 0 && D <= i + 1);
}
