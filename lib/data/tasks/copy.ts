/**
 * The copy (memory) task of Arjovsky et al. (2016), after Hochreiter &
 * Schmidhuber (1997): read `length` symbols, wait `delay` steps, then, on a
 * delimiter, write the symbols back in order. Every step has a target (blank
 * until the copy), so a model is scored on all `delay + 2·length` steps.
 *
 * ```
 * input:  s₁ … s₁₀  _ _ … _  :  _ _ … _        _ blank (id 0), : delimiter (id K + 1)
 * target: _ … _     _ _ … _  _  s₁ … s₁₀       symbols s ∈ 1 … K
 *         length    delay − 1  1  length
 * ```
 *
 * A memoryless strategy predicts blank until the delimiter and then a
 * uniform guess among the K symbols, scoring `length·ln K / (delay + 2·length)`
 * nats per step ({@link copyBaseline}): the baseline to beat.
 *
 * @module
 */

import { requireInteger, requirePositiveInteger } from "../../core/guards.ts";
import { SequenceBatch } from "../../core/sequence_batch.ts";
import type { Random } from "../../random.ts";
import type { AlignedBatch } from "../batches.ts";

/** Options of the copy task. */
export interface CopyTaskOptions {
  /** Steps between the end of the symbols and the end of the delimiter (Arjovsky's T). */
  delay: number;
  /** Symbols to copy (default 10). */
  length?: number;
  /** Distinct symbols K (default 8). */
  symbols?: number;
}

/** The id of the blank. */
export const COPY_BLANK = 0;

/**
 * Token ids of the copy task: blank 0, symbols 1 … K, delimiter K + 1; K + 2 ids in all.
 *
 * @example
 * ```ts
 * import { copyVocabulary } from "./copy.ts";
 * const { blank, delimiter, size } = copyVocabulary(8);
 * console.assert(blank === 0 && delimiter === 9 && size === 10);
 * ```
 */
export function copyVocabulary(symbols = 8): { blank: number; delimiter: number; size: number } {
  requirePositiveInteger("symbols", symbols);
  return { blank: COPY_BLANK, delimiter: symbols + 1, size: symbols + 2 };
}

/**
 * `batchSize` sequences of the copy task, time-major, `delay + 2·length`
 * steps; `resetState` is set, since sequences are independent.
 *
 * @example
 * ```ts
 * import { copyBatch, Random } from "../../mod.ts";
 * const { inputs, targets } = copyBatch({ delay: 5, length: 3 }, 1, new Random(0));
 * const x = Array.from(inputs.data), y = Array.from(targets.data);
 * console.assert(x.length === 11 && x[7] === 9 && y.slice(8).join() === x.slice(0, 3).join());
 * console.assert(y.slice(0, 8).every((id) => id === 0) && x.slice(3, 7).every((id) => id === 0));
 * ```
 */
export function copyBatch(options: CopyTaskOptions, batchSize: number, rng: Random): AlignedBatch {
  const { delay, length = 10, symbols = 8 } = options;
  requireInteger("delay", delay, { min: 1 });
  requirePositiveInteger("length", length);
  requirePositiveInteger("batchSize", batchSize);
  const { delimiter } = copyVocabulary(symbols);
  const B = batchSize, T = delay + 2 * length;
  const inputs = new Int32Array(T * B), targets = new Int32Array(T * B);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < length; t++) {
      const s = 1 + rng.int(symbols);
      inputs[t * B + b] = s;
      targets[(delay + length + t) * B + b] = s;
    }
    inputs[(delay + length - 1) * B + b] = delimiter;
  }
  return {
    inputs: new SequenceBatch(inputs, { batchSize: B }),
    targets: new SequenceBatch(targets, { batchSize: B }),
    resetState: true,
  };
}

/**
 * The memoryless baseline in nats per step: blank (certain) until the
 * delimiter, then a uniform guess among the symbols, `length·ln K / (delay + 2·length)`.
 *
 * @example
 * ```ts
 * import { copyBaseline } from "../../mod.ts";
 * console.assert(Math.abs(copyBaseline({ delay: 100 }) - 10 * Math.log(8) / 120) < 1e-15);
 * ```
 */
export function copyBaseline(options: CopyTaskOptions): number {
  const { delay, length = 10, symbols = 8 } = options;
  return (length * Math.log(symbols)) / (delay + 2 * length);
}
