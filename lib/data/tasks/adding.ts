/**
 * The adding problem, a long-range regression task: each step carries a
 * random number and a marker; exactly two steps are marked, and the answer,
 * given at the end, is the sum of the two marked numbers. To solve it a
 * network must keep the first marked number for as many steps as the
 * sequence is long.
 *
 * The form used here is that of Le et al. (2015) and Arjovsky et al. (2016),
 * after Hochreiter & Schmidhuber (1997, experiment 4): numbers uniform in
 * [0, 1), one marker in the first half and one in the second half, target
 * their sum. Predicting the constant 1 (the mean of the sum) scores a mean
 * squared error of Var(u₁ + u₂) = 2/12 ≈ 0.167: the baseline to beat.
 *
 * @module
 */

import { requireInteger, requirePositiveInteger } from "../../core/guards.ts";
import { Matrix } from "../../core/matrix.ts";
import { SequenceBatch } from "../../core/sequence_batch.ts";
import type { Random } from "../../random.ts";

/** A batch of a many-to-one regression: vector sequences in, one row of targets per sequence. */
export interface RegressionBatch {
  /** The input sequences, `[T·B × features]`, time-major. */
  readonly inputs: SequenceBatch<Matrix>;
  /** The target of each sequence, `[B × outputs]`. */
  readonly targets: Matrix;
  /**
   * The trainer's reset flag (`Resettable`); unused here, since a regressor
   * starts every sequence from zeros. Declared so that the batch type shares
   * a property with `Resettable`, which the trainer's type requires.
   */
  readonly resetState?: boolean;
}

/** The expected mean squared error of predicting the constant 1: Var(u₁ + u₂) = 1/6. */
export const ADDING_BASELINE_MSE = 1 / 6;

/**
 * `batchSize` sequences of the adding problem, `steps` long (at least 2),
 * features `[number, marker]` per step, target the sum of the two marked
 * numbers; float64 unless `dtype` says otherwise.
 *
 * @example
 * ```ts
 * import { addingBatch, Random } from "../../mod.ts";
 * const { inputs, targets } = addingBatch(10, 4, new Random(0));
 * console.assert(inputs.data.rows === 40 && inputs.data.cols === 2 && targets.rows === 4);
 * let markers = 0, sum = 0;
 * for (let t = 0; t < 10; t++) { // sequence 0: rows t·B
 *   if (inputs.data.get(t * 4, 1) === 1) { markers++; sum += inputs.data.get(t * 4, 0); }
 * }
 * console.assert(markers === 2 && sum === targets.get(0, 0));
 * ```
 */
export function addingBatch(
  steps: number,
  batchSize: number,
  rng: Random,
  dtype: Matrix["dtype"] = "float64",
): RegressionBatch {
  requireInteger("steps", steps, { min: 2 });
  requirePositiveInteger("batchSize", batchSize);
  const B = batchSize, half = Math.floor(steps / 2);
  const x = new Matrix(steps * B, 2, dtype), targets = new Matrix(B, 1, dtype);
  for (let r = 0; r < steps * B; r++) x.data[2 * r] = rng.uniform();
  for (let b = 0; b < B; b++) {
    const first = rng.int(half), second = half + rng.int(steps - half);
    for (const t of [first, second]) {
      x.data[2 * (t * B + b) + 1] = 1;
      targets.data[b] += x.data[2 * (t * B + b)];
    }
  }
  return { inputs: new SequenceBatch(x, { batchSize: B }), targets };
}

/**
 * The mean squared error on `batch` of predicting the constant 1 for every
 * sequence (about {@link ADDING_BASELINE_MSE}): what a model that remembers
 * nothing can reach.
 *
 * @example
 * ```ts
 * import { addingBaseline, addingBatch, Random } from "../../mod.ts";
 * const mse = addingBaseline(addingBatch(50, 2000, new Random(1)));
 * console.assert(Math.abs(mse - 1 / 6) < 0.02);
 * ```
 */
export function addingBaseline(batch: RegressionBatch): number {
  const t = batch.targets.data;
  let sum = 0;
  for (let i = 0; i < t.length; i++) sum += (t[i] - 1) ** 2;
  return sum / t.length;
}
