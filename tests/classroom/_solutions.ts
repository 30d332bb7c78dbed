/**
 * The reference solutions in `exercises/`, by exercise id.
 *
 * @module
 */

import { bptt } from "../../exercises/bptt.ts";
import { clipGradNorm } from "../../exercises/clip.ts";
import { dynamicEvaluation } from "../../exercises/dynamic_evaluation.ts";
import { gruStepBackward, gruStepForward } from "../../exercises/gru_step.ts";
import { knDiscounts } from "../../exercises/kn_discounts.ts";
import { lstmStepBackward, lstmStepForward } from "../../exercises/lstm_step.ts";
import { perplexity } from "../../exercises/perplexity.ts";
import { rnnForward } from "../../exercises/rnn_forward.ts";
import { rnnStepBackward, rnnStepForward } from "../../exercises/rnn_step.ts";
import { softmaxCrossEntropy, softmaxCrossEntropyBackward } from "../../exercises/softmax_loss.ts";

/** Each exercise's reference solution. */
export const byId: Record<string, unknown> = {
  rnn_step_forward: rnnStepForward,
  rnn_step_backward: rnnStepBackward,
  rnn_forward: rnnForward,
  bptt,
  softmax_cross_entropy: softmaxCrossEntropy,
  softmax_cross_entropy_backward: softmaxCrossEntropyBackward,
  clip_grad_norm: clipGradNorm,
  perplexity,
  lstm_step_forward: lstmStepForward,
  lstm_step_backward: lstmStepBackward,
  gru_step_forward: gruStepForward,
  gru_step_backward: gruStepBackward,
  kn_discounts: knDiscounts,
  dynamic_evaluation: dynamicEvaluation,
};
