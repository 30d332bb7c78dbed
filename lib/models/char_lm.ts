/**
 * The character-level language model: tokens → (one-hot or embedding) →
 * Elman RNN over time → affine → softmax cross-entropy.
 *
 * ```
 * h_t = tanh(x_t·Wxh + h_{t−1}·Whh + b)
 * y_t = h_t·Why + by          p_t = softmax(y_t)
 * ```
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import { type Affine, outputLayer } from "../layers/affine.ts";
import { Embedding, type Ids, oneHot } from "../layers/embedding.ts";
import type { Param } from "../layers/param.ts";
import type { HiddenActivation } from "../layers/rnn_cell.ts";
import { SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import { TimeRNN } from "../layers/time_rnn.ts";
import { Random } from "../random.ts";
import type { LanguageModel } from "./language_model.ts";

/** Options of {@link CharLM}. */
export interface CharLMOptions {
  /** Number of distinct characters. */
  vocabSize: number;
  /** Hidden units of the RNN. */
  hiddenSize: number;
  /** Size of a learned embedding; omit for one-hot inputs (as in the classic "hello" model). */
  embeddingSize?: number;
  /** Hidden nonlinearity (default tanh). */
  activation?: HiddenActivation;
  /** With `false` the RNN has no recurrent weight (no memory), for comparisons. */
  recurrent?: boolean;
  /** float64 (default; exact, for checks) or float32 (fast training). */
  dtype?: DType;
  /** Seed of the initialisation. */
  seed?: number;
}

/**
 * An Elman RNN language model over characters, with parameters named as in the
 * math: `E` (embedding, when used), `Wxh`, `Whh`, `b`, `Why`, `by`.
 *
 * @example
 * ```ts
 * import { CharLM } from "./char_lm.ts";
 * const lm = new CharLM({ vocabSize: 4, hiddenSize: 8, seed: 1 });
 * const loss = lm.forward([0, 1, 2], [1, 2, 3], 1);
 * lm.backward();
 * console.assert(loss > 0 && lm.params.length === 5);
 * ```
 */
export class CharLM implements LanguageModel {
  /** The embedding, or undefined for one-hot inputs. */
  readonly embedding: Embedding | undefined;
  /** The recurrent layer (stateful: truncated BPTT). */
  readonly rnn: TimeRNN;
  /** Hidden → logits. */
  readonly head: Affine;
  /** The loss layer; its `probs` hold the last predicted distributions. */
  readonly loss = new SoftmaxCrossEntropy();
  /** Number of distinct characters. */
  readonly vocabSize: number;
  /** Element type of every parameter. */
  readonly dtype: DType;
  #batchSize = 0;

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: CharLMOptions) {
    const { vocabSize, hiddenSize, embeddingSize, activation, recurrent, dtype = "float64" } =
      options;
    const rng = new Random(options.seed ?? 0);
    this.vocabSize = vocabSize;
    this.dtype = dtype;
    this.embedding = embeddingSize === undefined
      ? undefined
      : new Embedding({ vocabSize, embeddingSize, rng, dtype });
    const inputSize = embeddingSize ?? vocabSize;
    this.rnn = new TimeRNN({ inputSize, hiddenSize, rng, activation, recurrent, dtype });
    this.head = outputLayer(hiddenSize, vocabSize, rng, dtype);
  }

  /** All parameters, input side first. */
  get params(): Param[] {
    return [...(this.embedding?.params ?? []), ...this.rnn.params, ...this.head.params];
  }

  /** The carried hidden state. */
  get state(): Matrix | undefined {
    return this.rnn.state;
  }
  set state(h: Matrix | undefined) {
    this.rnn.state = h;
  }

  /** Forgets the carried hidden state. */
  resetState(): void {
    this.rnn.resetState();
  }

  /** Logits `[T·B × vocab]` for time-major input ids. */
  logits(inputs: Ids, batchSize: number): Matrix {
    const xs = this.embedding
      ? this.embedding.forward(inputs)
      : oneHot(inputs, this.vocabSize, this.dtype);
    this.#batchSize = batchSize;
    return this.head.forward(this.rnn.forward(xs, batchSize));
  }

  /** Mean cross-entropy (nats per character) of predicting `targets`. */
  forward(inputs: Ids, targets: Ids, batchSize: number, mask?: ArrayLike<number>): number {
    return this.loss.forward(this.logits(inputs, batchSize), targets, mask);
  }

  /** Backward through loss, head, RNN (all steps) and embedding. */
  backward(): void {
    if (this.#batchSize === 0) throw new Error("CharLM.backward called before forward");
    const dhs = this.head.backward(this.loss.backward());
    const dxs = this.rnn.backward(dhs);
    this.embedding?.backward(dxs);
  }
}
