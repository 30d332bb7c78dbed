/**
 * The signatures of the course's coding exercises: what each function in
 * `exercises/` receives and returns. Batches are rows, as in the engine.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";

/** The weights of an Elman RNN cell: `Wxh` [input × hidden], `Whh` [hidden × hidden], `b` [1 × hidden]. */
export interface RNNCellWeights {
  /** Input-to-hidden weight. */
  readonly Wxh: Matrix;
  /** Hidden-to-hidden (recurrent) weight. */
  readonly Whh: Matrix;
  /** Bias, one row. */
  readonly b: Matrix;
}

/** What one forward step keeps for its backward step (the engine's `RNNStep`). */
export interface RNNStepRecord {
  /** Input `x_t` [batch × input]. */
  readonly x: Matrix;
  /** Previous state `h_{t−1}` [batch × hidden]. */
  readonly hPrev: Matrix;
  /** New state `h_t = tanh(x_t·Wxh + h_{t−1}·Whh + b)` [batch × hidden]. */
  readonly h: Matrix;
}

/** The gradients of one backward step: every input of the step gets one, of its own shape. */
export interface StepGradients {
  /** ∂L/∂x_t [batch × input]. */
  readonly dx: Matrix;
  /** ∂L/∂h_{t−1} [batch × hidden]: flows into the previous step. */
  readonly dhPrev: Matrix;
  /** This step's share of ∂L/∂Wxh [input × hidden]. */
  readonly dWxh: Matrix;
  /** This step's share of ∂L/∂Whh [hidden × hidden]. */
  readonly dWhh: Matrix;
  /** This step's share of ∂L/∂b [1 × hidden]. */
  readonly db: Matrix;
}

/** The result of backpropagation through a whole sequence. */
export interface BPTTGradients {
  /** ∂L/∂Wxh summed over all steps. */
  readonly dWxh: Matrix;
  /** ∂L/∂Whh summed over all steps. */
  readonly dWhh: Matrix;
  /** ∂L/∂b summed over all steps. */
  readonly db: Matrix;
  /** ∂L/∂h_0: the gradient that reaches the initial state. */
  readonly dh0: Matrix;
}

/** `rnn_step_forward`: one step, `h = tanh(x·Wxh + hPrev·Whh + b)`. */
export type StepForwardFn = (x: Matrix, hPrev: Matrix, w: RNNCellWeights) => RNNStepRecord;

/** `rnn_step_backward`: gradients of one step given `dh = ∂L/∂h`. */
export type StepBackwardFn = (dh: Matrix, step: RNNStepRecord, w: RNNCellWeights) => StepGradients;

/** `rnn_forward`: runs a step function over a sequence `xs` from `h0`, one record per step. */
export type SequenceForwardFn = (
  xs: readonly Matrix[],
  h0: Matrix,
  w: RNNCellWeights,
  stepForward: StepForwardFn,
) => RNNStepRecord[];

/**
 * `bptt`: given the forward records of every step and the direct gradients
 * `dhs[t] = ∂ℓ_t/∂h_t`, walks time in reverse and sums the weight gradients.
 */
export type BPTTFn = (
  steps: readonly RNNStepRecord[],
  dhs: readonly Matrix[],
  w: RNNCellWeights,
  stepBackward: StepBackwardFn,
) => BPTTGradients;

/** `softmax_cross_entropy`: mean cross-entropy over rows (weighted by `mask` when given), in nats. */
export type SoftmaxCrossEntropyFn = (
  logits: Matrix,
  targets: ArrayLike<number>,
  mask?: ArrayLike<number>,
) => number;

/** `softmax_cross_entropy_backward`: ∂loss/∂logits = mask · (p − y) / Σ mask. */
export type SoftmaxCrossEntropyBackwardFn = (
  logits: Matrix,
  targets: ArrayLike<number>,
  mask?: ArrayLike<number>,
) => Matrix;

/** `clip_grad_norm`: rescales `grads` in place to a global L2 norm ≤ `maxNorm`; returns the norm before. */
export type ClipGradNormFn = (grads: readonly Matrix[], maxNorm: number) => number;

/** `perplexity`: `exp(−mean log p)` of per-token natural-log probabilities. */
export type PerplexityFn = (logProbs: ArrayLike<number>) => number;
