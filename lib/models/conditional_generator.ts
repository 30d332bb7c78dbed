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
 * h_t = cell(x_t, h_{t−1}),  h_{−1} = 0       p_t = softmax(h_t·Why + by)
 * targets: token_0 … token_{n−1}, </s>
 * ```
 *
 * @module
 */

import { requireIds, requireInteger, requireOneOf } from "../core/guards.ts";
import { type DType, Matrix } from "../core/matrix.ts";
import { SequenceBatch, type TokenBatch } from "../core/sequence_batch.ts";
import type { GenerationBatch } from "../data/batches.ts";
import { type Affine, type AffinePass, outputLayer } from "../layers/affine.ts";
import { type CellSpec, makeRecurrent } from "../layers/cells.ts";
import type { Param } from "../layers/param.ts";
import type { RecurrentLayer, RecurrentPass, RecurrentState } from "../layers/recurrent.ts";
import { type LossPass, SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import { Random } from "../random.ts";
import { type PickOptions, pickToken } from "../sampling/pick.ts";
import type { Model, ModelPass, Predictor } from "./model.ts";

/** How the label (and the previous token) enter the RNN. */
export type Conditioning = "first-step" | "feedback";

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
  /** The cell type (default `"rnn"`) or a recurrent layer. */
  cell?: string | CellSpec | RecurrentLayer;
  /** float64 (default; exact, for checks) or float32. */
  dtype?: DType;
  /** Seed of the initialisation (default 0). */
  seed?: number;
}

/** Options of {@link ConditionalGenerator.sample}. */
export interface SampleOptions extends PickOptions {
  /** Stop after this many tokens if `</s>` has not come (default 20). */
  maxLength?: number;
  /** Generator for sampling (default: seeded with 0). */
  rng?: Random;
}

/** A forward pass of {@link ConditionalGenerator}. */
export interface GeneratorPass extends ModelPass {
  /** The recurrent layer's pass. */
  readonly hidden: RecurrentPass;
  /** The output layer's pass. */
  readonly head: AffinePass;
  /** The loss layer's pass. */
  readonly lossPass: LossPass;
}

/**
 * Label → recurrent layer → a token per step until `</s>`. Parameters (RNN
 * cell) `Wxh`, `Whh`, `b`, `Why`, `by`; `Wxh`'s first `numLabels` rows are
 * the label vectors.
 *
 * @example
 * ```ts
 * import { ConditionalGenerator, generationBatches } from "../mod.ts";
 * const gen = new ConditionalGenerator({ vocabSize: 4, eos: 0, numLabels: 2, hiddenSize: 8 });
 * const [batch] = generationBatches([[1, 2], [3]], [0, 1], { batchSize: 2, eos: 0 });
 * const pass = gen.forward(batch);
 * gen.backward(pass);
 * console.assert(pass.loss > 0 && gen.sample(1, { maxLength: 5 }).length <= 5);
 * ```
 */
export class ConditionalGenerator
  implements Model<GenerationBatch, GeneratorPass>, Predictor<readonly number[], number[][]> {
  /** The recurrent layer (stateless: each sequence starts from zeros). */
  readonly rnn: RecurrentLayer;
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

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: ConditionalGeneratorOptions) {
    const { vocabSize, eos, numLabels, hiddenSize, cell, dtype = "float64" } = options;
    const { conditioning = "feedback", seed = 0 } = options;
    this.conditioning = requireOneOf("conditioning", conditioning, ["first-step", "feedback"]);
    requireIds("ConditionalGenerator </s>", [eos], vocabSize);
    const rng = new Random(seed);
    this.vocabSize = vocabSize;
    this.eos = eos;
    this.numLabels = numLabels;
    const inputSize = conditioning === "feedback" ? numLabels + vocabSize : numLabels;
    this.rnn = makeRecurrent({ cell, inputSize, hiddenSize, rng, dtype, stateful: false });
    this.head = outputLayer(hiddenSize, vocabSize, rng, dtype);
  }

  /** The recurrent layer's parameters, then `Why`, `by`. */
  get params(): Param[] {
    return [...this.rnn.params, ...this.head.params];
  }

  /**
   * The inputs `[T·B × input]` in the targets' layout: the label's one-hot at
   * t = 0, then zeros ("first-step") or the previous target token's one-hot
   * ("feedback"). Padding rows are zero.
   */
  inputs(labels: ArrayLike<number>, targets: TokenBatch): SequenceBatch {
    const { batchSize: B, data: ids, lengths } = targets;
    requireIds("ConditionalGenerator labels", labels, this.numLabels);
    const D = this.rnn.inputSize;
    const xs = new Matrix(targets.rows, D, this.rnn.dtype);
    for (let b = 0; b < B; b++) {
      xs.data[b * D + labels[b]] = 1;
      if (this.conditioning === "first-step") continue;
      for (let t = 1; t < lengths[b]; t++) {
        xs.data[(t * B + b) * D + this.numLabels + ids[(t - 1) * B + b]] = 1;
      }
    }
    return targets.with(xs);
  }

  /** Mean cross-entropy per real target token (including `</s>`), teacher-forced. */
  forward(batch: GenerationBatch): GeneratorPass {
    const { labels, targets } = batch;
    if (labels.length !== targets.batchSize) {
      throw new RangeError(
        `ConditionalGenerator: ${labels.length} labels for a batch of ${targets.batchSize}`,
      );
    }
    requireIds("ConditionalGenerator targets", targets.sequences().flat(), this.vocabSize);
    const hidden = this.rnn.forward(
      this.inputs(labels, targets),
      this.rnn.zeroState(targets.batchSize),
    );
    const head = this.head.forward(hidden.ys.data);
    const lossPass = this.loss.forward(head.y, targets.data, targets.mask);
    return { loss: lossPass.loss, count: lossPass.count, hidden, head, lossPass };
  }

  /** Backward: loss → head → through time (the one-hot inputs have no parameters). */
  backward(pass: GeneratorPass): void {
    this.rnn.backward(
      this.head.backward(this.loss.backward(pass.lossPass), pass.head),
      pass.hidden,
    );
  }

  /**
   * A sequence for `label`, one token per step until `</s>` (not included)
   * or `maxLength` tokens. In "feedback" mode each token is fed back in.
   */
  sample(label: number, options: SampleOptions = {}): number[] {
    const { maxLength = 20, rng = new Random(0) } = options;
    requireIds("ConditionalGenerator.sample label", [label], this.numLabels);
    requireInteger("maxLength", maxLength, { min: 1 });
    const D = this.rnn.inputSize;
    const out: number[] = [];
    let state: RecurrentState = this.rnn.zeroState(1);
    let x = new Matrix(1, D, this.rnn.dtype);
    x.data[label] = 1;
    for (let t = 0; t < maxLength; t++) {
      const pass = this.rnn.forward(new SequenceBatch(x, { batchSize: 1 }), state);
      state = pass.final;
      const token = pickToken(this.head.forward(pass.ys.data).y.row(0), rng, options);
      if (token === this.eos) break;
      out.push(token);
      x = new Matrix(1, D, this.rnn.dtype);
      if (this.conditioning === "feedback") x.data[this.numLabels + token] = 1;
    }
    return out;
  }

  /** The greedy sequence for each label. */
  predict(labels: readonly number[]): number[][] {
    return labels.map((label) => this.sample(label, { temperature: 0 }));
  }
}
