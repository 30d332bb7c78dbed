/**
 * Exercises `rnn_step_forward` (notebook 01) and `rnn_step_backward` (notebook
 * 04): one time step of an Elman RNN, forward and backward, batches as rows.
 *
 * Allowed from the engine: `lib/core/matrix.ts`, and `matmul`, `addBias`,
 * `transpose`, `addScaled` from `lib/core/ops.ts`. Not the engine's `RNNCell`
 * or `activate`/`activateBackward`: a file that imports them scores 0.
 *
 * @module
 */

import type { RNNCellWeights, RNNStepRecord, StepGradients } from "../lib/check/exercise_types.ts";
import { type Matrix, zeros } from "../lib/core/matrix.ts";
import { addBias, matmul } from "../lib/core/ops.ts";
// #region stub
// import { NotImplementedError } from "../lib/check/not_implemented.ts";
// #endregion stub

/**
 * One step forward: `h = tanh(x·Wxh + hPrev·Whh + b)`.
 *
 * `x` is [batch × input], `hPrev` [batch × hidden]; return `{ x, hPrev, h }`
 * with `h` a new [batch × hidden] matrix (do not change the inputs).
 */
export function rnnStepForward(x: Matrix, hPrev: Matrix, w: RNNCellWeights): RNNStepRecord {
  // #region solution
  const a = matmul(x, w.Wxh);
  matmul(hPrev, w.Whh, { out: a, accumulate: true });
  addBias(a, w.b);
  for (let i = 0; i < a.data.length; i++) a.data[i] = Math.tanh(a.data[i]);
  return { x, hPrev, h: a };
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("rnn_step_forward");
  // #endregion stub
}

/**
 * One step backward. Given `dh = ∂L/∂h` [batch × hidden] and the step's
 * record `{ x, hPrev, h }` from {@link rnnStepForward}, return the gradients
 * of the loss with respect to all five inputs of the step: `dx`, `dhPrev`,
 * `dWxh`, `dWhh`, `db`, each of the shape of what it is the gradient of
 * (notebook 04 derives them).
 *
 * Return new matrices; do not change `dh`, the record or the weights.
 */
export function rnnStepBackward(dh: Matrix, step: RNNStepRecord, w: RNNCellWeights): StepGradients {
  // #region solution
  const { x, hPrev, h } = step;
  const da = zeros(h.rows, h.cols, h.dtype);
  for (let i = 0; i < da.data.length; i++) {
    da.data[i] = dh.data[i] * (1 - h.data[i] * h.data[i]);
  }
  const db = zeros(1, h.cols, h.dtype);
  for (let r = 0; r < h.rows; r++) {
    for (let j = 0; j < h.cols; j++) db.data[j] += da.data[r * h.cols + j];
  }
  return {
    dx: matmul(da, w.Wxh, { transB: true }),
    dhPrev: matmul(da, w.Whh, { transB: true }),
    dWxh: matmul(x, da, { transA: true }),
    dWhh: matmul(hPrev, da, { transA: true }),
    db,
  };
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("rnn_step_backward");
  // #endregion stub
}
