/**
 * The recurrent language model: tokens → (one-hot or embedding) → recurrent
 * layer(s) over time → affine → softmax cross-entropy against the next token.
 *
 * ```
 * h_t = cell(x_t, h_{t−1})          (tanh RNN by default; LSTM, GRU, stacks)
 * y_t = h_t·Why + by                p_t = softmax(y_t)
 * ```
 *
 * Stateful by default (truncated BPTT): each training batch starts from the
 * state the previous one left. Scoring, prediction and sampling pass their own
 * state and leave the training state alone.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import { softmax } from "../core/ops.ts";
import type { TokenBatch } from "../core/sequence_batch.ts";
import type { AlignedBatch } from "../data/batches.ts";
import type { Affine, AffinePass } from "../layers/affine.ts";
import type { Param } from "../layers/param.ts";
import type { RecurrentLayer, RecurrentPass, RecurrentState } from "../layers/recurrent.ts";
import { type LossPass, SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import type { TokenInput, TokenInputPass } from "../layers/token_input.ts";
import { Random } from "../random.ts";
import { argmaxRows } from "../sampling/pick.ts";
import { type RecurrentModelOptions, recurrentParts } from "./_parts.ts";
import type { Model, ModelPass, Predictor } from "./model.ts";

/** Options of {@link LanguageModel}. */
export interface LanguageModelOptions extends RecurrentModelOptions {
  /** Number of distinct tokens. */
  vocabSize: number;
  /** Carry the state from batch to batch (default true: truncated BPTT). */
  stateful?: boolean;
}

/** The model's scores for a batch of tokens, and how it got them. */
export interface LanguageModelScores {
  /** Next-token scores `[T·B × vocab]`. */
  readonly logits: Matrix;
  /** The recurrent layer's pass: hidden states (`hidden.trace.h`), final state. */
  readonly hidden: RecurrentPass;
  /** The input layer's pass. */
  readonly input: TokenInputPass;
  /** The output layer's pass. */
  readonly head: AffinePass;
}

/** A forward pass: the loss and everything backward needs. */
export interface LanguageModelPass extends ModelPass, LanguageModelScores {
  /** The next-token distributions `[T·B × vocab]`. */
  readonly probs: Matrix;
  /** The loss layer's pass. */
  readonly lossPass: LossPass;
}

/**
 * A recurrent next-token model with parameters named as in the math: `E`
 * (embedding, when used), the recurrent layer's (`Wxh`, `Whh`, `b` for the
 * RNN), `Why`, `by`.
 *
 * @example
 * ```ts
 * import { LanguageModel, SequenceBatch } from "../mod.ts";
 * const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 8, seed: 1 });
 * const batch = { inputs: SequenceBatch.tokens([0, 1, 2], 1), targets: SequenceBatch.tokens([1, 2, 3], 1) };
 * const pass = lm.forward(batch);
 * lm.backward(pass);
 * console.assert(pass.loss > 0 && lm.params.length === 5 && pass.hidden.trace.h.rows === 3);
 * ```
 */
export class LanguageModel
  implements Model<AlignedBatch, LanguageModelPass>, Predictor<TokenBatch, Int32Array> {
  /** Token ids → vectors. */
  readonly input: TokenInput;
  /** The recurrent layer(s). */
  readonly rnn: RecurrentLayer;
  /** Hidden → logits. */
  readonly head: Affine;
  /** The loss. */
  readonly loss = new SoftmaxCrossEntropy();
  /** Number of distinct tokens. */
  readonly vocabSize: number;
  /** Element type of every parameter. */
  readonly dtype: DType;
  /** The options it was built with (to build a copy, e.g. in another dtype). */
  readonly options: Readonly<LanguageModelOptions>;

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: LanguageModelOptions) {
    const { vocabSize, dtype = "float64", stateful = true } = options;
    this.options = { ...options };
    const rng = new Random(options.seed ?? 0);
    this.vocabSize = vocabSize;
    this.dtype = dtype;
    const parts = recurrentParts({ ...options, outputSize: vocabSize, stateful }, rng);
    this.input = parts.input;
    this.rnn = parts.rnn;
    this.head = parts.head;
  }

  /** All parameters, input side first. */
  get params(): Param[] {
    return [...this.input.params, ...this.rnn.params, ...this.head.params];
  }

  /** The carried state (undefined: zeros). */
  get state(): RecurrentState | undefined {
    return this.rnn.state;
  }
  set state(state: RecurrentState | undefined) {
    this.rnn.state = state;
  }

  /** Forgets the carried state. */
  resetState(): void {
    this.rnn.resetState();
  }

  /** A zero state for `batchSize` streams. */
  zeroState(batchSize: number): RecurrentState {
    return this.rnn.zeroState(batchSize);
  }

  /**
   * Next-token scores for `inputs`. From `initial` when given (the carried
   * state is left alone), else from the carried state (and a stateful model
   * carries the final state on).
   */
  scores(inputs: TokenBatch, initial?: RecurrentState): LanguageModelScores {
    const input = this.input.forward(inputs);
    const hidden = this.rnn.forward(input.xs, initial);
    const head = this.head.forward(hidden.ys.data);
    return { logits: head.y, hidden, input, head };
  }

  /** Mean cross-entropy (nats per real token) of predicting `batch.targets`. */
  forward(batch: AlignedBatch, initial?: RecurrentState): LanguageModelPass {
    const { inputs, targets } = batch;
    if (targets.rows !== inputs.rows) {
      throw new RangeError(`LanguageModel: ${targets.rows} targets for ${inputs.rows} inputs`);
    }
    const scores = this.scores(inputs, initial);
    const lossPass = this.loss.forward(
      scores.logits,
      targets.data,
      targets.isFull ? undefined : targets.mask,
    );
    return {
      ...scores,
      loss: lossPass.loss,
      count: lossPass.count,
      probs: lossPass.probs,
      lossPass,
    };
  }

  /** Backward through loss, output layer, every time step and the input layer. */
  backward(pass: LanguageModelPass): void {
    const dhs = this.head.backward(this.loss.backward(pass.lossPass), pass.head);
    const { dxs } = this.rnn.backward(dhs, pass.hidden);
    this.input.backward(dxs, pass.input);
  }

  /** Next-token distributions `[T·B × vocab]`, from `initial` or a zero state. */
  probabilities(inputs: TokenBatch, initial?: RecurrentState): Matrix {
    return softmax(this.scores(inputs, initial ?? this.zeroState(inputs.batchSize)).logits);
  }

  /** The most likely next token at every position, from a zero state. */
  predict(inputs: TokenBatch): Int32Array {
    return argmaxRows(this.scores(inputs, this.zeroState(inputs.batchSize)).logits);
  }
}
