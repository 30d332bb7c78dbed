/**
 * Softmax cross-entropy over all time steps, with an optional mask.
 *
 * ```
 * loss = −Σ_r m_r · log softmax(z_r)[y_r]  /  Σ_r m_r
 * ∂loss/∂z_r = m_r · (softmax(z_r) − onehot(y_r)) / Σ_r m_r
 * ```
 *
 * Rows are (time, batch) pairs of a flattened sequence; the mask gives padding
 * rows weight 0. The log-probability is computed as `z − max − log Σ exp(z −
 * max)`, which stays finite for logits of any size.
 *
 * @module
 */

import { type Matrix, zeros } from "../core/matrix.ts";
import { softmax } from "../core/ops.ts";
import type { Ids } from "./embedding.ts";

/** Mean cross-entropy of softmax(logits) against target ids. */
export class SoftmaxCrossEntropy {
  /** softmax(logits) of the last forward call. */
  probs: Matrix | undefined;
  #targets: Ids | undefined;
  #mask: ArrayLike<number> | undefined;
  #count = 0;

  /**
   * The masked mean loss in nats. `mask[r]` (≥ 0, default 1) weights row r;
   * targets of rows with weight 0 are not read.
   *
   * @example
   * ```ts
   * import { fromArray, SoftmaxCrossEntropy } from "../mod.ts";
   * const loss = new SoftmaxCrossEntropy().forward(fromArray([[0, 0]]), [1]);
   * console.assert(Math.abs(loss - Math.log(2)) < 1e-12);
   * ```
   */
  forward(logits: Matrix, targets: Ids, mask?: ArrayLike<number>): number {
    const { rows, cols } = logits;
    if (targets.length !== rows) {
      throw new RangeError(
        `SoftmaxCrossEntropy: ${targets.length} targets for ${rows} rows of logits`,
      );
    }
    if (mask && mask.length !== rows) {
      throw new RangeError(`SoftmaxCrossEntropy: mask has ${mask.length} entries for ${rows} rows`);
    }
    let total = 0, count = 0;
    const z = logits.data;
    for (let r = 0; r < rows; r++) {
      const m = mask ? mask[r] : 1;
      if (!(m >= 0)) throw new RangeError(`SoftmaxCrossEntropy: mask[${r}] is ${m}, expected ≥ 0`);
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
    this.probs = softmax(logits);
    this.#targets = targets;
    this.#mask = mask;
    this.#count = count;
    return count > 0 ? total / count : 0;
  }

  /** ∂loss/∂logits for the last forward call. */
  backward(): Matrix {
    const probs = this.probs, targets = this.#targets;
    if (!probs || !targets) throw new Error("SoftmaxCrossEntropy.backward called before forward");
    const { rows, cols } = probs;
    const dz = zeros(rows, cols, probs.dtype);
    if (this.#count === 0) return dz;
    const mask = this.#mask;
    for (let r = 0; r < rows; r++) {
      const w = (mask ? mask[r] : 1) / this.#count;
      if (w === 0) continue;
      const base = r * cols;
      for (let j = 0; j < cols; j++) dz.data[base + j] = w * probs.data[base + j];
      dz.data[base + targets[r]] -= w;
    }
    return dz;
  }
}
