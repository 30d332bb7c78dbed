/**
 * Exercise `bptt` (notebook 04): backpropagation through time over one
 * sequence, given the forward records of every step.
 *
 * The loss is `L = Σ_t ℓ_t`, and `dhs[t] = ∂ℓ_t/∂h_t` is the part of the
 * gradient that reaches `h_t` directly from its own output. The total
 * gradient at `h_t` also gets what flows back from step t + 1:
 * ```
 * dh_t = dhs[t] + dhPrev from the backward of step t + 1
 * ```
 * Walk time in reverse, call `stepBackward(dh_t, steps[t], w)` at each step,
 * and sum the weight gradients of all steps (the same weights serve every
 * step). What flows out of the first step is `dh0 = ∂L/∂h_0`.
 *
 * Allowed from the engine: `lib/core/matrix.ts`, and `addScaled`, `matmul`
 * from `lib/core/ops.ts`. Not the engine's `RNN` layer, `RNNCell` or
 * `lib/models/bptt.ts`.
 *
 * @module
 */

import type {
  BPTTGradients,
  RNNCellWeights,
  RNNStepRecord,
  StepBackwardFn,
} from "../lib/check/exercise_types.ts";
import { type Matrix, zeros } from "../lib/core/matrix.ts";
import { addScaled } from "../lib/core/ops.ts";
// #region stub
// import { NotImplementedError } from "../lib/check/not_implemented.ts";
// #endregion stub

/** BPTT over `steps` (time order) with direct gradients `dhs` (one per step); see the module doc. */
export function bptt(
  steps: readonly RNNStepRecord[],
  dhs: readonly Matrix[],
  w: RNNCellWeights,
  stepBackward: StepBackwardFn,
): BPTTGradients {
  // #region solution
  const dWxh = zeros(w.Wxh.rows, w.Wxh.cols, w.Wxh.dtype);
  const dWhh = zeros(w.Whh.rows, w.Whh.cols, w.Whh.dtype);
  const db = zeros(1, w.b.cols, w.b.dtype);
  let dhNext: Matrix | undefined;
  for (let t = steps.length - 1; t >= 0; t--) {
    const dh = dhs[t].clone();
    if (dhNext) addScaled(dh, dhNext);
    const g = stepBackward(dh, steps[t], w);
    addScaled(dWxh, g.dWxh);
    addScaled(dWhh, g.dWhh);
    addScaled(db, g.db);
    dhNext = g.dhPrev;
  }
  const dh0 = dhNext ?? zeros(dhs[0]?.rows ?? 0, w.Whh.rows, w.Whh.dtype);
  return { dWxh, dWhh, db, dh0 };
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("bptt");
  // #endregion stub
}
