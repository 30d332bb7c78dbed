/**
 * Teacher forcing against feeding the model its own predictions.
 *
 * A language model trained with teacher forcing reads the true previous
 * character at every step; at generation time it reads its own previous
 * output instead, a situation it never met in training (exposure bias).
 * Here: a training loop that feeds the model its own predictions with
 * probability `ownInputs` (0: teacher forcing; 1: free-running), fixed or
 * changing with the step. Scheduled sampling (Bengio et al., 2015) is the
 * changing kind: the probability of reading the truth starts near 1 and
 * decays over training ({@link inverseSigmoidDecay}), and the model's own
 * token is sampled from its output distribution (`pick: "sample"`). How to
 * measure what it changes: `exposure_measures.ts`.
 *
 * @module
 */

import { SequenceBatch, type TokenBatch } from "../core/sequence_batch.ts";
import { StreamBatcher } from "../data/stream_batcher.ts";
import type { LanguageModel } from "../models/language_model.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { Random } from "../random.ts";
import { argmax, pickToken } from "../sampling/pick.ts";
import type { TrainingHistory } from "../train/history.ts";
import { train } from "../train/trainer.ts";

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
   * free-running (only the first input of each batch is true). A function
   * gives it per optimizer step (1, 2, …): a schedule.
   */
  ownInputs: number | ((step: number) => number);
  /** How the model's prediction is chosen: "argmax" (default) or "sample". */
  pick?: "argmax" | "sample";
  /** Clip the global gradient norm (default 5). */
  clipNorm?: number;
  /** Seed for the coin flips and samples (default 0). */
  seed?: number;
  /** The live display's title, or `false` for none. */
  progress?: boolean | string;
}

/**
 * The inputs a batch is trained on when the model feeds itself: runs the
 * model one step at a time from its carried state, and replaces the input of
 * step t + 1 (in each stream, with probability `ownInputs`) by the model's
 * prediction at step t. The model's carried state is read, not changed, so
 * the training forward pass starts from the same state.
 */
export function ownInputs(
  model: LanguageModel,
  inputs: TokenBatch,
  probability: number,
  pick: "argmax" | "sample",
  rng: Random,
): Int32Array {
  const out = Int32Array.from(inputs.data);
  if (probability <= 0) return out;
  const B = inputs.batchSize;
  let state = model.state ?? model.zeroState(B);
  for (let t = 0; t < inputs.steps - 1; t++) {
    const step = new SequenceBatch(out.subarray(t * B, (t + 1) * B), { batchSize: B });
    const { logits, hidden } = model.scores(step, state);
    state = hidden.final;
    for (let b = 0; b < B; b++) {
      if (probability >= 1 || rng.uniform() < probability) {
        const choice = pick === "argmax" ? { temperature: 0 } : { temperature: 1 };
        out[(t + 1) * B + b] = pickToken(logits.row(b), rng, choice);
      }
    }
  }
  return out;
}

/**
 * Trains `model` on the stream `ids` with {@link train} (truncated BPTT over a
 * {@link StreamBatcher}), except that the inputs of each batch come from
 * {@link ownInputs}: the loss is always against the true next characters, but
 * what the model reads is (partly) what it wrote. The gradient does not flow
 * through the choice of token (argmax and sampling have no useful derivative);
 * it flows through the hidden states as usual.
 *
 * @example
 * ```ts
 * import { Adam, LanguageModel, trainWithOwnInputs } from "../mod.ts";
 * const lm = new LanguageModel({ vocabSize: 3, hiddenSize: 8 });
 * const h = await trainWithOwnInputs(lm, [0, 1, 2, 0, 1, 2, 0, 1, 2], {
 *   batchSize: 1, seqLength: 8, steps: 20, optimizer: new Adam({ lr: 0.05 }), ownInputs: 0.5,
 * });
 * console.assert(h.steps.length === 20);
 * ```
 */
export async function trainWithOwnInputs(
  model: LanguageModel,
  ids: ArrayLike<number>,
  options: OwnInputsTrainOptions,
): Promise<TrainingHistory> {
  const { batchSize, seqLength, steps, optimizer, pick = "argmax", clipNorm = 5 } = options;
  const schedule = options.ownInputs;
  const probabilityAt = (step: number) => {
    const p = typeof schedule === "number" ? schedule : schedule(step);
    if (!(p >= 0 && p <= 1)) {
      throw new RangeError(`ownInputs must be a probability in [0, 1], got ${p} at step ${step}`);
    }
    return p;
  };
  probabilityAt(1);
  const rng = new Random(options.seed ?? 0);
  let step = 0;
  return await train(model, new StreamBatcher(ids, { batchSize, seqLength }), {
    steps,
    optimizer,
    clipNorm,
    progress: options.progress,
    prepare: (batch) => ({
      ...batch,
      inputs: batch.inputs.with(ownInputs(model, batch.inputs, probabilityAt(++step), pick, rng)),
    }),
  });
}

/**
 * Bengio et al. (2015)'s inverse-sigmoid decay: the probability of reading
 * the **true** previous token at training step `i` is
 * `ε_i = k / (k + exp(i / k))` (k ≥ 1): near 1 at first, 1/2 at
 * `i = k·ln k`, towards 0 later. The probability of reading the model's own
 * token, what {@link trainWithOwnInputs} takes, is `1 − ε_i`.
 *
 * @example
 * ```ts
 * import { inverseSigmoidDecay } from "./exposure_bias.ts";
 * const truth = inverseSigmoidDecay(100);
 * console.assert(truth(0) > 0.99 && Math.abs(truth(100 * Math.log(100)) - 0.5) < 1e-12);
 * ```
 */
export function inverseSigmoidDecay(k: number): (step: number) => number {
  if (!(k >= 1)) throw new RangeError(`inverseSigmoidDecay: k must be at least 1, got ${k}`);
  return (step) => k / (k + Math.exp(step / k));
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
 * The loss of the true text after the model has been reading its own
 * output. **Not a measure of exposure bias**: once the model's own text
 * departs from the book, the book's next character no longer fits any
 * model, so this rewards flat predictions rather than recovery (see
 * `exposure_measures.ts` for measures that hold). From each start, the model reads `context` true characters,
 * then for `j = 0 … horizon − 1` predicts true character `j + 1` after the
 * context while reading either its own greedy choices (`own`) or the truth
 * (`truth`). The carried training state is saved and restored.
 */
export function ownPrefixLoss(
  model: LanguageModel,
  ids: ArrayLike<number>,
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
  const run = (own: boolean): number[] => {
    const warm = new Int32Array(context * B);
    for (let t = 0; t < context; t++) for (let b = 0; b < B; b++) warm[t * B + b] = at(b, t);
    let { logits, hidden } = model.scores(
      new SequenceBatch(warm, { batchSize: B }),
      model.zeroState(B),
    );
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
      ({ logits, hidden } = model.scores(new SequenceBatch(next, { batchSize: B }), hidden.final));
      row0 = 0;
    }
    return losses;
  };
  return { own: run(true), truth: run(false) };
}

function logSumExp(z: ArrayLike<number>): number {
  let max = -Infinity;
  for (let j = 0; j < z.length; j++) if (z[j] > max) max = z[j];
  let s = 0;
  for (let j = 0; j < z.length; j++) s += Math.exp(z[j] - max);
  return max + Math.log(s);
}
