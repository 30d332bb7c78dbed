/**
 * The course's models, one protocol (`forward` → pass with the loss,
 * `backward(pass)`, `predict`): the language model, the classifier, the
 * sequence regressor, the tagger, the encoder–decoder, the conditional generator, and the
 * output-recurrence network.
 *
 * @module
 */

export * from "./model.ts";
export type { RecurrentModelOptions } from "./_parts.ts";
export * from "./language_model.ts";
export * from "./classifier.ts";
export * from "./regression.ts";
export * from "./tagger.ts";
export * from "./seq2seq.ts";
export * from "./conditional_generator.ts";
export * from "./output_recurrence.ts";
export * from "./rnnlm.ts";
export * from "./rnnlm_online.ts";
