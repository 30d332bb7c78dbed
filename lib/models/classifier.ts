/**
 * Many-to-one: a whole sequence in, one class out (e.g. a first name →
 * female/male).
 *
 * ```
 * x_t = E[token_t]  (or one-hot)        h_t = cell(x_t, h_{t−1})
 * y   = h_{len−1}·Why + by              p = softmax(y)
 * ```
 *
 * The class is read from each sequence's *last real* state: padding steps
 * come after it, so the prediction of a sequence does not depend on how much
 * padding its batch needed.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import { softmax } from "../core/ops.ts";
import { SequenceBatch, type TokenBatch } from "../core/sequence_batch.ts";
import { gatherLast, scatterLast } from "../core/sequence_ops.ts";
import { requireIds } from "../core/guards.ts";
import type { ClassificationBatch } from "../data/batches.ts";
import { accuracy } from "../eval/metrics.ts";
import type { Affine, AffinePass } from "../layers/affine.ts";
import type { Param } from "../layers/param.ts";
import type { RecurrentLayer, RecurrentPass } from "../layers/recurrent.ts";
import { type LossPass, SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import type { TokenInput, TokenInputPass } from "../layers/token_input.ts";
import { Random } from "../random.ts";
import { argmaxRows } from "../sampling/pick.ts";
import { type RecurrentModelOptions, recurrentParts } from "./_parts.ts";
import type { Model, ModelPass, Predictor } from "./model.ts";

/** Options of {@link SequenceClassifier}. */
export interface SequenceClassifierOptions extends RecurrentModelOptions {
  /** Number of distinct tokens. */
  vocabSize: number;
  /** Number of classes. */
  numClasses: number;
}

/** The class scores of a batch, and how they were computed. */
export interface ClassifierScores {
  /** Class scores `[B × classes]`. */
  readonly logits: Matrix;
  /** The recurrent layer's pass. */
  readonly hidden: RecurrentPass;
  /** The input layer's pass. */
  readonly input: TokenInputPass;
  /** The output layer's pass. */
  readonly head: AffinePass;
}

/** A forward pass of {@link SequenceClassifier}. */
export interface ClassifierPass extends ModelPass, ClassifierScores {
  /** The class distributions `[B × classes]`. */
  readonly probs: Matrix;
  /** The loss layer's pass. */
  readonly lossPass: LossPass;
}

/** Sequences as a padded batch (token batches pass through). */
function asBatch(inputs: TokenBatch | readonly ArrayLike<number>[], vocabSize: number): TokenBatch {
  return inputs instanceof SequenceBatch ? inputs : SequenceBatch.pad(inputs, { vocabSize });
}

/**
 * Embedding (or one-hot) → recurrent layer(s) → last real state → affine →
 * softmax. Parameters: `E` (when embedded), the recurrent layer's, `Why`, `by`.
 *
 * @example
 * ```ts
 * import { SequenceBatch, SequenceClassifier } from "../mod.ts";
 * const model = new SequenceClassifier({ vocabSize: 5, numClasses: 2, hiddenSize: 8 });
 * const pass = model.forward({ inputs: SequenceBatch.pad([[1, 2, 3], [4]]), labels: Int32Array.of(0, 1) });
 * model.backward(pass);
 * console.assert(pass.loss > 0 && model.predict([[1, 2]]).length === 1);
 * ```
 */
export class SequenceClassifier
  implements Model<ClassificationBatch, ClassifierPass>, Predictor<TokenBatch, Int32Array> {
  /** Token ids → vectors. */
  readonly input: TokenInput;
  /** The recurrent layers (stateless). */
  readonly rnn: RecurrentLayer;
  /** Last state → class scores. */
  readonly head: Affine;
  /** The loss. */
  readonly loss = new SoftmaxCrossEntropy();
  /** Number of classes. */
  readonly numClasses: number;

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: SequenceClassifierOptions) {
    const rng = new Random(options.seed ?? 0);
    this.numClasses = options.numClasses;
    const parts = recurrentParts(
      { ...options, outputSize: options.numClasses, stateful: false },
      rng,
    );
    this.input = parts.input;
    this.rnn = parts.rnn;
    this.head = parts.head;
  }

  /** All parameters, input side first. */
  get params(): Param[] {
    return [...this.input.params, ...this.rnn.params, ...this.head.params];
  }

  /** Class scores `[B × classes]` from each sequence's last real state. */
  scores(inputs: TokenBatch): ClassifierScores {
    const input = this.input.forward(inputs);
    const hidden = this.rnn.forward(input.xs, this.rnn.zeroState(inputs.batchSize));
    const head = this.head.forward(gatherLast(hidden.ys));
    return { logits: head.y, hidden, input, head };
  }

  /** Mean cross-entropy of the batch's labels. */
  forward(batch: ClassificationBatch): ClassifierPass {
    const { inputs, labels } = batch;
    if (labels.length !== inputs.batchSize) {
      throw new RangeError(
        `SequenceClassifier: ${labels.length} labels for a batch of ${inputs.batchSize}`,
      );
    }
    requireIds("SequenceClassifier labels", labels, this.numClasses);
    const scores = this.scores(inputs);
    const lossPass = this.loss.forward(scores.logits, labels);
    return {
      ...scores,
      loss: lossPass.loss,
      count: lossPass.count,
      probs: lossPass.probs,
      lossPass,
    };
  }

  /** Backward: loss → head → last states → through time → embedding. */
  backward(pass: ClassifierPass): void {
    const dLast = this.head.backward(this.loss.backward(pass.lossPass), pass.head);
    const { dxs } = this.rnn.backward(scatterLast(dLast, pass.hidden.ys), pass.hidden);
    this.input.backward(dxs, pass.input);
  }

  /** Class probabilities `[B × classes]`, one row per sequence. */
  probabilities(inputs: TokenBatch | readonly ArrayLike<number>[]): Matrix {
    return softmax(this.scores(asBatch(inputs, this.input.vocabSize)).logits);
  }

  /** The most likely class of each sequence. */
  predict(inputs: TokenBatch | readonly ArrayLike<number>[]): Int32Array {
    return argmaxRows(this.scores(asBatch(inputs, this.input.vocabSize)).logits);
  }

  /** Fraction of sequences whose predicted class is the label, over one batch or several. */
  accuracy(batches: ClassificationBatch | readonly ClassificationBatch[]): number {
    const list = "inputs" in batches ? [batches] : batches;
    const predicted = list.flatMap((b) => Array.from(this.predict(b.inputs)));
    return accuracy(predicted, list.flatMap((b) => Array.from(b.labels)));
  }
}
