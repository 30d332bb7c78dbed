/**
 * Many-to-many, aligned: one tag per token (e.g. a part of speech per word).
 *
 * ```
 * x_t = E[token_t]       h_t = RNN(x, t)       y_t = h_t·Why + by
 * loss = masked mean over real steps of −log softmax(y_t)[tag_t]
 * ```
 *
 * The RNN can be left-to-right (h_t sees tokens 0…t), bidirectional (h_t
 * sees the whole sequence) or stacked; padding steps get mask 0, so they
 * count neither in the loss nor in the accuracy.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import { type Affine, outputLayer } from "../layers/affine.ts";
import type { Param } from "../layers/param.ts";
import type { HiddenActivation } from "../layers/rnn_cell.ts";
import { type PaddedBatch, padSequences, unpad } from "../layers/sequence.ts";
import { SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import { StackedRNN } from "../layers/stacked.ts";
import { Random } from "../random.ts";
import { argmax, TokenInput } from "./_inputs.ts";
import { assertLabels, batchIndices, type SupervisedModel } from "./fit.ts";

/** A padded batch of sequences with one tag per real token. */
export interface TaggingBatch {
  /** The sequences, padded, time-major. */
  readonly inputs: PaddedBatch;
  /** Tags `[T·B]`, time-major like `inputs.ids` (padding positions hold 0 and are masked). */
  readonly tags: Int32Array;
}

/** Options of {@link taggingBatches}. */
export interface TaggingBatchOptions {
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
 * Groups `(tokens, tags)` examples into padded batches; each example needs
 * as many tags as tokens.
 *
 * @example
 * ```ts
 * import { taggingBatches } from "./tagger.ts";
 * const [b] = taggingBatches([[5, 6], [7]], [[1, 2], [3]], { batchSize: 2, shuffle: false });
 * console.assert(Array.from(b.tags).join() === "1,3,2,0");
 * ```
 */
export function taggingBatches(
  sequences: readonly ArrayLike<number>[],
  tags: readonly ArrayLike<number>[],
  options: TaggingBatchOptions,
): TaggingBatch[] {
  if (sequences.length !== tags.length) {
    throw new RangeError(
      `taggingBatches: ${sequences.length} sequences but ${tags.length} tag lists`,
    );
  }
  sequences.forEach((s, i) => {
    if (s.length !== tags[i].length) {
      throw new RangeError(
        `taggingBatches: sequence ${i} has ${s.length} tokens but ${tags[i].length} tags`,
      );
    }
  });
  return batchIndices(sequences.length, options).map((group) => ({
    inputs: padSequences(group.map((i) => sequences[i]), { padId: options.padId }),
    tags: padSequences(group.map((i) => tags[i])).ids,
  }));
}

/** Options of {@link SequenceTagger}. */
export interface SequenceTaggerOptions {
  /** Number of distinct tokens. */
  vocabSize: number;
  /** Number of distinct tags. */
  numTags: number;
  /** Hidden units of each recurrent layer (of each direction when bidirectional). */
  hiddenSize: number;
  /** Size of a learned embedding; omit for one-hot inputs. */
  embeddingSize?: number;
  /** Read each sequence in both directions (default false). */
  bidirectional?: boolean;
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
 * Embedding → RNN (uni-, bidirectional or stacked) → affine per step →
 * masked softmax cross-entropy. Parameters: `E`, the RNN's, `Why`, `by`.
 *
 * @example
 * ```ts
 * import { SequenceTagger, taggingBatches } from "./tagger.ts";
 * const tagger = new SequenceTagger({ vocabSize: 4, numTags: 3, hiddenSize: 6, bidirectional: true });
 * const [batch] = taggingBatches([[1, 2, 3], [3]], [[0, 1, 2], [2]], { batchSize: 2 });
 * const loss = tagger.forward(batch);
 * tagger.backward();
 * console.assert(loss > 0 && tagger.predict([[1, 2]])[0].length === 2);
 * ```
 */
export class SequenceTagger implements SupervisedModel<TaggingBatch> {
  /** Token ids → vectors. */
  readonly input: TokenInput;
  /** The recurrent layers (stateless). */
  readonly rnn: StackedRNN;
  /** States → tag scores, at every step. */
  readonly head: Affine;
  /** The masked loss; its `probs` hold the last tag distributions `[T·B × tags]`. */
  readonly loss = new SoftmaxCrossEntropy();
  /** Number of distinct tags. */
  readonly numTags: number;
  #ready = false;

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: SequenceTaggerOptions) {
    const { vocabSize, numTags, hiddenSize, embeddingSize, bidirectional, numLayers } = options;
    const { activation, dtype = "float64", seed = 0 } = options;
    const rng = new Random(seed);
    this.numTags = numTags;
    this.input = new TokenInput(vocabSize, embeddingSize, rng, dtype);
    this.rnn = new StackedRNN({
      inputSize: this.input.size,
      hiddenSize,
      numLayers,
      bidirectional,
      rng,
      activation,
      dtype,
    });
    this.head = outputLayer(this.rnn.outputSize, numTags, rng, dtype);
  }

  /** All parameters, input side first. */
  get params(): Param[] {
    return [...this.input.params, ...this.rnn.params, ...this.head.params];
  }

  /** Tag scores `[T·B × tags]` for every step (padding rows included). */
  logits(inputs: PaddedBatch): Matrix {
    const { ids, lengths, batchSize } = inputs;
    return this.head.forward(this.rnn.forward(this.input.forward(ids), batchSize, lengths));
  }

  /** Mean cross-entropy per real token. */
  forward(batch: TaggingBatch): number {
    const { inputs, tags } = batch;
    if (tags.length !== inputs.ids.length) {
      throw new RangeError(
        `SequenceTagger: ${tags.length} tags for ${inputs.ids.length} padded positions`,
      );
    }
    const real = tags.filter((_, i) => inputs.mask[i] !== 0);
    assertLabels("SequenceTagger tags", real, this.numTags);
    const loss = this.loss.forward(this.logits(inputs), tags, inputs.mask);
    this.#ready = true;
    return loss;
  }

  /** Backward: loss → head (every step) → through time → embedding. */
  backward(): void {
    if (!this.#ready) throw new Error("SequenceTagger.backward called before forward");
    this.input.backward(this.rnn.backward(this.head.backward(this.loss.backward())));
  }

  /** The most likely tag of every real token, one array per sequence. */
  predict(inputs: PaddedBatch | readonly ArrayLike<number>[]): number[][] {
    const batch = "ids" in inputs ? inputs : padSequences(inputs);
    const z = this.logits(batch);
    const best = Int32Array.from({ length: z.rows }, (_, r) => argmax(z.row(r)));
    return unpad(best, batch.lengths);
  }

  /** Fraction of real tokens (padding ignored) tagged right, over one batch or several. */
  accuracy(batches: TaggingBatch | readonly TaggingBatch[]): number {
    let right = 0, total = 0;
    for (const batch of "inputs" in batches ? [batches] : batches) {
      const z = this.logits(batch.inputs);
      for (let r = 0; r < z.rows; r++) {
        if (batch.inputs.mask[r] === 0) continue;
        total++;
        if (argmax(z.row(r)) === batch.tags[r]) right++;
      }
    }
    return total > 0 ? right / total : 0;
  }
}
