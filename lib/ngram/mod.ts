/**
 * n-gram language models, the baselines every recurrent model of the course
 * is measured against:
 *
 * - {@link NGramModel} over one stream of ids (characters or words; add-k or
 *   interpolated modified Kneser–Ney) and {@link ngramBaselines}, a table of
 *   them by order and smoothing;
 * - {@link KneserNeyLM}, interpolated modified Kneser–Ney over sentences as
 *   KenLM's `lmplz` builds it (the KN5 of Mikolov et al. 2010), with ARPA
 *   export ({@link toArpa}) and reading ({@link ArpaModel});
 * - discounts from count-of-counts, perplexity and bits per token.
 *
 * @module
 */

export * from "./ngram_model.ts";
export * from "./kneser_ney.ts";
export * from "./arpa_write.ts";
export * from "./arpa_read.ts";
export * from "./discounts.ts";
export * from "./baselines.ts";
