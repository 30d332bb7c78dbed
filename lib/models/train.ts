/**
 * The training loop of every language model in the course: batches for
 * truncated BPTT → forward → loss check → backward through time → clip →
 * optimizer step, with the hidden state carried from batch to batch.
 *
 * @module
 */

import { type Batch, StreamBatcher } from "../data/batches.ts";
import type { Ids } from "../layers/embedding.ts";
import { zeroGrads } from "../layers/param.ts";
import { clipGradNorm, clipGradValue, gradNorm } from "../optim/clip.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import type { LanguageModel } from "./language_model.ts";

/**
 * What the loop reports after each step. (A type rather than an interface so a
 * record can be passed straight to `Progress.update`, which takes any numbers.)
 */
export type StepRecord = {
  /** 1-based step number. */
  step: number;
  /** Completed passes over the data. */
  epoch: number;
  /** Mean cross-entropy of this batch, in nats per token. */
  loss: number;
  /** `exp(loss)`. */
  perplexity: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
  /** Learning rate used by this step. */
  lr: number;
  /** Tokens seen so far. */
  tokens: number;
  /** Training throughput so far. */
  tokensPerSecond: number;
};

/** Options of {@link trainLanguageModel}. */
export interface TrainOptions {
  /** Parallel streams per batch. */
  batchSize: number;
  /** Time steps per batch (truncation length of BPTT). */
  seqLength: number;
  /** Number of optimizer steps. */
  steps: number;
  /** The update rule. */
  optimizer: Optimizer;
  /** Clip the global gradient norm to this value (recommended: 5). */
  clipNorm?: number;
  /** Clip each gradient element to ±this value (min-char-rnn style). */
  clipValue?: number;
  /** Called after every step (progress displays, charts, schedules). */
  onStep?: (record: StepRecord) => void;
  /**
   * What the model reads for each batch. Default: the true previous tokens
   * (teacher forcing). Free-running training substitutes the model's own
   * predictions here; the targets stay the true next tokens.
   */
  inputsOf?: (batch: Batch) => Ids;
}

/** Thrown when the loss or gradient stops being a finite number. */
export class TrainingDivergedError extends Error {
  /** The step at which it happened. */
  readonly step: number;
  /** The offending value. */
  readonly value: number;

  /** Builds the message with the step, the value and a hint. */
  constructor(step: number, what: string, value: number, lr: number) {
    super(
      `training diverged at step ${step}: the ${what} is ${value}. ` +
        `Try clipping gradients (clipNorm: 5) or a lower learning rate (now ${lr}).`,
    );
    this.name = "TrainingDivergedError";
    this.step = step;
    this.value = value;
  }
}

/**
 * Trains `model` on the token stream `ids` and returns one record per step.
 * Stops with a {@link TrainingDivergedError} when the loss or the gradient
 * becomes NaN or infinite, before the bad step touches the weights.
 *
 * @example
 * ```ts
 * import { CharLM } from "./char_lm.ts";
 * import { trainLanguageModel } from "./train.ts";
 * import { Adam } from "../optim/adam.ts";
 * const lm = new CharLM({ vocabSize: 3, hiddenSize: 8 });
 * const history = trainLanguageModel(lm, [0, 1, 2, 0, 1, 2, 0, 1, 2], {
 *   batchSize: 1, seqLength: 8, steps: 50, optimizer: new Adam({ lr: 0.05 }),
 * });
 * console.assert(history.at(-1)!.loss < history[0].loss);
 * ```
 */
export function trainLanguageModel(
  model: LanguageModel,
  ids: ArrayLike<number>,
  options: TrainOptions,
): StepRecord[] {
  const { batchSize, seqLength, steps, optimizer, clipNorm, clipValue, onStep, inputsOf } = options;
  const batcher = new StreamBatcher(ids, batchSize, seqLength);
  const history: StepRecord[] = [];
  const params = model.params;
  const started = performance.now();
  let tokens = 0;
  for (let step = 1; step <= steps; step++) {
    const batch = batcher.next();
    if (batch.epochStart) model.resetState();
    const inputs = inputsOf ? inputsOf(batch) : batch.inputs;
    const loss = model.forward(inputs, batch.targets, batchSize);
    if (!Number.isFinite(loss)) throw new TrainingDivergedError(step, "loss", loss, optimizer.lr);
    zeroGrads(params);
    model.backward();
    const norm = gradNorm(params);
    if (!Number.isFinite(norm)) {
      throw new TrainingDivergedError(step, "gradient norm", norm, optimizer.lr);
    }
    if (clipNorm !== undefined) clipGradNorm(params, clipNorm);
    if (clipValue !== undefined) clipGradValue(params, clipValue);
    const lr = optimizer.lr;
    optimizer.step(params);
    tokens += batch.inputs.length;
    const seconds = (performance.now() - started) / 1000;
    const record: StepRecord = {
      step,
      epoch: batcher.epoch,
      loss,
      perplexity: Math.exp(loss),
      gradNorm: norm,
      lr,
      tokens,
      tokensPerSecond: seconds > 0 ? tokens / seconds : 0,
    };
    history.push(record);
    onStep?.(record);
  }
  return history;
}

/**
 * Mean cross-entropy (nats per token) of `model` on the stream `ids`, in
 * batches of `seqLength` steps with the state carried across them (as in
 * training) and restored afterwards. No gradients are computed.
 */
export function evaluateLoss(
  model: LanguageModel,
  ids: ArrayLike<number>,
  options: { batchSize?: number; seqLength?: number } = {},
): number {
  const { batchSize = 1, seqLength = 64 } = options;
  const batcher = new StreamBatcher(ids, batchSize, seqLength);
  const saved = model.state;
  model.resetState();
  let total = 0, count = 0;
  for (let i = 0; i < batcher.batchesPerEpoch; i++) {
    const batch = batcher.next();
    total += model.forward(batch.inputs, batch.targets, batchSize) * batch.inputs.length;
    count += batch.inputs.length;
  }
  model.state = saved;
  return total / count;
}
