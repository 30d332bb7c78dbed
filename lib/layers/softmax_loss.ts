/**
 * Softmax cross-entropy over rows, with optional weights (a mask).
 *
 * ```
 * loss = −Σ_r m_r · log softmax(z_r)[y_r]  /  Σ_r m_r
 * ∂loss/∂z_r = m_r · (softmax(z_r) − onehot(y_r)) / Σ_r m_r
 * ```
 *
 * Rows are (time, batch) pairs of a sequence batch; weight 0 leaves out
 * padding. The log-probability is computed as `z − max − log Σ exp(z − max)`,
 * which stays finite for logits of any size.
 *
 * @module
 */

import { requireWeights } from "../core/guards.ts";
import { type Matrix, zeros } from "../core/matrix.ts";
import { softmax } from "../core/ops.ts";

/** What {@link SoftmaxCrossEntropy.forward} returns. */
export interface LossPass {
  /** The weighted mean cross-entropy, in nats. */
  readonly loss: number;
  /** Σ weights: how many (real) rows the mean is over. */
  readonly count: number;
  /** softmax(logits), one distribution per row. */
  readonly probs: Matrix;
  /** The target of each row. */
  readonly targets: ArrayLike<number>;
  /** The weight of each row (undefined: all 1). */
  readonly weights: Float64Array | undefined;
}

/**
 * The mean cross-entropy of softmax(logits) against target ids. It has no
 * parameters: `forward` returns everything `backward` needs.
 *
 * @example
 * ```ts
 * import { fromArray, SoftmaxCrossEntropy } from "../mod.ts";
 * const loss = new SoftmaxCrossEntropy();
 * const pass = loss.forward(fromArray([[0, 0]]), [1]);
 * console.assert(Math.abs(pass.loss - Math.log(2)) < 1e-12);
 * console.assert(loss.backward(pass).data.join() === "0.5,-0.5");
 * ```
 */
export class SoftmaxCrossEntropy {
  /**
   * The weighted mean loss in nats. `weights[r]` (finite, ≥ 0, default 1)
   * weighs row r; targets of rows with weight 0 are not read.
   */
  forward(logits: Matrix, targets: ArrayLike<number>, weights?: ArrayLike<number>): LossPass {
    const { rows, cols } = logits;
    if (targets.length !== rows) {
      throw new RangeError(
        `SoftmaxCrossEntropy: ${targets.length} targets for ${rows} rows of logits`,
      );
    }
    const w = weights === undefined
      ? undefined
      : requireWeights("SoftmaxCrossEntropy weights", weights, rows);
    let total = 0, count = 0;
    const z = logits.data;
    for (let r = 0; r < rows; r++) {
      const m = w ? w[r] : 1;
      if (m === 0) continue;
      const y = targets[r];
      if (!Number.isInteger(y) || y < 0 || y >= cols) {
        throw new RangeError(
          `SoftmaxCrossEntropy: target ${y} at row ${r} is outside [0, ${cols})`,
        );
      }
      const base = r * cols;
      let max = -Infinity;
      for (let j = 0; j < cols; j++) if (z[base + j] > max) max = z[base + j];
      let sum = 0;
      for (let j = 0; j < cols; j++) sum += Math.exp(z[base + j] - max);
      total += m * (max + Math.log(sum) - z[base + y]);
      count += m;
    }
    const loss = count > 0 ? total / count : 0;
    return { loss, count, probs: softmax(logits), targets, weights: w };
  }

  /** ∂loss/∂logits for a pass: `w_r·(p_r − onehot(y_r))/Σw`. */
  backward(pass: LossPass): Matrix {
    const { probs, targets, weights, count } = pass;
    const { rows, cols } = probs;
    const dz = zeros(rows, cols, probs.dtype);
    if (count === 0) return dz;
    for (let r = 0; r < rows; r++) {
      const w = (weights ? weights[r] : 1) / count;
      if (w === 0) continue;
      const base = r * cols;
      for (let j = 0; j < cols; j++) dz.data[base + j] = w * probs.data[base + j];
      dz.data[base + targets[r]] -= w;
    }
    return dz;
  }
}
