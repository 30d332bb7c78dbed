/**
 * Mean squared error over rows, with optional weights: the loss of a
 * regression (e.g. the adding problem, where one real number is predicted
 * per sequence).
 *
 * ```
 * loss = Σ_r w_r · Σ_j (y_rj − t_rj)²  /  (N · Σ_r w_r)        N = columns
 * ∂loss/∂y_rj = 2 · w_r · (y_rj − t_rj) / (N · Σ_r w_r)
 * ```
 *
 * With one column and all weights 1 this is the plain mean of squared
 * errors, so predicting the constant 1 for the adding problem scores about
 * 1/6 ≈ 0.167 (the variance of a sum of two uniform numbers).
 *
 * @module
 */

import { requireWeights } from "../core/guards.ts";
import { type Matrix, shapeString, zeros } from "../core/matrix.ts";

/** What {@link MeanSquaredError.forward} returns. */
export interface MSEPass {
  /** The weighted mean squared error. */
  readonly loss: number;
  /** Σ weights: how many rows (items) the mean is over. */
  readonly count: number;
  /** The predictions `[R × N]`. */
  readonly predictions: Matrix;
  /** The targets `[R × N]`. */
  readonly targets: Matrix;
  /** The weight of each row (undefined: all 1). */
  readonly weights: Float64Array | undefined;
}

/**
 * The mean squared error of predictions against targets. It has no
 * parameters: `forward` returns everything `backward` needs.
 *
 * @example
 * ```ts
 * import { fromArray, MeanSquaredError } from "../mod.ts";
 * const mse = new MeanSquaredError();
 * const pass = mse.forward(fromArray([[1], [3]]), fromArray([[0], [1]]));
 * console.assert(pass.loss === (1 + 4) / 2);
 * console.assert(mse.backward(pass).data.join() === "1,2"); // 2·(y − t)/2
 * ```
 */
export class MeanSquaredError {
  /** The weighted mean; `weights[r]` (finite, ≥ 0, default 1) weighs row r. */
  forward(predictions: Matrix, targets: Matrix, weights?: ArrayLike<number>): MSEPass {
    if (predictions.rows !== targets.rows || predictions.cols !== targets.cols) {
      throw new RangeError(
        `MeanSquaredError: predictions are ${shapeString(predictions)}, targets ${
          shapeString(targets)
        }`,
      );
    }
    const { rows, cols } = predictions;
    const w = weights === undefined
      ? undefined
      : requireWeights("MeanSquaredError weights", weights, rows);
    let total = 0, count = 0;
    for (let r = 0; r < rows; r++) {
      const m = w ? w[r] : 1;
      if (m === 0) continue;
      let sum = 0;
      for (let j = 0; j < cols; j++) {
        const e = predictions.data[r * cols + j] - targets.data[r * cols + j];
        sum += e * e;
      }
      total += m * sum;
      count += m;
    }
    const loss = count > 0 ? total / (count * cols) : 0;
    return { loss, count, predictions, targets, weights: w };
  }

  /** ∂loss/∂predictions for a pass: `2·w_r·(y − t)/(N·Σw)`. */
  backward(pass: MSEPass): Matrix {
    const { predictions: y, targets: t, weights, count } = pass;
    const dy = zeros(y.rows, y.cols, y.dtype);
    if (count === 0) return dy;
    for (let r = 0; r < y.rows; r++) {
      const scale = (2 * (weights ? weights[r] : 1)) / (count * y.cols);
      for (let j = 0; j < y.cols; j++) {
        const i = r * y.cols + j;
        dy.data[i] = scale * (y.data[i] - t.data[i]);
      }
    }
    return dy;
  }
}
