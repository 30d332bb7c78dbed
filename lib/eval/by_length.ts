/**
 * Statistics by input length: how an error rate (or an accuracy) changes as
 * sequences get longer, e.g. the phoneme error rate of an encoder–decoder
 * against the number of letters of the word, which shows the limit of a
 * fixed-size context vector.
 *
 * @module
 */

import { editDistance } from "./edit_distance.ts";

/** One length and the rate over the items of that length. */
export interface LengthBin {
  /** The length (e.g. letters of the word). */
  length: number;
  /** Items of this length. */
  items: number;
  /** Σ errors of these items (e.g. edits). */
  errors: number;
  /** Σ totals of these items (e.g. reference phonemes). */
  total: number;
  /** `errors / total`. */
  rate: number;
}

/** Options of {@link rateByLength}. */
export interface RateByLengthOptions {
  /** Leave out lengths with fewer items than this (default 1). */
  minItems?: number;
  /** Pool every length ≥ this one into one bin labelled with it (default: no pooling). */
  maxLength?: number;
}

/**
 * Groups items by length and returns, per length (ascending), the pooled
 * rate `Σ errors / Σ totals`.
 *
 * @example
 * ```ts
 * import { rateByLength } from "./by_length.ts";
 * const bins = rateByLength([2, 2, 3], [0, 1, 3], [2, 2, 4]);
 * console.assert(bins.map((b) => b.rate).join() === "0.25,0.75");
 * ```
 */
export function rateByLength(
  lengths: ArrayLike<number>,
  errors: ArrayLike<number>,
  totals: ArrayLike<number>,
  options: RateByLengthOptions = {},
): LengthBin[] {
  const { minItems = 1, maxLength = Infinity } = options;
  if (lengths.length !== errors.length || lengths.length !== totals.length) {
    throw new RangeError(
      `rateByLength: ${lengths.length} lengths, ${errors.length} errors and ${totals.length} totals must match`,
    );
  }
  const bins = new Map<number, LengthBin>();
  for (let i = 0; i < lengths.length; i++) {
    const n = lengths[i];
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`rateByLength: length ${n} of item ${i} is not a non-negative integer`);
    }
    const key = Math.min(n, maxLength);
    let bin = bins.get(key);
    if (bin === undefined) {
      bins.set(key, bin = { length: key, items: 0, errors: 0, total: 0, rate: 0 });
    }
    bin.items++;
    bin.errors += errors[i];
    bin.total += totals[i];
  }
  return [...bins.values()]
    .filter((b) => b.items >= minItems && b.total > 0)
    .map((b) => ({ ...b, rate: b.errors / b.total }))
    .sort((a, b) => a.length - b.length);
}

/**
 * The phoneme error rate per source length: for each item the edit distance
 * between prediction and reference (errors) and the reference length
 * (total), grouped by `sourceLengths` (e.g. letters of each word).
 *
 * @example
 * ```ts
 * import { phonemeErrorByLength } from "./by_length.ts";
 * const bins = phonemeErrorByLength([["K", "AE", "T"], ["D"]], [["K", "AE", "T"], ["D", "AO", "G"]], [3, 3]);
 * console.assert(bins.length === 1 && bins[0].rate === 2 / 6);
 * ```
 */
export function phonemeErrorByLength<T>(
  predictions: readonly ArrayLike<T>[],
  references: readonly ArrayLike<T>[],
  sourceLengths: ArrayLike<number>,
  options: RateByLengthOptions = {},
): LengthBin[] {
  if (predictions.length !== references.length) {
    throw new RangeError(
      `phonemeErrorByLength: ${predictions.length} predictions but ${references.length} references`,
    );
  }
  const errors = predictions.map((p, i) => editDistance(p, references[i]));
  const totals = references.map((r) => r.length);
  return rateByLength(sourceLengths, errors, totals, options);
}
