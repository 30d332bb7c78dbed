/**
 * Data: vocabularies and word tokens, splits, the batches of every model,
 * the stream batcher of truncated BPTT, synthetic tasks, the corpora, and
 * the PTB-style State of the Union of the paper reproduction.
 *
 * @module
 */

export * from "./vocab.ts";
export * from "./frequency_order.ts";
export * from "./rare_words.ts";
export * from "./words.ts";
export * from "./split.ts";
export * from "./batches.ts";
export * from "./stream_batcher.ts";
export * from "./tasks/lists.ts";
export * from "./tasks/binary.ts";
export * from "./tasks/adding.ts";
export * from "./tasks/copy.ts";
export * from "./closed_vocabulary.ts";
export * from "./sentence_ids.ts";
export * from "./ptb/mod.ts";
export * from "./corpora/mod.ts";
export * from "./corpora/sotu_ptb.ts";
