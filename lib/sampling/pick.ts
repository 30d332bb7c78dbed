/**
 * Choosing a token from a model's scores: the most likely one (greedy), or a
 * sample at a temperature, optionally among the k most likely only.
 *
 * ```
 * greedy:        argmax_j z_j
 * temperature T: sample j with probability softmax(z / T)_j
 * top-k:         the same, among the k largest z_j only
 * ```
 *
 * @module
 */

import { requireInteger, requireNumber } from "../core/guards.ts";
import type { Matrix } from "../core/matrix.ts";
import { type Random, sampleCategorical } from "../random.ts";

/** Thrown when scores are NaN or infinite: a model whose weights diverged. */
export class NonFiniteScoresError extends RangeError {
  /** Builds the message naming the position and the value. */
  constructor(index: number, value: number) {
    super(
      `score ${index} is ${value}: the model's outputs are not finite numbers ` +
        `(its weights have probably diverged; retrain with clipping or a lower learning rate)`,
    );
    this.name = "NonFiniteScoresError";
  }
}

/** Index of the largest value (the first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j] > values[best]) best = j;
  return best;
}

/** {@link argmax} of every row of a matrix. */
export function argmaxRows(scores: Matrix): Int32Array {
  return Int32Array.from({ length: scores.rows }, (_, r) => argmax(scores.row(r)));
}

/** How {@link pickToken} chooses. */
export interface PickOptions {
  /** 0: the most likely token (greedy); otherwise sample softmax(z / temperature). Default 1. */
  temperature?: number;
  /** Sample only among the `topK` most likely tokens (default: all). */
  topK?: number;
}

/**
 * A token from `scores` (logits): greedy at temperature 0, else a sample.
 * Non-finite scores raise {@link NonFiniteScoresError} at every temperature.
 *
 * @example
 * ```ts
 * import { pickToken, Random } from "../mod.ts";
 * const rng = new Random(0);
 * console.assert(pickToken([0.1, 3, 0.2], rng, { temperature: 0 }) === 1);
 * console.assert(pickToken([0.1, 3, 0.2], rng, { topK: 1 }) === 1);
 * ```
 */
export function pickToken(
  scores: ArrayLike<number>,
  rng: Random,
  options: PickOptions = {},
): number {
  const { temperature = 1, topK = scores.length } = options;
  requireNumber("temperature", temperature, { min: 0 });
  requireInteger("topK", topK, { min: 1, max: scores.length });
  for (let j = 0; j < scores.length; j++) {
    if (!Number.isFinite(scores[j])) throw new NonFiniteScoresError(j, scores[j]);
  }
  const best = argmax(scores);
  if (temperature === 0) return best;
  // softmax(z / T), shifted by the max so exp cannot overflow; zero outside the top k.
  const cutoff = topK < scores.length ? kthLargest(scores, topK) : -Infinity;
  const weights = new Float64Array(scores.length);
  for (let j = 0; j < scores.length; j++) {
    if (scores[j] >= cutoff) weights[j] = Math.exp((scores[j] - scores[best]) / temperature);
  }
  return sampleCategorical(rng, weights);
}

function kthLargest(values: ArrayLike<number>, k: number): number {
  return Array.from(values).sort((a, b) => b - a)[k - 1];
}
