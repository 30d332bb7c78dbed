/**
 * Training speed compared fairly on a shared machine: every model trains a
 * few steps on its batch in turn, round after round (A B C, A B C, …), and
 * each model's speed is the median over the rounds, so that a change of load
 * during the measurement hits every model alike.
 *
 * @module
 */

import type { Model, ModelPass } from "../models/model.ts";
import { Adam } from "../optim/adam.ts";
import { train } from "../train/trainer.ts";

/** One model to time. */
export interface SpeedEntry {
  /** Shown in tables, e.g. `"lstm"`. */
  readonly name: string;
  /** The model, trained a few steps at a time on `batch`. */
  // deno-lint-ignore no-explicit-any
  readonly model: Model<any, ModelPass>;
  /** The batch it trains on (the same one every step). */
  readonly batch: unknown;
  /** Tokens (sequence steps) in the batch. */
  readonly tokens: number;
}

/** One model's measured speed. */
export interface SpeedResult {
  /** The entry's name. */
  readonly name: string;
  /** Median over the rounds of tokens trained per second. */
  readonly tokensPerSecond: number;
  /** Every round's value. */
  readonly samples: readonly number[];
}

/**
 * Times `steps` full training steps (forward, backward, clipping at norm 1, an
 * Adam step; the weights change) per model per round, the models in turn,
 * for `rounds` rounds after one warm-up round. The steps are the course's one
 * training loop, {@link train}, without its display; a round's time is the
 * trainer's own measure of its steps.
 *
 * @example
 * ```ts
 * import { addingBatch, interleavedSpeed, Random, SequenceRegressor } from "../mod.ts";
 * const batch = addingBatch(10, 4, new Random(0));
 * const entries = ["rnn", "gru"].map((cell) => ({
 *   name: cell,
 *   model: new SequenceRegressor({ inputSize: 2, hiddenSize: 4, cell }),
 *   batch,
 *   tokens: 40,
 * }));
 * const [rnn, gru] = await interleavedSpeed(entries, { rounds: 2, steps: 1 });
 * console.assert(rnn.samples.length === 2 && gru.tokensPerSecond > 0);
 * ```
 */
export async function interleavedSpeed(
  entries: readonly SpeedEntry[],
  options: { rounds?: number; steps?: number } = {},
): Promise<SpeedResult[]> {
  const { rounds = 5, steps = 3 } = options;
  const optimizers = entries.map(() => new Adam({ lr: 1e-3 }));
  const samples = entries.map(() => [] as number[]);
  for (let round = -1; round < rounds; round++) {
    for (const [k, e] of entries.entries()) {
      const { seconds } = await train(e.model, [e.batch], {
        steps,
        optimizer: optimizers[k],
        clipNorm: 1,
        progress: false,
      });
      if (round >= 0) samples[k].push((steps * e.tokens) / seconds);
    }
  }
  return entries.map((e, k) => ({
    name: e.name,
    tokensPerSecond: median(samples[k]),
    samples: samples[k],
  }));
}

function median(xs: readonly number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
