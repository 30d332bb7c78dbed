/**
 * Argument checks shared by the n-gram models: each names the offending
 * value and what was expected.
 *
 * @module
 */

import { discountsAreValid } from "./discounts.ts";

/** Throws unless `id` is an integer in [0, vocabSize). */
export function checkId(what: string, id: number, vocabSize: number): void {
  if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
    throw new RangeError(`${what}: id ${id} is outside the vocabulary [0, ${vocabSize})`);
  }
}

/** Throws unless every id is an integer in [0, vocabSize), naming the first that is not. */
export function checkIds(what: string, ids: ArrayLike<number>, vocabSize: number): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!(id >= 0 && id < vocabSize && Number.isInteger(id))) {
      throw new RangeError(
        `${what}: id ${id} at position ${i} is outside the vocabulary [0, ${vocabSize})`,
      );
    }
  }
}

/** Throws unless `order` is an integer in [1, max]. */
export function checkOrder(what: string, order: number, max: number): void {
  if (!Number.isInteger(order) || order < 1 || order > max) {
    throw new RangeError(`${what}: order must be an integer in [1, ${max}], got ${order}`);
  }
}

/** Throws unless `value` is an integer ≥ `min`. */
export function checkInteger(what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${what} must be an integer ≥ ${min}, got ${value}`);
  }
}

/** Throws unless `d` is [D₁, D₂, D₃₊] with 0 ≤ D_r ≤ r. */
export function checkDiscounts(what: string, d: readonly number[]): void {
  if (!discountsAreValid(d)) {
    throw new RangeError(`${what} must be [D1, D2, D3+] with 0 ≤ Dr ≤ r, got [${d.join(", ")}]`);
  }
}

/** One more than the largest id (0 for no ids). */
export function maxIdPlusOne(ids: ArrayLike<number>): number {
  let max = -1;
  for (let i = 0; i < ids.length; i++) if (ids[i] > max) max = ids[i];
  return max + 1;
}
