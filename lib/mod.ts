/**
 * The course engine: matrices, layers with explicit forward and backward
 * passes, optimizers, models, data, gradient checks, checkpoints and charts.
 *
 * @module
 */

export * from "./core/matrix.ts";
export * from "./core/kernels.ts";
// Importing the fast kernels registers "wasm" and makes it the default (RNN_KERNELS=reference opts out).
export { fastKernels, setGemmThreads, wasmFlavor } from "./core/kernels_wasm.ts";
export type { WasmFlavor } from "./core/wasm/module.ts";
export * from "./core/ops.ts";
export * from "./random.ts";
export * from "./layers/param.ts";
export * from "./layers/affine.ts";
export * from "./layers/embedding.ts";
export * from "./layers/rnn_cell.ts";
export * from "./layers/time_rnn.ts";
export * from "./layers/softmax_loss.ts";
export * from "./check/gradcheck.ts";
export * from "./check/exercise.ts";
export * from "./optim/mod.ts";
export * from "./io/mod.ts";
export * from "./data/vocab.ts";
export * from "./data/batches.ts";
export * from "./models/language_model.ts";
export * from "./models/char_lm.ts";
export * from "./models/train.ts";
export * from "./models/generate.ts";
export * from "./models/hello.ts";
export * from "./viz/mod.ts";
export * from "./layers/sequence.ts";
export * from "./layers/bidirectional.ts";
export * from "./layers/stacked.ts";
export * from "./models/fit.ts";
export { TokenInput } from "./models/_inputs.ts";
export * from "./models/classifier.ts";
export * from "./models/tagger.ts";
export * from "./models/seq2seq.ts";
export * from "./models/conditional_generator.ts";
export * from "./models/edit_distance.ts";
export * from "./data/corpora/mod.ts";
export * from "./data/split.ts";
export * from "./data/words.ts";
export * from "./data/ptb/mod.ts";
export * from "./data/closed_vocabulary.ts";
export * from "./data/sentence_ids.ts";
export * from "./data/corpora/sotu_ptb.ts";
export * from "./ngram/mod.ts";
export * from "./analysis/rnn_basics.ts";
export * from "./analysis/activations.ts";
export * from "./models/bptt.ts";
export * from "./analysis/jacobians.ts";
export * from "./analysis/truncation.ts";
export * from "./models/free_running.ts";
export * from "./models/output_recurrence.ts";
export * from "./models/baselines.ts";
export * from "./analysis/by_length.ts";
export * from "./data/sequence_tasks.ts";
