/**
 * The paper's training recipe for its RNN language model, on the engine's
 * one trainer: plain SGD word by word from α = 0.1 with L2 β = 1e-7, BPTT 4
 * every 10 words, and after each epoch the validation log-likelihood decides
 * (`HalveOnPlateau` with `restoreWeights`): keep going while it improves by
 * a factor of at least 1.003, then halve α every epoch, and stop at the next
 * epoch that improves less; an epoch that made it worse is undone.
 *
 * @module
 */

import { StreamBatcher } from "../data/stream_batcher.ts";
import type { WordClasses } from "../layers/word_classes.ts";
import { RNNLM, type RNNLMOptions } from "../models/rnnlm.ts";
import { HalveOnPlateau } from "../optim/schedule.ts";
import { SGD } from "../optim/sgd.ts";
import type { TrainingHistory } from "../train/history.ts";
import { train } from "../train/trainer.ts";
import type { Progress } from "../viz/progress.ts";

/** The recipe's settings; the defaults are the paper's. */
export interface RNNLMRecipe extends Omit<RNNLMOptions, "classes"> {
  /** Starting learning rate α (default 0.1). */
  learningRate?: number;
  /** L2 β (default 1e-7). */
  weightDecay?: number;
  /** Give up after this many epochs even if the schedule has not stopped (default 30). */
  maxEpochs?: number;
  /** Words per trainer step (default 10,000; the algorithm is the same for any value). */
  stepWords?: number;
}

/** A trained model and how it got there. */
export interface TrainedRNNLM {
  /** The model (the weights of its last epoch that did not make validation worse). */
  readonly model: RNNLM;
  /** The trainer's records. */
  readonly history: TrainingHistory;
  /** Validation perplexity after each epoch, with the rate that epoch used. */
  readonly epochs: readonly {
    epoch: number;
    lr: number;
    trainPerplexity: number;
    validPerplexity: number;
  }[];
  /** Seconds spent learning (validation excluded). */
  readonly trainingSeconds: number;
  /** Training words per second of learning. */
  readonly wordsPerSecond: number;
}

/** Options of {@link trainRNNLM}. */
export interface TrainRNNLMOptions {
  /** The trainer's progress display: a title, `false`, or a `Progress`. */
  progress?: boolean | string | Progress;
  /** Mean validation loss in nats per token (default: the model's on the valid stream). */
  validLoss?: (model: RNNLM) => number;
}

/**
 * Trains an RNNLM on `train` (a stream with a leading `</s>`), validating on
 * `valid` after every epoch.
 *
 * @example
 * ```ts
 * import { paperCorpus, trainRNNLM } from "../mod.ts";
 * const corpus = paperCorpus({ trainTokens: 3000, evalSentences: 30 });
 * const { streams, classes } = corpus;
 * const run = await trainRNNLM(streams.train, streams.valid, classes, { hiddenSize: 8, maxEpochs: 2 });
 * console.assert(run.epochs.length === 2 && run.wordsPerSecond > 0);
 * ```
 */
export async function trainRNNLM(
  trainStream: Int32Array,
  valid: Int32Array,
  classes: WordClasses,
  recipe: RNNLMRecipe,
  options: TrainRNNLMOptions = {},
): Promise<TrainedRNNLM> {
  const { learningRate = 0.1, weightDecay = 1e-7, maxEpochs = 30, stepWords = 10_000, ...model } =
    recipe;
  const lm = new RNNLM({ dtype: "float32", ...model, classes });
  const sgd = new SGD({ lr: learningRate, weightDecay });
  const schedule = new HalveOnPlateau(sgd, { restoreWeights: lm });
  const meanLoss = options.validLoss ?? ((m: RNNLM) => -mean(m.logProbs(valid)));
  let validating = 0;
  const epochs: { epoch: number; lr: number; trainPerplexity: number; validPerplexity: number }[] =
    [];
  let lr = learningRate;
  const history = await train(
    lm,
    new StreamBatcher(trainStream, { batchSize: 1, seqLength: stepWords }),
    {
      epochs: maxEpochs,
      optimizer: sgd,
      schedule,
      progress: options.progress ?? false,
      validate: {
        name: "loss",
        run: () => {
          const start = performance.now();
          const loss = meanLoss(lm);
          validating += performance.now() - start;
          return loss;
        },
      },
      onEpoch: (record) => {
        const validPerplexity = Math.exp(record.validation!.loss);
        epochs.push({
          epoch: record.epoch,
          lr,
          trainPerplexity: Math.exp(record.loss),
          validPerplexity,
        });
        lr = sgd.lr;
      },
    },
  );
  const trainingSeconds = history.seconds - validating / 1000;
  const words = history.steps.at(-1)?.tokens ?? 0;
  return { model: lm, history, epochs, trainingSeconds, wordsPerSecond: words / trainingSeconds };
}

function mean(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}
