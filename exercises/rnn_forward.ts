/**
 * Exercise `rnn_forward` (notebook 02): run one step function over a whole
 * sequence. Every RNN type of notebook 02 (one-to-many, many-to-one, aligned,
 * encoder–decoder) is this loop; they differ in where inputs enter and where
 * outputs are read.
 *
 * Allowed from the engine: `lib/core/matrix.ts`. Not the engine's `RNN` layer
 * or `RNNCell`: a file that imports them scores 0.
 *
 * @module
 */

import type { RNNCellWeights, RNNStepRecord, StepForwardFn } from "../lib/check/exercise_types.ts";
import type { Matrix } from "../lib/core/matrix.ts";
// #region stub
// import { NotImplementedError } from "../lib/check/not_implemented.ts";
// #endregion stub

/**
 * Runs `stepForward` over `xs` (one [batch × input] matrix per time step)
 * from the initial state `h0`, feeding each new state into the next step.
 * Returns one record per step, in time order (an empty array for no steps).
 */
export function rnnForward(
  xs: readonly Matrix[],
  h0: Matrix,
  w: RNNCellWeights,
  stepForward: StepForwardFn,
): RNNStepRecord[] {
  // #region solution
  const steps: RNNStepRecord[] = [];
  let h = h0;
  for (const x of xs) {
    const step = stepForward(x, h, w);
    steps.push(step);
    h = step.h;
  }
  return steps;
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("rnn_forward");
  // #endregion stub
}
