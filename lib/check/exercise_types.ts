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

/**
 * The weights of an LSTM cell, gate blocks in PyTorch's order i, f, g, o
 * (each `hidden` columns wide): `Wx` [input × 4·hidden], `Wh` [hidden ×
 * 4·hidden], `b` [1 × 4·hidden].
 */
export interface LSTMCellWeights {
  /** Input weights of the four gates. */
  readonly Wx: Matrix;
  /** Recurrent weights of the four gates. */
  readonly Wh: Matrix;
  /** Biases of the four gates, one row. */
  readonly b: Matrix;
}

/** What one LSTM step keeps for its backward step (every gate and state [batch × hidden]). */
export interface LSTMStepRecord {
  /** Input `x_t` [batch × input]. */
  readonly x: Matrix;
  /** Previous output `h_{t−1}`. */
  readonly hPrev: Matrix;
  /** Previous cell state `c_{t−1}`. */
  readonly cPrev: Matrix;
  /** Input gate `σ(a_i)`. */
  readonly i: Matrix;
  /** Forget gate `σ(a_f)`. */
  readonly f: Matrix;
  /** Candidate `tanh(a_g)`. */
  readonly g: Matrix;
  /** Output gate `σ(a_o)`. */
  readonly o: Matrix;
  /** New cell state `c_t = f ⊙ c_{t−1} + i ⊙ g`. */
  readonly c: Matrix;
  /** New output `h_t = o ⊙ tanh(c_t)`. */
  readonly h: Matrix;
}

/** The gradients of one LSTM step. */
export interface LSTMBackwardResult {
  /** ∂L/∂x_t [batch × input]. */
  readonly dx: Matrix;
  /** ∂L/∂h_{t−1}. */
  readonly dhPrev: Matrix;
  /** ∂L/∂c_{t−1}: flows into the previous step along the cell state. */
  readonly dcPrev: Matrix;
  /** This step's share of ∂L/∂Wx [input × 4·hidden]. */
  readonly dWx: Matrix;
  /** This step's share of ∂L/∂Wh [hidden × 4·hidden]. */
  readonly dWh: Matrix;
  /** This step's share of ∂L/∂b [1 × 4·hidden]. */
  readonly db: Matrix;
}

/** `lstm_step_forward`: one LSTM step. */
export type LSTMStepForwardFn = (
  x: Matrix,
  hPrev: Matrix,
  cPrev: Matrix,
  w: LSTMCellWeights,
) => LSTMStepRecord;

/** `lstm_step_backward`: the gradients of one step given `dh = ∂L/∂h_t` and `dc = ∂L/∂c_t` from the next step. */
export type LSTMStepBackwardFn = (
  dh: Matrix,
  dc: Matrix,
  step: LSTMStepRecord,
  w: LSTMCellWeights,
) => LSTMBackwardResult;

/**
 * The weights of a GRU cell in PyTorch's form, gate blocks r, z, n (each
 * `hidden` columns wide): `Wx` [input × 3·hidden], `Wh` [hidden × 3·hidden],
 * `b` [1 × 3·hidden], and `bhn` [1 × hidden], the bias inside the reset.
 */
export interface GRUCellWeights {
  /** Input weights of r, z, n. */
  readonly Wx: Matrix;
  /** Recurrent weights of r, z, n. */
  readonly Wh: Matrix;
  /** Biases of r, z and (the input side of) n, one row. */
  readonly b: Matrix;
  /** `b_hn`, added to `h_{t−1}·Wh_n` before the reset gate multiplies it. */
  readonly bhn: Matrix;
}

/** What one GRU step keeps for its backward step (every gate and state [batch × hidden]). */
export interface GRUStepRecord {
  /** Input `x_t` [batch × input]. */
  readonly x: Matrix;
  /** Previous state `h_{t−1}`. */
  readonly hPrev: Matrix;
  /** Reset gate. */
  readonly r: Matrix;
  /** Update gate (z = 1 keeps the old state). */
  readonly z: Matrix;
  /** Candidate `n = tanh(x·Wx_n + b_n + r ⊙ (h_{t−1}·Wh_n + b_hn))`. */
  readonly n: Matrix;
  /** New state `h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}`. */
  readonly h: Matrix;
}

/** The gradients of one GRU step. */
export interface GRUBackwardResult {
  /** ∂L/∂x_t [batch × input]. */
  readonly dx: Matrix;
  /** ∂L/∂h_{t−1}. */
  readonly dhPrev: Matrix;
  /** This step's share of ∂L/∂Wx [input × 3·hidden]. */
  readonly dWx: Matrix;
  /** This step's share of ∂L/∂Wh [hidden × 3·hidden]. */
  readonly dWh: Matrix;
  /** This step's share of ∂L/∂b [1 × 3·hidden]. */
  readonly db: Matrix;
  /** This step's share of ∂L/∂b_hn [1 × hidden]. */
  readonly dbhn: Matrix;
}

/** `gru_step_forward`: one GRU step (PyTorch's form). */
export type GRUStepForwardFn = (x: Matrix, hPrev: Matrix, w: GRUCellWeights) => GRUStepRecord;

/** `gru_step_backward`: the gradients of one step given `dh = ∂L/∂h_t`. */
export type GRUStepBackwardFn = (
  dh: Matrix,
  step: GRUStepRecord,
  w: GRUCellWeights,
) => GRUBackwardResult;

/** `kn_discounts`: the discounts [D₁, D₂, D₃₊] of modified Kneser–Ney from the counts of one order's n-grams. */
export type KNDiscountsFn = (counts: Iterable<number>) => [number, number, number];

/**
 * A language model that reads a text one word at a time and can learn while
 * it reads (for `dynamic_evaluation`). It carries its own state: the words it
 * has read since the last {@link OnlineLanguageModel.reset}.
 */
export interface OnlineLanguageModel {
  /** Forgets the words read: the fresh state a text starts from (the weights stay as they are). */
  reset(): void;
  /** Reads `word`: the state moves on to include it, computed with the weights as they are now. */
  read(word: number): void;
  /**
   * `ln P(word | the words read)`: how likely `word` is to come next, with the
   * weights as they are now. Changes nothing. (At least one word must have
   * been read: the first word of a text is context only.)
   */
  logProb(word: number): number;
  /**
   * Learns that `word` came next after the words read: one step of SGD on
   * `−ln P(word | the words read)`, at the model's own learning rate. The
   * weights change; the state does not (read `word` afterwards to move on).
   */
  learn(word: number): void;
}

/**
 * `dynamic_evaluation`: `ln P(text[t] | text[0 … t−1])` for t = 1 … n−1, each
 * scored before the model learns from it, the model learning as it reads.
 */
export type DynamicEvaluationFn = (
  model: OnlineLanguageModel,
  text: ArrayLike<number>,
) => Float64Array;
