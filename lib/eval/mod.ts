/**
 * Measuring models: metrics (accuracy, perplexity, bits per token), held-out
 * evaluation, edit distance, and the count-based baselines a model must beat.
 *
 * @module
 */

export * from "./metrics.ts";
export * from "./evaluate.ts";
export * from "./edit_distance.ts";
export * from "./by_length.ts";
export * from "./baselines.ts";
export * from "./interpolate.ts";
export * from "./dynamic.ts";
