/**
 * Training in tests: {@link trainModel} runs the one trainer on any model,
 * without a progress display.
 *
 * @module
 */

import {
  type Model,
  type ModelPass,
  type Resettable,
  train,
  type TrainingHistory,
  type TrainOptions,
} from "../lib/mod.ts";

/**
 * {@link train} for a model of any batch type, without a progress display.
 *
 * TODO(lib): `train<B extends Resettable, …>` rejects `ClassificationBatch`,
 * `Seq2SeqBatch` and `GenerationBatch` at type-check time (TS2559: they share
 * no property with the all-optional `Resettable`), although it runs them fine.
 */
export function trainModel<B, P extends ModelPass>(
  model: Model<B, P>,
  data: readonly B[],
  options: Omit<TrainOptions<B>, "prepare">,
): Promise<TrainingHistory> {
  return train(model as Model<B & Resettable, P>, data as readonly (B & Resettable)[], {
    progress: false,
    ...options,
  });
}
