/**
 * What every model of the course offers, so that one trainer, one evaluator
 * and one gradient checker serve them all.
 *
 * ```
 * const pass = model.forward(batch);   // the loss, and everything backward needs
 * model.backward(pass);                // adds ∂loss/∂θ into every parameter's grad
 * model.predict(inputs);               // the most likely outputs
 * ```
 *
 * A model may also learn online (`learn(batch, optimizer)`: updates inside
 * the batch, word by word); the trainer then uses that instead.
 *
 * A model keeps nothing between `forward` and `backward`: the pass holds it
 * all, so predictions and evaluations may run in between without disturbing
 * a pending backward.
 *
 * @module
 */

import type { HasParams } from "../layers/param.ts";
import type { Optimizer } from "../optim/optimizer.ts";

/** What a model's forward pass returns, at least. */
export interface ModelPass {
  /** Mean loss over the batch's real items (nats for cross-entropy). */
  readonly loss: number;
  /** How many real items the mean is over (tokens, or sequences for one label each). */
  readonly count: number;
}

/** A trainable model of batches of type `B`. */
export interface Model<B, P extends ModelPass = ModelPass> extends HasParams {
  /** Runs the model on a batch: its loss, and what backward needs. */
  forward(batch: B): P;
  /** Backward from a pass, adding into every parameter's gradient. */
  backward(pass: P): void;
  /** Forgets any carried state (stateful models: a new text, a new epoch). */
  resetState?(): void;
  /**
   * Online learning, for models whose algorithm updates the weights inside a
   * batch (e.g. word by word, as the RNNLM toolkit does): runs the batch,
   * updating the weights as it goes with the optimizer's learning rate (and
   * whatever else of the optimizer it supports), and returns the loss it saw.
   * When a model has it, the trainer calls it instead of backward, clipping
   * and the optimizer's step.
   */
  learn?(batch: B, optimizer: Optimizer): ModelPass;
}

/** A model that predicts outputs of type `O` from inputs of type `I`. */
export interface Predictor<I, O> {
  /** The most likely outputs. */
  predict(inputs: I): O;
}

/**
 * A batch may ask the trainer to reset the model's carried state before it
 * (the first batch of an epoch of a text stream).
 */
export interface Resettable {
  /** True when the model should forget its carried state before this batch. */
  readonly resetState?: boolean;
}
