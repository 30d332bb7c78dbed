/**
 * The reference solutions in `exercises/`, by exercise id.
 *
 * @module
 */

import { bptt } from "../../exercises/bptt.ts";
import { clipGradNorm } from "../../exercises/clip.ts";
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
};
