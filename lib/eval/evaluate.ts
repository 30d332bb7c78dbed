/**
 * Held-out loss without training: the mean loss of a model over batches, and
 * the perplexity of a language model over a token stream.
 *
 * @module
 */

import type { StreamBatcherOptions } from "../data/stream_batcher.ts";
import { StreamBatcher } from "../data/stream_batcher.ts";
import type { RecurrentState } from "../layers/recurrent.ts";
import type { LanguageModel } from "../models/language_model.ts";
import type { Model } from "../models/model.ts";
import { bitsPerToken, perplexity } from "./metrics.ts";

/**
 * The mean loss of `model` over `batches`, weighted by each batch's number of
 * real items (so every token or sequence counts once). No gradient is
 * computed and no parameter changes.
 *
 * @example
 * ```ts
 * import { classificationBatches, evaluateLoss, SequenceClassifier } from "../mod.ts";
 * const model = new SequenceClassifier({ vocabSize: 3, numClasses: 2, hiddenSize: 4 });
 * const batches = classificationBatches([[0, 1], [2], [1, 1]], [0, 1, 0], { batchSize: 2 });
 * console.assert(evaluateLoss(model, batches) > 0);
 * ```
 */
export function evaluateLoss<B>(model: Model<B>, batches: readonly B[]): number {
  let total = 0, count = 0;
  for (const batch of batches) {
    const pass = model.forward(batch);
    total += pass.loss * pass.count;
    count += pass.count;
  }
  if (count === 0) throw new RangeError("evaluateLoss: the batches hold no real item to score");
  return total / count;
}

/** What {@link evaluateLanguageModel} measures. */
export interface LanguageModelEvaluation {
  /** Mean cross-entropy, nats per token. */
  loss: number;
  /** The same in bits per token. */
  bitsPerToken: number;
  /** `exp(loss)`. */
  perplexity: number;
  /** Tokens scored. */
  tokens: number;
}

/**
 * The cross-entropy of a language model on the stream `ids`, read in batches
 * of `seqLength` steps with the state carried from batch to batch (as in
 * training), starting from zeros. The model's own carried training state is
 * not touched.
 *
 * @example
 * ```ts
 * import { evaluateLanguageModel, LanguageModel } from "../mod.ts";
 * const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 8 });
 * const { perplexity } = evaluateLanguageModel(lm, [0, 1, 2, 3, 0, 1, 2, 3]);
 * console.assert(perplexity > 1 && perplexity < 8);
 * ```
 */
export function evaluateLanguageModel(
  model: LanguageModel,
  ids: ArrayLike<number>,
  options: Partial<StreamBatcherOptions> = {},
): LanguageModelEvaluation {
  const { batchSize = 1, seqLength = 64 } = options;
  const batches = new StreamBatcher(ids, { batchSize, seqLength, vocabSize: model.vocabSize })
    .epochBatches();
  let state: RecurrentState = model.zeroState(batchSize);
  let total = 0, tokens = 0;
  for (const batch of batches) {
    const pass = model.forward(batch, state);
    state = pass.hidden.final;
    total += pass.loss * pass.count;
    tokens += pass.count;
  }
  const loss = total / tokens;
  return { loss, bitsPerToken: bitsPerToken(loss), perplexity: perplexity(loss), tokens };
}
