/**
 * Exercise `kn_discounts` (notebook 08): the three discounts of modified
 * Kneser–Ney smoothing for one order of n-grams (Chen & Goodman 1998), the
 * smoothing of the paper's baseline KN5.
 *
 * You receive the counts of the n-grams of one order (how often each distinct
 * n-gram occurred: positive integers, in no particular order). From them:
 *
 * 1. the count-of-counts `n_r`, the number of n-grams whose count is exactly
 *    `r`, for r = 1, 2, 3, 4 (counts above 4 play no part);
 * 2. `Y = n₁ / (n₁ + 2·n₂)`;
 * 3. `D_r = r − (r + 1)·Y·n_{r+1} / n_r` for r = 1, 2, 3. `D₃` is used for
 *    every count of 3 or more, hence its name `D₃₊`.
 *
 * Return `[D₁, D₂, D₃₊]` as the formulas give them: when an `n_r` is 0 some
 * are not finite (`Infinity` or `NaN`); do not replace them (the engine's
 * model decides what to do with such counts).
 *
 * Allowed from the engine: nothing but types (not `countOfCountsDiscounts`
 * or anything else from `lib/ngram/`).
 *
 * @module
 */

// #region stub
// import { NotImplementedError } from "../lib/check/not_implemented.ts";
// #endregion stub

/** `[D₁, D₂, D₃₊]` of modified Kneser–Ney from the `counts` of one order's n-grams (any iterable, read once). */
export function knDiscounts(counts: Iterable<number>): [number, number, number] {
  // #region solution
  const n = [0, 0, 0, 0, 0];
  for (const c of counts) if (c >= 1 && c <= 4) n[c]++;
  const Y = n[1] / (n[1] + 2 * n[2]);
  const D = (r: number) => r - (r + 1) * Y * n[r + 1] / n[r];
  return [D(1), D(2), D(3)];
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("kn_discounts");
  // #endregion stub
}
