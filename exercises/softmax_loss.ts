/**
 * Exercises `softmax_cross_entropy` and `softmax_cross_entropy_backward`
 * (notebook 03): the loss of a language model and its gradient.
 *
 * Rows are (time, batch) pairs; `targets[r]` is the index of the right class
 * of row r; `mask[r] ≥ 0` (default 1) weights row r, and rows with weight 0
 * are ignored (their targets are not read):
 * ```
 * loss = −Σ_r m_r · log softmax(z_r)[y_r] / Σ_r m_r
 * ∂loss/∂z_r = m_r · (softmax(z_r) − onehot(y_r)) / Σ_r m_r
 * ```
 * Logits can be large (hundreds): subtract each row's maximum before `exp`.
 *
 * Allowed from the engine: `lib/core/matrix.ts` only (not `softmax` from
 * `lib/core/ops.ts`, not `SoftmaxCrossEntropy`).
 *
 * @module
 */

import { type Matrix, zeros } from "../lib/core/matrix.ts";
// #region stub
// import { NotImplementedError } from "../lib/check/not_implemented.ts";
// #endregion stub

/** The mean (mask-weighted) softmax cross-entropy of `logits` [rows × classes] against `targets`, in nats. */
export function softmaxCrossEntropy(
  logits: Matrix,
  targets: ArrayLike<number>,
  mask?: ArrayLike<number>,
): number {
  // #region solution
  let total = 0, count = 0;
  for (let r = 0; r < logits.rows; r++) {
    const m = mask ? mask[r] : 1;
    if (m === 0) continue;
    const z = logits.row(r);
    const lse = logSumExp(z);
    total += m * (lse - z[targets[r]]);
    count += m;
  }
  return count > 0 ? total / count : 0;
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("softmax_cross_entropy");
  // #endregion stub
}

/** ∂loss/∂logits of {@link softmaxCrossEntropy}: `m_r · (p_r − onehot(y_r)) / Σ m`, a new matrix. */
export function softmaxCrossEntropyBackward(
  logits: Matrix,
  targets: ArrayLike<number>,
  mask?: ArrayLike<number>,
): Matrix {
  // #region solution
  const dz = zeros(logits.rows, logits.cols, logits.dtype);
  let count = 0;
  for (let r = 0; r < logits.rows; r++) count += mask ? mask[r] : 1;
  if (count === 0) return dz;
  for (let r = 0; r < logits.rows; r++) {
    const weight = (mask ? mask[r] : 1) / count;
    if (weight === 0) continue;
    const z = logits.row(r);
    const lse = logSumExp(z);
    for (let j = 0; j < z.length; j++) dz.data[r * z.length + j] = weight * Math.exp(z[j] - lse);
    dz.data[r * z.length + targets[r]] -= weight;
  }
  return dz;
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("softmax_cross_entropy_backward");
  // #endregion stub
}

// #region solution
/** `log Σ exp(z)`, computed as `max + log Σ exp(z − max)` so it stays finite. */
function logSumExp(z: ArrayLike<number>): number {
  let max = -Infinity;
  for (let j = 0; j < z.length; j++) if (z[j] > max) max = z[j];
  let sum = 0;
  for (let j = 0; j < z.length; j++) sum += Math.exp(z[j] - max);
  return max + Math.log(sum);
}
// #endregion solution
