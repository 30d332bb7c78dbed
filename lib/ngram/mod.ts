/**
 * n-gram language models, the baselines every recurrent model of the course
 * is measured against: {@link NGramModel} over one stream of ids (characters
 * or words; add-k or interpolated modified Kneser–Ney), {@link ngramBaselines}
 * for a table of them, and perplexity helpers.
 *
 * @module
 */

export * from "./ngram_model.ts";
export * from "./discounts.ts";
export * from "./metrics.ts";
export * from "./baselines.ts";
