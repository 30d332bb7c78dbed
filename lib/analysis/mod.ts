/**
 * The experiments the notebooks run: an RNN step written out, activations
 * over time, Jacobian products and spectral radii, BPTT by hand (one unit)
 * and walked step by step, truncation, exposure bias and its measures,
 * output recurrence, and the hello model; for notebooks 05–07, how far
 * gradients reach (one unit, matrices, each nonlinearity), clipping compared,
 * long-range tasks trained for any cell, state Jacobians of gated layers,
 * units that track features of a text, the GRU's forms, char LMs compared at
 * equal size, and training speed measured in turns.
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
export * from "./char_lm.ts";
export * from "./gradient_reach.ts";
export * from "./long_range.ts";
export * from "./clipping.ts";
export * from "./state_jacobians.ts";
export * from "./unit_probe.ts";
export * from "./gated_checks.ts";
export * from "./gru_forms.ts";
export * from "./cell_speed.ts";
export * from "./acoustic_neighbours.ts";
export * from "./wer_simulation.ts";
export * from "./wer_experiment.ts";
export * from "./paper_corpus.ts";
export * from "./train_rnnlm.ts";
export * from "./paper_table.ts";
