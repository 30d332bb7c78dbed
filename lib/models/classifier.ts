/**
 * Many-to-one: a whole sequence in, one class out (e.g. a first name →
 * female/male).
 *
 * ```
 * x_t = E[token_t]  (or one-hot)        h_t = RNN(x_t, h_{t−1})
 * y   = h_{len−1}·Why + by              p = softmax(y)
 * ```
 *
 * The class is read from each sequence's *last real* state: padding steps
 * come after it, so the prediction of a sequence does not depend on how much
 * padding its batch needed.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import { softmax } from "../core/ops.ts";
import { type Affine, outputLayer } from "../layers/affine.ts";
import type { Param } from "../layers/param.ts";
import type { HiddenActivation } from "../layers/rnn_cell.ts";
import { gatherLast, type PaddedBatch, padSequences, scatterLast } from "../layers/sequence.ts";
import { SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import { StackedRNN } from "../layers/stacked.ts";
import { Random } from "../random.ts";
import { argmax, TokenInput } from "./_inputs.ts";
import { assertLabels, batchIndices, type SupervisedModel } from "./fit.ts";

/** A padded batch of sequences and one class label per sequence. */
export interface ClassificationBatch {
  /** The sequences, padded, time-major. */
  readonly inputs: PaddedBatch;
  /** Class of each sequence `[B]`. */
  readonly labels: Int32Array;
}

/** Options of {@link classificationBatches}. */
export interface ClassificationBatchOptions {
  /** Sequences per batch (the last batch may be smaller). */
  batchSize: number;
  /** Shuffle the examples before splitting (default true). */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  seed?: number;
  /** Id written into padding (default 0). */
  padId?: number;
}

/**
 * Groups `(sequence, label)` examples into padded batches.
 *
 * @example
 * ```ts
 * import { classificationBatches } from "./classifier.ts";
 * const [batch] = classificationBatches([[1, 2], [3]], [0, 1], { batchSize: 2, shuffle: false });
 * console.assert(batch.inputs.steps === 2 && batch.labels.join() === "0,1");
 * ```
 */
export function classificationBatches(
  sequences: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  options: ClassificationBatchOptions,
): ClassificationBatch[] {
  if (sequences.length !== labels.length) {
    throw new RangeError(
      `classificationBatches: ${sequences.length} sequences but ${labels.length} labels`,
    );
  }
  return batchIndices(sequences.length, options).map((group) => ({
    inputs: padSequences(group.map((i) => sequences[i]), { padId: options.padId }),
    labels: Int32Array.from(group, (i) => labels[i]),
  }));
}

/** Options of {@link SequenceClassifier}. */
export interface SequenceClassifierOptions {
  /** Number of distinct tokens. */
  vocabSize: number;
  /** Number of classes. */
  numClasses: number;
  /** Hidden units of each recurrent layer. */
  hiddenSize: number;
  /** Size of a learned embedding; omit for one-hot inputs. */
  embeddingSize?: number;
  /** Recurrent layers stacked (default 1). */
  numLayers?: number;
  /** Hidden nonlinearity (default tanh). */
  activation?: HiddenActivation;
  /** float64 (default; exact, for checks) or float32. */
  dtype?: DType;
  /** Seed of the initialisation (default 0). */
  seed?: number;
}

/**
 * Embedding (or one-hot) → RNN → last real state → affine → softmax.
 * Parameters: `E` (when embedded), the RNN's (`Wxh`, `Whh`, `b`, or `l0.…`,
 * `l1.…` when stacked), `Why`, `by`.
 *
 * @example
 * ```ts
 * import { padSequences } from "../layers/sequence.ts";
 * import { SequenceClassifier } from "./classifier.ts";
 * const model = new SequenceClassifier({ vocabSize: 5, numClasses: 2, hiddenSize: 8 });
 * const loss = model.forward({ inputs: padSequences([[1, 2, 3], [4]]), labels: Int32Array.of(0, 1) });
 * model.backward();
 * console.assert(loss > 0 && model.predict([[1, 2]]).length === 1);
 * ```
 */
export class SequenceClassifier implements SupervisedModel<ClassificationBatch> {
  /** Token ids → vectors. */
  readonly input: TokenInput;
  /** The recurrent layers (stateless). */
  readonly rnn: StackedRNN;
  /** Last state → class scores. */
  readonly head: Affine;
  /** The loss; its `probs` hold the last class distributions `[B × classes]`. */
  readonly loss = new SoftmaxCrossEntropy();
  /** Number of classes. */
  readonly numClasses: number;
  #cache: { lengths: Int32Array; steps: number } | undefined;

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: SequenceClassifierOptions) {
    const { vocabSize, numClasses, hiddenSize, embeddingSize, numLayers, activation } = options;
    const { dtype = "float64", seed = 0 } = options;
    const rng = new Random(seed);
    this.numClasses = numClasses;
    this.input = new TokenInput(vocabSize, embeddingSize, rng, dtype);
    this.rnn = new StackedRNN({
      inputSize: this.input.size,
      hiddenSize,
      numLayers,
      rng,
      activation,
      dtype,
    });
    this.head = outputLayer(hiddenSize, numClasses, rng, dtype);
  }

  /** All parameters, input side first. */
  get params(): Param[] {
    return [...this.input.params, ...this.rnn.params, ...this.head.params];
  }

  /** Class scores `[B × classes]` from each sequence's last real state. */
  logits(inputs: PaddedBatch): Matrix {
    const { ids, lengths, steps, batchSize } = inputs;
    const hs = this.rnn.forward(this.input.forward(ids), batchSize, lengths);
    this.#cache = { lengths, steps };
    return this.head.forward(gatherLast(hs, lengths));
  }

  /** Mean cross-entropy of the batch's labels. */
  forward(batch: ClassificationBatch): number {
    const { inputs, labels } = batch;
    if (labels.length !== inputs.batchSize) {
      throw new RangeError(
        `SequenceClassifier: ${labels.length} labels for a batch of ${inputs.batchSize}`,
      );
    }
    assertLabels("SequenceClassifier", labels, this.numClasses);
    return this.loss.forward(this.logits(inputs), labels);
  }

  /** Backward: loss → head → last states → through time → embedding. */
  backward(): void {
    const cache = this.#cache;
    if (!cache) throw new Error("SequenceClassifier.backward called before forward");
    const dLast = this.head.backward(this.loss.backward());
    this.input.backward(this.rnn.backward(scatterLast(dLast, cache.lengths, cache.steps)));
  }

  /** Class probabilities `[B × classes]`, one row per sequence. */
  probabilities(inputs: PaddedBatch | readonly ArrayLike<number>[]): number[][] {
    const batch = "ids" in inputs ? inputs : padSequences(inputs);
    return softmax(this.logits(batch)).toArray();
  }

  /** The most likely class of each sequence. */
  predict(inputs: PaddedBatch | readonly ArrayLike<number>[]): Int32Array {
    const batch = "ids" in inputs ? inputs : padSequences(inputs);
    const z = this.logits(batch);
    return Int32Array.from({ length: z.rows }, (_, r) => argmax(z.row(r)));
  }

  /** Fraction of sequences whose predicted class is the label (of one batch or several). */
  accuracy(batches: ClassificationBatch | readonly ClassificationBatch[]): number {
    let right = 0, total = 0;
    for (const batch of "inputs" in batches ? [batches] : batches) {
      const predicted = this.predict(batch.inputs);
      predicted.forEach((c, b) => (right += c === batch.labels[b] ? 1 : 0));
      total += predicted.length;
    }
    return total > 0 ? right / total : 0;
  }
}
