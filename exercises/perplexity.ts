/**
 * Exercise `perplexity` (notebook 03): the perplexity of a model on a text,
 * from the natural-log probability it gave each token.
 *
 * ```
 * perplexity = exp(−(1/N) Σ_t log p(token_t))
 * ```
 * It is the size of a uniform choice that would be as surprising as the
 * model: a model that spreads its probability evenly over V tokens has
 * perplexity V.
 *
 * Allowed from the engine: nothing but types.
 *
 * @module
 */

// #region stub
// import { NotImplementedError } from "../lib/check/not_implemented.ts";
// #endregion stub

/** Perplexity per token from natural-log probabilities `logProbs` (one per token, at least one). */
export function perplexity(logProbs: ArrayLike<number>): number {
  // #region solution
  let sum = 0;
  for (let i = 0; i < logProbs.length; i++) sum += logProbs[i];
  return Math.exp(-sum / logProbs.length);
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("perplexity");
  // #endregion stub
}
