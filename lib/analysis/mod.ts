/**
 * The experiments the notebooks run: an RNN step written out, activations
 * over time, Jacobian products and spectral radii, BPTT by hand (one unit)
 * and walked step by step, truncation, exposure bias and its measures,
 * output recurrence, and the hello model.
 *
 * @module
 */

export * from "./rnn_basics.ts";
export * from "./activations.ts";
export * from "./jacobians.ts";
export * from "./spectral.ts";
export * from "./scalar_bptt.ts";
export * from "./bptt_walk.ts";
export * from "./truncation.ts";
export * from "./exposure_bias.ts";
export * from "./exposure_measures.ts";
export * from "./output_recurrence.ts";
export * from "./hello.ts";
export * from "./acoustic_neighbours.ts";
export * from "./wer_simulation.ts";
export * from "./wer_experiment.ts";
export * from "./paper_corpus.ts";
export * from "./train_rnnlm.ts";
export * from "./paper_table.ts";
