/**
 * Perplexity and bits per token from a cross-entropy in nats per token: the
 * same functions as `eval/metrics.ts` (one definition, re-exported here so
 * that the n-gram folder reads on its own).
 *
 * @module
 */

export { bitsPerToken, perplexity } from "../eval/metrics.ts";
