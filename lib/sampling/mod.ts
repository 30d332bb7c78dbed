/**
 * Choosing tokens (greedy, temperature, top-k) and generating from a model.
 *
 * @module
 */

export * from "./pick.ts";
export * from "./generate.ts";
