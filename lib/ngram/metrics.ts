/**
 * Perplexity and bits per token from a cross-entropy in nats per token.
 *
 * @module
 */

/**
 * Perplexity from a cross-entropy in nats per token: exp(H).
 *
 * @example
 * ```ts
 * import { perplexity } from "./metrics.ts";
 * console.assert(Math.abs(perplexity(Math.log(206)) - 206) < 1e-9);
 * ```
 */
export function perplexity(crossEntropy: number): number {
  return Math.exp(crossEntropy);
}

/**
 * Bits per token from a cross-entropy in nats per token: H / ln 2.
 *
 * @example
 * ```ts
 * import { bitsPerToken } from "./metrics.ts";
 * console.assert(bitsPerToken(Math.log(8)) === 3);
 * ```
 */
export function bitsPerToken(crossEntropy: number): number {
  return crossEntropy / Math.LN2;
}
