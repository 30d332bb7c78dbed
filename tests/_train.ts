/**
 * Training in tests: {@link trainModel} runs the one trainer on any model,
 * without a progress display.
 *
 * @module
 */

import {
  type Model,
  type ModelPass,
  train,
  type TrainingHistory,
  type TrainOptions,
} from "../lib/mod.ts";

/** {@link train} on a list of batches, without a progress display. */
export function trainModel<B, P extends ModelPass>(
  model: Model<B, P>,
  data: readonly B[],
  options: Omit<TrainOptions<B>, "prepare">,
): Promise<TrainingHistory> {
  return train(model, data, { progress: false, ...options });
}
