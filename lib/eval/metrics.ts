/**
 * The numbers the course reports: accuracy, perplexity, bits per token.
 *
 * Cross-entropies in the engine are in nats (natural log). A language model's
 * perplexity is `exp(nats)`: the number of equally likely choices that would
 * be as surprising; bits per token is `nats / ln 2`.
 *
 * @module
 */

/**
 * Fraction of positions where `predicted` equals `targets`, counting only
 * positions with a weight > 0 when `weights` are given (padding excluded).
 *
 * @example
 * ```ts
 * import { accuracy } from "./metrics.ts";
 * console.assert(accuracy([1, 2, 3], [1, 0, 3]) === 2 / 3);
 * console.assert(accuracy([1, 2, 3], [1, 0, 3], [1, 0, 0]) === 1);
 * ```
 */
export function accuracy(
  predicted: ArrayLike<number>,
  targets: ArrayLike<number>,
  weights?: ArrayLike<number>,
): number {
  if (predicted.length !== targets.length || (weights && weights.length !== targets.length)) {
    throw new RangeError(
      `accuracy: ${predicted.length} predictions, ${targets.length} targets` +
        (weights ? `, ${weights.length} weights` : ""),
    );
  }
  let right = 0, total = 0;
  for (let i = 0; i < targets.length; i++) {
    if (weights && !(weights[i] > 0)) continue;
    total++;
    if (predicted[i] === targets[i]) right++;
  }
  if (total === 0) throw new RangeError("accuracy: no position to score (every weight is 0)");
  return right / total;
}

/**
 * Perplexity from a mean cross-entropy in nats: `exp(nats)`.
 *
 * @example
 * ```ts
 * import { perplexity } from "./metrics.ts";
 * console.assert(Math.abs(perplexity(Math.log(4)) - 4) < 1e-12);
 * ```
 */
export function perplexity(nats: number): number {
  return Math.exp(nats);
}

/**
 * Bits per token from a mean cross-entropy in nats: `nats / ln 2`.
 *
 * @example
 * ```ts
 * import { bitsPerToken } from "./metrics.ts";
 * console.assert(bitsPerToken(Math.LN2) === 1);
 * ```
 */
export function bitsPerToken(nats: number): number {
  return nats / Math.LN2;
}
