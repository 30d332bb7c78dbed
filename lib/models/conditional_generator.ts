/**
 * One-to-many: one class label in, a whole sequence out (e.g. "female" → a
 * first name), ending with an end-of-sequence symbol.
 *
 * The input vector at each step, `x_t`, has one slot per label followed (in
 * the feedback mode) by one slot per token. Two ways to condition:
 *
 * - `"first-step"`, the textbook one-to-many picture: `x_0` = one-hot(label),
 *   `x_t = 0` for t > 0. The RNN must write the whole sequence from its state
 *   alone; its own outputs never come back in, so sampling a surprising token
 *   does not change what follows.
 * - `"feedback"`, the char-LM setup: `x_0` = one-hot(label), `x_t` =
 *   one-hot(token_{t−1}) for t > 0. Trained with teacher forcing (the true
 *   previous token), sampled by feeding back the sampled token.
 *
 * ```
 * h_t = act(x_t·Wxh + h_{t−1}·Whh + b),  h_{−1} = 0       p_t = softmax(h_t·Why + by)
 * targets: token_0 … token_{n−1}, </s>
 * ```
 *
 * @module
 */

import { type DType, Matrix } from "../core/matrix.ts";
import { type Affine, outputLayer } from "../layers/affine.ts";
import type { Param } from "../layers/param.ts";
import type { HiddenActivation } from "../layers/rnn_cell.ts";
import { type PaddedBatch, padSequences } from "../layers/sequence.ts";
import { SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import { TimeRNN } from "../layers/time_rnn.ts";
import { Random } from "../random.ts";
import { pickToken } from "./_inputs.ts";
import { assertLabels, batchIndices, type SupervisedModel } from "./fit.ts";

/** How the label (and the previous token) enter the RNN. */
export type Conditioning = "first-step" | "feedback";

/** Labels and the sequences to generate for them (each followed by `</s>`), padded. */
export interface GenerationBatch {
  /** Label of each sequence `[B]`. */
  readonly labels: Int32Array;
  /** The sequences with `</s>` appended, padded, time-major. */
  readonly targets: PaddedBatch;
}

/** Options of {@link generationBatches}. */
export interface GenerationBatchOptions {
  /** Sequences per batch (the last batch may be smaller). */
  batchSize: number;
  /** Id of `</s>`. */
  eos: number;
  /** Shuffle the examples before splitting (default true). */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  seed?: number;
}

/**
 * Groups `(label, sequence)` examples into batches, appending `</s>` to each
 * sequence.
 *
 * @example
 * ```ts
 * import { generationBatches } from "./conditional_generator.ts";
 * const [b] = generationBatches([[2, 3]], [1], { batchSize: 1, eos: 0 });
 * console.assert(Array.from(b.targets.ids).join() === "2,3,0");
 * ```
 */
export function generationBatches(
  sequences: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  options: GenerationBatchOptions,
): GenerationBatch[] {
  if (sequences.length !== labels.length) {
    throw new RangeError(
      `generationBatches: ${sequences.length} sequences but ${labels.length} labels`,
    );
  }
  return batchIndices(sequences.length, options).map((group) => ({
    labels: Int32Array.from(group, (i) => labels[i]),
    targets: padSequences(group.map((i) => [...Array.from(sequences[i]), options.eos])),
  }));
}

/** Options of {@link ConditionalGenerator}. */
export interface ConditionalGeneratorOptions {
  /** Distinct tokens, including `</s>`. */
  vocabSize: number;
  /** Id of `</s>`. */
  eos: number;
  /** Number of labels. */
  numLabels: number;
  /** Hidden units. */
  hiddenSize: number;
  /** How the label and previous tokens enter (default "feedback"). */
  conditioning?: Conditioning;
  /** Hidden nonlinearity (default tanh). */
  activation?: HiddenActivation;
  /** float64 (default; exact, for checks) or float32. */
  dtype?: DType;
  /** Seed of the initialisation (default 0). */
  seed?: number;
}

/** Options of {@link ConditionalGenerator.sample}. */
export interface SampleOptions {
  /** Stop after this many tokens if `</s>` has not come (default 20). */
  maxLength?: number;
  /** 0: most likely token (greedy); 1 (default): the model's distribution. */
  temperature?: number;
  /** Generator for sampling (default: seeded with 0). */
  rng?: Random;
}

/**
 * Label → RNN → a token per step until `</s>`. Parameters `Wxh`, `Whh`, `b`,
 * `Why`, `by`; `Wxh`'s first `numLabels` rows are the label vectors.
 *
 * @example
 * ```ts
 * import { ConditionalGenerator, generationBatches } from "./conditional_generator.ts";
 * const gen = new ConditionalGenerator({ vocabSize: 4, eos: 0, numLabels: 2, hiddenSize: 8 });
 * const [batch] = generationBatches([[1, 2], [3]], [0, 1], { batchSize: 2, eos: 0 });
 * const loss = gen.forward(batch);
 * gen.backward();
 * console.assert(loss > 0 && gen.sample(1, { maxLength: 5 }).length <= 5);
 * ```
 */
export class ConditionalGenerator implements SupervisedModel<GenerationBatch> {
  /** The recurrent layer (stateless: each sequence starts from h = 0). */
  readonly rnn: TimeRNN;
  /** States → token scores. */
  readonly head: Affine;
  /** The masked loss over steps. */
  readonly loss = new SoftmaxCrossEntropy();
  /** How the label and previous tokens enter. */
  readonly conditioning: Conditioning;
  /** Distinct tokens, including `</s>`. */
  readonly vocabSize: number;
  /** Id of `</s>`. */
  readonly eos: number;
  /** Number of labels. */
  readonly numLabels: number;
  #ready = false;

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: ConditionalGeneratorOptions) {
    const { vocabSize, eos, numLabels, hiddenSize, activation, dtype = "float64" } = options;
    const { conditioning = "feedback", seed = 0 } = options;
    if (conditioning !== "first-step" && conditioning !== "feedback") {
      throw new RangeError(
        `conditioning must be "first-step" or "feedback", got ${JSON.stringify(conditioning)}`,
      );
    }
    assertLabels("ConditionalGenerator </s>", [eos], vocabSize);
    const rng = new Random(seed);
    this.conditioning = conditioning;
    this.vocabSize = vocabSize;
    this.eos = eos;
    this.numLabels = numLabels;
    const inputSize = conditioning === "feedback" ? numLabels + vocabSize : numLabels;
    this.rnn = new TimeRNN({ inputSize, hiddenSize, rng, activation, dtype, stateful: false });
    this.head = outputLayer(hiddenSize, vocabSize, rng, dtype);
  }

  /** `[Wxh, Whh, b, Why, by]`. */
  get params(): Param[] {
    return [...this.rnn.params, ...this.head.params];
  }

  /**
   * The inputs `[T·B × input]`: the label's one-hot at t = 0, then zeros
   * ("first-step") or the previous target token's one-hot ("feedback").
   * Padding rows are zero.
   */
  inputs(labels: ArrayLike<number>, targets: PaddedBatch): Matrix {
    const { steps: T, batchSize: B, ids, lengths } = targets;
    assertLabels("ConditionalGenerator", labels, this.numLabels);
    const D = this.rnn.cell.inputSize;
    const xs = new Matrix(T * B, D, this.head.W.value.dtype);
    for (let i = 0; i < ids.length; i++) {
      if (targets.mask[i] !== 0 && !(ids[i] >= 0 && ids[i] < this.vocabSize)) {
        throw new RangeError(
          `ConditionalGenerator: token ${ids[i]} at row ${i} is outside [0, ${this.vocabSize})`,
        );
      }
    }
    for (let b = 0; b < B; b++) {
      xs.data[b * D + labels[b]] = 1;
      if (this.conditioning === "first-step") continue;
      for (let t = 1; t < lengths[b]; t++) {
        xs.data[(t * B + b) * D + this.numLabels + ids[(t - 1) * B + b]] = 1;
      }
    }
    return xs;
  }

  /** Mean cross-entropy per real target token (including `</s>`), teacher-forced. */
  forward(batch: GenerationBatch): number {
    const { labels, targets } = batch;
    if (labels.length !== targets.batchSize) {
      throw new RangeError(
        `ConditionalGenerator: ${labels.length} labels for a batch of ${targets.batchSize}`,
      );
    }
    const hs = this.rnn.forward(this.inputs(labels, targets), targets.batchSize);
    const loss = this.loss.forward(this.head.forward(hs), targets.ids, targets.mask);
    this.#ready = true;
    return loss;
  }

  /** Backward: loss → head → through time (the one-hot inputs have no parameters). */
  backward(): void {
    if (!this.#ready) throw new Error("ConditionalGenerator.backward called before forward");
    this.rnn.backward(this.head.backward(this.loss.backward()));
  }

  /**
   * A sequence for `label`, one token per step until `</s>` (not included)
   * or `maxLength` tokens. In "feedback" mode each token is fed back in.
   */
  sample(label: number, options: SampleOptions = {}): number[] {
    const { maxLength = 20, temperature = 1, rng = new Random(0) } = options;
    assertLabels("ConditionalGenerator.sample", [label], this.numLabels);
    if (!Number.isInteger(maxLength) || maxLength < 1) {
      throw new RangeError(`maxLength must be a positive integer, got ${maxLength}`);
    }
    const D = this.rnn.cell.inputSize;
    const out: number[] = [];
    let h: Matrix | undefined;
    let x = new Matrix(1, D, this.head.W.value.dtype);
    x.data[label] = 1;
    for (let t = 0; t < maxLength; t++) {
      h = this.rnn.forward(x, 1, h);
      const token = pickToken(this.head.forward(h).row(0), temperature, rng);
      if (token === this.eos) break;
      out.push(token);
      x = new Matrix(1, D, x.dtype);
      if (this.conditioning === "feedback") x.data[this.numLabels + token] = 1;
    }
    return out;
  }
}
