/**
 * Teacher forcing against feeding the model its own predictions.
 *
 * A language model trained with teacher forcing reads the true previous
 * character at every step; at generation time it reads its own previous
 * output instead, a situation it never met in training (exposure bias).
 * Here: a training loop that feeds the model's own predictions with
 * probability `ownInputs` (0: teacher forcing; 1: free-running; in between:
 * scheduled sampling, Bengio et al. 2015), and an evaluation of the loss
 * after the model has written `j` characters of its own.
 *
 * @module
 */

import type { Ids } from "../layers/embedding.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { Random, sampleCategorical } from "../random.ts";
import type { LanguageModel } from "./language_model.ts";
import { type StepRecord, trainLanguageModel } from "./train.ts";

/** Options of {@link trainWithOwnInputs}. */
export interface OwnInputsTrainOptions {
  /** Parallel streams per batch. */
  batchSize: number;
  /** Time steps per batch (truncation length). */
  seqLength: number;
  /** Optimizer steps. */
  steps: number;
  /** The update rule. */
  optimizer: Optimizer;
  /**
   * Probability that the input at step t + 1 is the model's own prediction at
   * step t instead of the true character: 0 is teacher forcing, 1 is
   * free-running (only the first input of each batch is true).
   */
  ownInputs: number;
  /** How the model's prediction is chosen: "argmax" (default) or "sample". */
  pick?: "argmax" | "sample";
  /** Clip the global gradient norm (default 5). */
  clipNorm?: number;
  /** Seed for the coin flips and samples (default 0). */
  seed?: number;
  /** Called after each step. */
  onStep?: (record: StepRecord) => void;
}

/** The index of the largest value. */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j] > values[best]) best = j;
  return best;
}

function pickToken(logits: ArrayLike<number>, how: "argmax" | "sample", rng: Random): number {
  const best = argmax(logits);
  if (how === "argmax") return best;
  const w = new Float64Array(logits.length);
  for (let j = 0; j < w.length; j++) w[j] = Math.exp(logits[j] - logits[best]);
  return sampleCategorical(rng, w);
}

/**
 * The inputs a batch is trained on when the model feeds itself: runs the
 * model one step at a time from its carried state, and replaces the input of
 * step t + 1 (in each stream, with probability `ownInputs`) by the model's
 * prediction at step t. The model's state is restored afterwards, so the
 * training forward pass starts from the same state.
 */
export function ownInputs(
  model: LanguageModel,
  inputs: Ids,
  batchSize: number,
  probability: number,
  pick: "argmax" | "sample",
  rng: Random,
): Int32Array {
  const out = Int32Array.from(inputs);
  if (probability <= 0) return out;
  const T = inputs.length / batchSize;
  const saved = model.state;
  for (let t = 0; t < T - 1; t++) {
    const logits = model.logits(out.subarray(t * batchSize, (t + 1) * batchSize), batchSize);
    for (let b = 0; b < batchSize; b++) {
      if (probability >= 1 || rng.uniform() < probability) {
        out[(t + 1) * batchSize + b] = pickToken(logits.row(b), pick, rng);
      }
    }
  }
  model.state = saved;
  return out;
}

/**
 * Trains `model` on the stream `ids` like `trainLanguageModel`, except that
 * the inputs of each batch come from {@link ownInputs}: the loss is always
 * against the true next characters, but what the model reads is (partly) what
 * it wrote. The gradient does not flow through the choice of token (argmax
 * and sampling have no useful derivative); it flows through the hidden states
 * as usual.
 *
 * @example
 * ```ts
 * import { CharLM } from "./char_lm.ts";
 * import { trainWithOwnInputs } from "./free_running.ts";
 * import { Adam } from "../optim/adam.ts";
 * const lm = new CharLM({ vocabSize: 3, hiddenSize: 8 });
 * const h = trainWithOwnInputs(lm, [0, 1, 2, 0, 1, 2, 0, 1, 2], {
 *   batchSize: 1, seqLength: 8, steps: 20, optimizer: new Adam({ lr: 0.05 }), ownInputs: 0.5,
 * });
 * console.assert(h.length === 20);
 * ```
 */
export function trainWithOwnInputs(
  model: LanguageModel,
  ids: Ids,
  options: OwnInputsTrainOptions,
): StepRecord[] {
  const { pick = "argmax", clipNorm = 5 } = options;
  const probability = options.ownInputs;
  if (!(probability >= 0 && probability <= 1)) {
    throw new RangeError(`ownInputs must be a probability in [0, 1], got ${probability}`);
  }
  const rng = new Random(options.seed ?? 0);
  return trainLanguageModel(model, ids, {
    ...options,
    clipNorm,
    inputsOf: (batch) => ownInputs(model, batch.inputs, options.batchSize, probability, pick, rng),
  });
}

/** Options of {@link ownPrefixLoss}. */
export interface OwnPrefixOptions {
  /** True characters read before the model starts writing (default 32). */
  context?: number;
  /** How many characters the model writes (default 16). */
  horizon?: number;
  /** Number of starting points, spread evenly over `ids` (default 256). */
  starts?: number;
}

/** The result of {@link ownPrefixLoss}. */
export interface OwnPrefixLoss {
  /**
   * `own[j]`: mean loss (nats) of the true character `j + 1` positions after
   * the context, when the model has read its own `j` greedy predictions since
   * the context (`own[0]` is ordinary teacher-forced loss).
   */
  own: number[];
  /** `truth[j]`: the same positions, with the true characters read instead. */
  truth: number[];
}

/**
 * How much worse the model predicts the true text once it has been reading
 * its own output. From each start, the model reads `context` true characters,
 * then for `j = 0 … horizon − 1` predicts true character `j + 1` after the
 * context while reading either its own greedy choices (`own`) or the truth
 * (`truth`). The carried training state is saved and restored.
 */
export function ownPrefixLoss(
  model: LanguageModel,
  ids: Ids,
  options: OwnPrefixOptions = {},
): OwnPrefixLoss {
  const { context = 32, horizon = 16, starts = 256 } = options;
  const span = context + horizon + 1;
  if (ids.length < span + starts) {
    throw new RangeError(`ownPrefixLoss: ${ids.length} ids are too few for ${starts} starts`);
  }
  const B = starts;
  const stride = Math.floor((ids.length - span) / B);
  const at = (b: number, i: number) => ids[b * stride + i];
  const saved = model.state;
  const run = (own: boolean): number[] => {
    model.resetState();
    const warm = new Int32Array(context * B);
    for (let t = 0; t < context; t++) for (let b = 0; b < B; b++) warm[t * B + b] = at(b, t);
    let logits = model.logits(warm, B);
    let row0 = (context - 1) * B;
    const losses: number[] = [];
    for (let j = 0; j < horizon; j++) {
      let total = 0;
      const next = new Int32Array(B);
      for (let b = 0; b < B; b++) {
        const z = logits.row(row0 + b);
        const target = at(b, context + j);
        total += logSumExp(z) - z[target];
        next[b] = own ? argmax(z) : target;
      }
      losses.push(total / B);
      logits = model.logits(next, B);
      row0 = 0;
    }
    return losses;
  };
  try {
    return { own: run(true), truth: run(false) };
  } finally {
    model.state = saved;
  }
}

function logSumExp(z: ArrayLike<number>): number {
  let max = -Infinity;
  for (let j = 0; j < z.length; j++) if (z[j] > max) max = z[j];
  let s = 0;
  for (let j = 0; j < z.length; j++) s += Math.exp(z[j] - max);
  return max + Math.log(s);
}

/**
 * The baseline with no context at all: the cross-entropy (bits per token) of
 * `evaluation` under the token frequencies of `train`, with add-one
 * smoothing so unseen tokens have a finite cost.
 *
 * @example
 * ```ts
 * import { unigramBitsPerToken } from "./free_running.ts";
 * console.assert(unigramBitsPerToken([0, 1], [0, 1], 2) === 1);
 * ```
 */
export function unigramBitsPerToken(train: Ids, evaluation: Ids, vocabSize: number): number {
  const counts = new Float64Array(vocabSize).fill(1);
  for (let i = 0; i < train.length; i++) counts[train[i]]++;
  const total = train.length + vocabSize;
  let bits = 0;
  for (let i = 0; i < evaluation.length; i++) bits -= Math.log2(counts[evaluation[i]] / total);
  return bits / evaluation.length;
}
