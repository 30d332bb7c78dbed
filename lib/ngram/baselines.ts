/**
 * N-gram baselines for a language model: train one n-gram model per order and
 * smoothing on the training ids, and measure each on held-out ids.
 *
 * @module
 */

import { bitsPerToken } from "../eval/metrics.ts";
import { NGramModel, type Smoothing } from "./ngram_model.ts";
import { maxIdPlusOne } from "./_checks.ts";

/** One baseline's result. */
export interface NGramBaseline {
  /** n of the n-gram. */
  order: number;
  /** How unseen events get probability. */
  smoothing: Smoothing;
  /** A label for charts, e.g. `"5-gram KN"` or `"3-gram add-1"`. */
  label: string;
  /** Cross-entropy on the held-out ids, in bits per token. */
  bitsPerToken: number;
}

/** Options of {@link ngramBaselines}. */
export interface NGramBaselineOptions {
  /** The orders to train (default 1 … 6). */
  orders?: readonly number[];
  /** The smoothings to compare (default Kneser-Ney and add-1). */
  smoothings?: readonly Smoothing[];
  /** Number of distinct ids (default: largest id + 1 over both streams). */
  vocabSize?: number;
}

/**
 * Trains an n-gram model for every order × smoothing on `train` and returns its
 * bits per token on `heldOut`, in the order given.
 *
 * @example
 * ```ts
 * import { ngramBaselines } from "./baselines.ts";
 * const ids = Array.from("abracadabra".repeat(20), (c) => "abrcd".indexOf(c));
 * const [uni, bi] = ngramBaselines(ids, ids.slice(0, 50), { orders: [1, 2], smoothings: ["kneser-ney"] });
 * console.assert(bi.bitsPerToken < uni.bitsPerToken);
 * ```
 */
export function ngramBaselines(
  train: ArrayLike<number>,
  heldOut: ArrayLike<number>,
  options: NGramBaselineOptions = {},
): NGramBaseline[] {
  const { orders = [1, 2, 3, 4, 5, 6], smoothings = ["kneser-ney", "add-k"] } = options;
  const vocabSize = options.vocabSize ?? Math.max(maxIdPlusOne(train), maxIdPlusOne(heldOut), 1);
  const results: NGramBaseline[] = [];
  for (const smoothing of smoothings) {
    for (const order of orders) {
      const model = NGramModel.train(train, { order, smoothing, vocabSize });
      const name = smoothing === "kneser-ney" ? "KN" : "add-1";
      results.push({
        order,
        smoothing,
        label: `${order}-gram ${name}`,
        bitsPerToken: bitsPerToken(model.crossEntropy(heldOut)),
      });
    }
  }
  return results;
}
