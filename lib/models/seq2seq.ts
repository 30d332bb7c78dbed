/**
 * Many-to-many, not aligned: the encoder–decoder (e.g. a word's letters → its
 * phonemes, of a different length).
 *
 * ```
 * encoder:  h_t = RNN_enc(E_src[x_t], h_{t−1})         C = h_{len−1}  (last real state)
 * decoder:  s_0 = C,  s_t = RNN_dec(E_tgt[y_{t−1}], s_{t−1}),  y_{−1} = <s>
 *           p_t = softmax(s_t·Why + by)                  targets: y_0 … y_{n−1}, </s>
 * ```
 *
 * Everything the decoder knows about the input passes through the one
 * fixed-size vector C. Training uses teacher forcing (the decoder reads the
 * true previous token); {@link Seq2Seq.translate} decodes greedily, feeding
 * back its own predictions until `</s>` or a length limit.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import { type Affine, outputLayer } from "../layers/affine.ts";
import { type Param, prefixed } from "../layers/param.ts";
import type { HiddenActivation } from "../layers/rnn_cell.ts";
import { gatherLast, type PaddedBatch, padSequences, scatterLast } from "../layers/sequence.ts";
import { SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import { StackedRNN } from "../layers/stacked.ts";
import { TimeRNN } from "../layers/time_rnn.ts";
import { Random } from "../random.ts";
import { argmax, TokenInput } from "./_inputs.ts";
import { assertLabels, batchIndices, type SupervisedModel } from "./fit.ts";

/** Source sequences and teacher-forcing decoder sequences, padded. */
export interface Seq2SeqBatch {
  /** The input sequences. */
  readonly source: PaddedBatch;
  /** Decoder inputs: `<s>` followed by the target (length n + 1 each). */
  readonly decoderInputs: PaddedBatch;
  /** Decoder targets `[T·B]`: the target followed by `</s>`, aligned with `decoderInputs`. */
  readonly decoderTargets: Int32Array;
}

/** Options of {@link seq2seqBatches}. */
export interface Seq2SeqBatchOptions {
  /** Pairs per batch (the last batch may be smaller). */
  batchSize: number;
  /** Id of `<s>` in the target vocabulary. */
  bos: number;
  /** Id of `</s>` in the target vocabulary. */
  eos: number;
  /** Shuffle the pairs before splitting (default true). */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  seed?: number;
}

/**
 * Groups `(source, target)` pairs into padded batches with the decoder's
 * teacher-forcing input (`<s>` + target) and output (target + `</s>`).
 *
 * @example
 * ```ts
 * import { seq2seqBatches } from "./seq2seq.ts";
 * const [b] = seq2seqBatches([[1, 2]], [[3]], { batchSize: 1, bos: 0, eos: 1 });
 * console.assert(Array.from(b.decoderInputs.ids).join() === "0,3");
 * console.assert(Array.from(b.decoderTargets).join() === "3,1");
 * ```
 */
export function seq2seqBatches(
  sources: readonly ArrayLike<number>[],
  targets: readonly ArrayLike<number>[],
  options: Seq2SeqBatchOptions,
): Seq2SeqBatch[] {
  const { bos, eos } = options;
  if (sources.length !== targets.length) {
    throw new RangeError(`seq2seqBatches: ${sources.length} sources but ${targets.length} targets`);
  }
  return batchIndices(sources.length, options).map((group) => {
    const decoderInputs = padSequences(group.map((i) => [bos, ...Array.from(targets[i])]));
    const decoderTargets = padSequences(group.map((i) => [...Array.from(targets[i]), eos])).ids;
    return { source: padSequences(group.map((i) => sources[i])), decoderInputs, decoderTargets };
  });
}

/** Options of {@link Seq2Seq}. */
export interface Seq2SeqOptions {
  /** Distinct source tokens (e.g. letters). */
  sourceVocabSize: number;
  /** Distinct target tokens (e.g. phonemes), including `<s>` and `</s>`. */
  targetVocabSize: number;
  /** Id of `<s>` in the target vocabulary. */
  bos: number;
  /** Id of `</s>` in the target vocabulary. */
  eos: number;
  /** Hidden units of encoder and decoder (C has this size). */
  hiddenSize: number;
  /** Size of both embeddings; omit for one-hot inputs. */
  embeddingSize?: number;
  /** Encoder layers stacked (default 1); C is the top layer's last state. */
  encoderLayers?: number;
  /** Hidden nonlinearity (default tanh). */
  activation?: HiddenActivation;
  /** float64 (default; exact, for checks) or float32. */
  dtype?: DType;
  /** Seed of the initialisation (default 0). */
  seed?: number;
}

/**
 * An RNN encoder, whose last real state C starts an RNN decoder, with
 * parameters `enc.E`, `enc.Wxh`, `enc.Whh`, `enc.b`, `dec.E`, `dec.Wxh`,
 * `dec.Whh`, `dec.b`, `Why`, `by`.
 *
 * @example
 * ```ts
 * import { Seq2Seq, seq2seqBatches } from "./seq2seq.ts";
 * const model = new Seq2Seq({ sourceVocabSize: 4, targetVocabSize: 5, bos: 0, eos: 1, hiddenSize: 8 });
 * const [batch] = seq2seqBatches([[1, 2, 3], [2]], [[2, 3], [4]], { batchSize: 2, bos: 0, eos: 1 });
 * const loss = model.forward(batch);
 * model.backward();
 * console.assert(loss > 0 && model.translate([[1, 2]], { maxLength: 4 })[0].length <= 4);
 * ```
 */
export class Seq2Seq implements SupervisedModel<Seq2SeqBatch> {
  /** Source ids → vectors. */
  readonly encoderInput: TokenInput;
  /** Reads the source (stateless). */
  readonly encoder: StackedRNN;
  /** Target ids → vectors. */
  readonly decoderInput: TokenInput;
  /** Writes the target, starting from C. */
  readonly decoder: TimeRNN;
  /** Decoder states → target-token scores. */
  readonly head: Affine;
  /** The masked loss over decoder steps. */
  readonly loss = new SoftmaxCrossEntropy();
  /** Id of `<s>`. */
  readonly bos: number;
  /** Id of `</s>`. */
  readonly eos: number;
  /** Distinct target tokens. */
  readonly targetVocabSize: number;
  #cache: { lengths: Int32Array; steps: number } | undefined;

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: Seq2SeqOptions) {
    const { sourceVocabSize, targetVocabSize, bos, eos, hiddenSize, embeddingSize } = options;
    const { encoderLayers, activation, dtype = "float64", seed = 0 } = options;
    assertLabels("Seq2Seq <s> and </s>", [bos, eos], targetVocabSize);
    if (bos === eos) throw new RangeError(`Seq2Seq: <s> and </s> must differ, both are ${bos}`);
    const rng = new Random(seed);
    this.bos = bos;
    this.eos = eos;
    this.targetVocabSize = targetVocabSize;
    this.encoderInput = new TokenInput(sourceVocabSize, embeddingSize, rng, dtype);
    this.encoder = new StackedRNN({
      inputSize: this.encoderInput.size,
      hiddenSize,
      numLayers: encoderLayers,
      rng,
      activation,
      dtype,
    });
    this.decoderInput = new TokenInput(targetVocabSize, embeddingSize, rng, dtype);
    this.decoder = new TimeRNN({
      inputSize: this.decoderInput.size,
      hiddenSize,
      rng,
      activation,
      dtype,
      stateful: false,
    });
    this.head = outputLayer(hiddenSize, targetVocabSize, rng, dtype);
  }

  /** Encoder parameters (`enc.`), decoder parameters (`dec.`), then `Why`, `by`. */
  get params(): Param[] {
    return [
      ...prefixed("enc", [...this.encoderInput.params, ...this.encoder.params]),
      ...prefixed("dec", [...this.decoderInput.params, ...this.decoder.params]),
      ...this.head.params,
    ];
  }

  /** The context C `[B × hidden]`: the encoder's state at each source's last real step. */
  encode(source: PaddedBatch): Matrix {
    const { ids, lengths, steps, batchSize } = source;
    const hs = this.encoder.forward(this.encoderInput.forward(ids), batchSize, lengths);
    this.#cache = { lengths, steps };
    return gatherLast(hs, lengths);
  }

  /** Mean cross-entropy per real target token (including `</s>`), teacher-forced. */
  forward(batch: Seq2SeqBatch): number {
    const { source, decoderInputs, decoderTargets } = batch;
    if (source.batchSize !== decoderInputs.batchSize) {
      throw new RangeError(
        `Seq2Seq: ${source.batchSize} sources but ${decoderInputs.batchSize} decoder sequences`,
      );
    }
    const C = this.encode(source);
    const xs = this.decoderInput.forward(decoderInputs.ids);
    const ss = this.decoder.forward(xs, decoderInputs.batchSize, C);
    return this.loss.forward(this.head.forward(ss), decoderTargets, decoderInputs.mask);
  }

  /** Backward: decoder (through time, to dC = ∂loss/∂s₀), then C back into the encoder. */
  backward(): void {
    const cache = this.#cache;
    if (!cache) throw new Error("Seq2Seq.backward called before forward");
    this.decoderInput.backward(this.decoder.backward(this.head.backward(this.loss.backward())));
    const dC = this.decoder.dh0!;
    const dhs = scatterLast(dC, cache.lengths, cache.steps);
    this.encoderInput.backward(this.encoder.backward(dhs));
  }

  /**
   * Greedy decoding: from C and `<s>`, feed back the most likely token until
   * `</s>` or `maxLength` tokens (default 30). Returns the tokens without `</s>`.
   */
  translate(
    sources: PaddedBatch | readonly ArrayLike<number>[],
    options: { maxLength?: number } = {},
  ): number[][] {
    const { maxLength = 30 } = options;
    if (!Number.isInteger(maxLength) || maxLength < 1) {
      throw new RangeError(`maxLength must be a positive integer, got ${maxLength}`);
    }
    const source = "ids" in sources ? sources : padSequences(sources);
    const B = source.batchSize;
    let s = this.encode(source);
    const outputs: number[][] = Array.from({ length: B }, () => []);
    const done = new Array<boolean>(B).fill(false);
    let previous = new Int32Array(B).fill(this.bos);
    for (let t = 0; t < maxLength && done.includes(false); t++) {
      s = this.decoder.forward(this.decoderInput.forward(previous), B, s);
      const z = this.head.forward(s);
      previous = Int32Array.from({ length: B }, (_, b) => argmax(z.row(b)));
      previous.forEach((token, b) => {
        if (done[b]) return;
        if (token === this.eos) done[b] = true;
        else outputs[b].push(token);
      });
    }
    return outputs;
  }
}
