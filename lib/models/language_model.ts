/**
 * What every next-token model of the course offers, so one training loop,
 * one sampler and one evaluator serve them all.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { Ids } from "../layers/embedding.ts";
import type { HasParams } from "../layers/param.ts";

/** A recurrent next-token model trained with truncated BPTT. */
export interface LanguageModel extends HasParams {
  /** Number of distinct tokens. */
  readonly vocabSize: number;
  /**
   * Runs the model over time-major `inputs` (length `T·batchSize`) and returns
   * the logits `[T·batchSize × vocab]`, keeping what backward needs.
   */
  logits(inputs: Ids, batchSize: number): Matrix;
  /** {@link logits}, then the mean cross-entropy (nats) against `targets`, optionally masked. */
  forward(inputs: Ids, targets: Ids, batchSize: number, mask?: ArrayLike<number>): number;
  /** Backward through the last {@link forward}, adding into every parameter's gradient. */
  backward(): void;
  /** Forgets the carried hidden state. */
  resetState(): void;
  /** The carried hidden state(s), to save and restore around sampling. */
  state: unknown;
}
