/**
 * Many-to-many, aligned: one tag per token (e.g. a part of speech per word).
 *
 * ```
 * x_t = E[token_t]       h_t = cell(x, t)       y_t = h_t·Why + by
 * loss = mean over real steps of −log softmax(y_t)[tag_t]
 * ```
 *
 * The recurrent part can be left-to-right (h_t sees tokens 0…t),
 * bidirectional (h_t sees the whole sequence) or stacked; padding steps have
 * mask 0, so they count neither in the loss nor in the accuracy.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import { SequenceBatch, type TokenBatch } from "../core/sequence_batch.ts";
import type { AlignedBatch } from "../data/batches.ts";
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

/** Options of {@link SequenceTagger}. */
export interface SequenceTaggerOptions extends RecurrentModelOptions {
  /** Number of distinct tokens. */
  vocabSize: number;
  /** Number of distinct tags. */
  numTags: number;
  /** Read each sequence in both directions (default false). */
  bidirectional?: boolean;
}

/** A forward pass of {@link SequenceTagger}. */
export interface TaggerPass extends ModelPass {
  /** Tag scores `[T·B × tags]`. */
  readonly logits: Matrix;
  /** The recurrent layer's pass. */
  readonly hidden: RecurrentPass;
  /** The input layer's pass. */
  readonly input: TokenInputPass;
  /** The output layer's pass. */
  readonly head: AffinePass;
  /** The loss layer's pass (its `probs` are the tag distributions). */
  readonly lossPass: LossPass;
}

/**
 * Embedding → recurrent layer(s) (uni-, bidirectional or stacked) → affine per
 * step → masked softmax cross-entropy. Parameters: `E`, the recurrent
 * layer's, `Why`, `by`.
 *
 * @example
 * ```ts
 * import { SequenceTagger, taggingBatches } from "../mod.ts";
 * const tagger = new SequenceTagger({ vocabSize: 4, numTags: 3, hiddenSize: 6, bidirectional: true });
 * const [batch] = taggingBatches([[1, 2, 3], [3]], [[0, 1, 2], [2]], { batchSize: 2 });
 * const pass = tagger.forward(batch);
 * tagger.backward(pass);
 * console.assert(pass.loss > 0 && tagger.predict([[1, 2]])[0].length === 2);
 * ```
 */
export class SequenceTagger
  implements Model<AlignedBatch, TaggerPass>, Predictor<TokenBatch, number[][]> {
  /** Token ids → vectors. */
  readonly input: TokenInput;
  /** The recurrent layers (stateless). */
  readonly rnn: RecurrentLayer;
  /** States → tag scores, at every step. */
  readonly head: Affine;
  /** The masked loss. */
  readonly loss = new SoftmaxCrossEntropy();
  /** Number of distinct tags. */
  readonly numTags: number;

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: SequenceTaggerOptions) {
    const rng = new Random(options.seed ?? 0);
    this.numTags = options.numTags;
    const parts = recurrentParts({ ...options, outputSize: options.numTags, stateful: false }, rng);
    this.input = parts.input;
    this.rnn = parts.rnn;
    this.head = parts.head;
  }

  /** All parameters, input side first. */
  get params(): Param[] {
    return [...this.input.params, ...this.rnn.params, ...this.head.params];
  }

  /** Tag scores `[T·B × tags]` for every step (padding rows included). */
  scores(inputs: TokenBatch): Omit<TaggerPass, "loss" | "count" | "lossPass"> {
    const input = this.input.forward(inputs);
    const hidden = this.rnn.forward(input.xs, this.rnn.zeroState(inputs.batchSize));
    const head = this.head.forward(hidden.ys.data);
    return { logits: head.y, hidden, input, head };
  }

  /** Mean cross-entropy per real token. */
  forward(batch: AlignedBatch): TaggerPass {
    const { inputs, targets } = batch;
    if (targets.rows !== inputs.rows) {
      throw new RangeError(
        `SequenceTagger: ${targets.rows} tags for ${inputs.rows} padded positions`,
      );
    }
    const scores = this.scores(inputs);
    const lossPass = this.loss.forward(scores.logits, targets.data, targets.mask);
    return { ...scores, loss: lossPass.loss, count: lossPass.count, lossPass };
  }

  /** Backward: loss → head (every step) → through time → embedding. */
  backward(pass: TaggerPass): void {
    const dhs = this.head.backward(this.loss.backward(pass.lossPass), pass.head);
    this.input.backward(this.rnn.backward(dhs, pass.hidden).dxs, pass.input);
  }

  /** The most likely tag of every real token, one array per sequence. */
  predict(inputs: TokenBatch | readonly ArrayLike<number>[]): number[][] {
    const batch = inputs instanceof SequenceBatch
      ? inputs
      : SequenceBatch.pad(inputs, { vocabSize: this.input.vocabSize });
    return batch.with(argmaxRows(this.scores(batch).logits)).sequences();
  }

  /** Fraction of real tokens (padding ignored) tagged right, over one batch or several. */
  accuracy(batches: AlignedBatch | readonly AlignedBatch[]): number {
    const list = "inputs" in batches ? [batches] : batches;
    const predicted = list.flatMap((b) => Array.from(argmaxRows(this.scores(b.inputs).logits)));
    const tags = list.flatMap((b) => Array.from(b.targets.data));
    return accuracy(predicted, tags, list.flatMap((b) => Array.from(b.targets.mask)));
  }
}
