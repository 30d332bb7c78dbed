/**
 * The experiments the notebooks run: an RNN step written out, activations
 * over time, Jacobian products, BPTT walked step by step, truncation,
 * exposure bias, output recurrence, and the hello model.
 *
 * @module
 */

export * from "./rnn_basics.ts";
export * from "./activations.ts";
export * from "./jacobians.ts";
export * from "./bptt_walk.ts";
export * from "./truncation.ts";
export * from "./exposure_bias.ts";
export * from "./output_recurrence.ts";
export * from "./hello.ts";
export * from "./acoustic_neighbours.ts";
export * from "./wer_simulation.ts";
export * from "./wer_experiment.ts";
export * from "./paper_corpus.ts";
export * from "./train_rnnlm.ts";
export * from "./paper_table.ts";
