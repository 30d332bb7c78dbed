/**
 * Many-to-many, not aligned: the encoder–decoder (e.g. a word's letters → its
 * phonemes, of a different length).
 *
 * ```
 * encoder:  h_t = cell_enc(E_src[x_t], h_{t−1})        C = final state (last real step)
 * decoder:  s_0 = C,  s_t = cell_dec(E_tgt[y_{t−1}], s_{t−1}),  y_{−1} = <s>
 *           p_t = softmax(s_t·Why + by)                  targets: y_0 … y_{n−1}, </s>
 * ```
 *
 * Everything the decoder knows about the input passes through the fixed-size
 * state C (h, and c for an LSTM). Training uses teacher forcing (the decoder
 * reads the true previous token); {@link Seq2Seq.translate} decodes greedily,
 * feeding back its own predictions until `</s>` or a length limit.
 *
 * @module
 */

import { requireIds, requirePositiveInteger } from "../core/guards.ts";
import { Matrix } from "../core/matrix.ts";
import { SequenceBatch, type TokenBatch } from "../core/sequence_batch.ts";
import type { Seq2SeqBatch } from "../data/batches.ts";
import { type Affine, type AffinePass, outputLayer } from "../layers/affine.ts";
import { makeRecurrent } from "../layers/cells.ts";
import { type Param, prefixed } from "../layers/param.ts";
import type { RecurrentLayer, RecurrentPass, RecurrentState } from "../layers/recurrent.ts";
import { type LossPass, SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import { TokenInput, type TokenInputPass } from "../layers/token_input.ts";
import { Random } from "../random.ts";
import { argmaxRows } from "../sampling/pick.ts";
import type { RecurrentModelOptions } from "./_parts.ts";
import type { Model, ModelPass, Predictor } from "./model.ts";

/** Options of {@link Seq2Seq}. */
export interface Seq2SeqOptions extends Omit<RecurrentModelOptions, "numLayers"> {
  /** Distinct source tokens (e.g. letters). */
  sourceVocabSize: number;
  /** Distinct target tokens (e.g. phonemes), including `<s>` and `</s>`. */
  targetVocabSize: number;
  /** Id of `<s>` in the target vocabulary. */
  bos: number;
  /** Id of `</s>` in the target vocabulary. */
  eos: number;
  /** Encoder layers stacked (default 1); C is the top layer's final state. */
  encoderLayers?: number;
}

/** A forward pass of {@link Seq2Seq}. */
export interface Seq2SeqPass extends ModelPass {
  /** The encoder's pass (its final state holds C). */
  readonly encoder: RecurrentPass;
  /** The decoder's pass. */
  readonly decoder: RecurrentPass;
  /** The source input layer's pass. */
  readonly sourceInput: TokenInputPass;
  /** The decoder input layer's pass. */
  readonly targetInput: TokenInputPass;
  /** The output layer's pass. */
  readonly head: AffinePass;
  /** The loss layer's pass. */
  readonly lossPass: LossPass;
}

/**
 * A recurrent encoder whose final state C starts a recurrent decoder, with
 * parameters `enc.E`, `enc.Wxh`, `enc.Whh`, `enc.b`, `dec.E`, `dec.Wxh`,
 * `dec.Whh`, `dec.b`, `Why`, `by` (for the RNN cell).
 *
 * @example
 * ```ts
 * import { Seq2Seq, seq2seqBatches } from "../mod.ts";
 * const model = new Seq2Seq({ sourceVocabSize: 4, targetVocabSize: 5, bos: 0, eos: 1, hiddenSize: 8 });
 * const [batch] = seq2seqBatches([[1, 2, 3], [2]], [[2, 3], [4]], { batchSize: 2, bos: 0, eos: 1 });
 * const pass = model.forward(batch);
 * model.backward(pass);
 * console.assert(pass.loss > 0 && model.translate([[1, 2]], { maxLength: 4 })[0].length <= 4);
 * ```
 */
export class Seq2Seq
  implements Model<Seq2SeqBatch, Seq2SeqPass>, Predictor<TokenBatch, number[][]> {
  /** Source ids → vectors. */
  readonly encoderInput: TokenInput;
  /** Reads the source (stateless). */
  readonly encoder: RecurrentLayer;
  /** Target ids → vectors. */
  readonly decoderInput: TokenInput;
  /** Writes the target, starting from C. */
  readonly decoder: RecurrentLayer;
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

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: Seq2SeqOptions) {
    const { sourceVocabSize, targetVocabSize, bos, eos, hiddenSize, embeddingSize, cell } = options;
    const { encoderLayers = 1, dtype = "float64", seed = 0 } = options;
    requireIds("Seq2Seq <s> and </s>", [bos, eos], targetVocabSize);
    if (bos === eos) throw new RangeError(`Seq2Seq: <s> and </s> must differ, both are ${bos}`);
    const rng = new Random(seed);
    this.bos = bos;
    this.eos = eos;
    this.targetVocabSize = targetVocabSize;
    this.encoderInput = new TokenInput({ vocabSize: sourceVocabSize, embeddingSize, rng, dtype });
    const common = { cell, hiddenSize, rng, dtype, stateful: false };
    this.encoder = makeRecurrent({
      ...common,
      inputSize: this.encoderInput.size,
      numLayers: encoderLayers,
    });
    this.decoderInput = new TokenInput({ vocabSize: targetVocabSize, embeddingSize, rng, dtype });
    this.decoder = makeRecurrent({ ...common, inputSize: this.decoderInput.size });
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

  /** The encoder's pass over `source`; its final state's top layer is C. */
  encode(
    source: TokenBatch,
  ): { encoder: RecurrentPass; sourceInput: TokenInputPass; context: RecurrentState } {
    const sourceInput = this.encoderInput.forward(source);
    const encoder = this.encoder.forward(sourceInput.xs, this.encoder.zeroState(source.batchSize));
    return { encoder, sourceInput, context: encoder.final.slice(-this.decoder.stateNames.length) };
  }

  /** Mean cross-entropy per real target token (including `</s>`), teacher-forced. */
  forward(batch: Seq2SeqBatch): Seq2SeqPass {
    const { source, inputs, targets } = batch;
    if (source.batchSize !== inputs.batchSize || targets.rows !== inputs.rows) {
      throw new RangeError(
        `Seq2Seq: ${source.batchSize} sources, ${inputs.batchSize} decoder sequences, ` +
          `${targets.rows} targets for ${inputs.rows} decoder positions`,
      );
    }
    const { encoder, sourceInput, context } = this.encode(source);
    const targetInput = this.decoderInput.forward(inputs);
    const decoder = this.decoder.forward(targetInput.xs, context);
    const head = this.head.forward(decoder.ys.data);
    const lossPass = this.loss.forward(head.y, targets.data, targets.mask);
    return {
      loss: lossPass.loss,
      count: lossPass.count,
      encoder,
      decoder,
      sourceInput,
      targetInput,
      head,
      lossPass,
    };
  }

  /** Backward: decoder (through time, to dC), then dC into the encoder's final state. */
  backward(pass: Seq2SeqPass): void {
    const dss = this.head.backward(this.loss.backward(pass.lossPass), pass.head);
    const { dxs, dInitial: dC } = this.decoder.backward(dss, pass.decoder);
    this.decoderInput.backward(dxs, pass.targetInput);
    const { encoder } = pass;
    // Only the top layer's final state is C: the lower layers' final states get zero gradient.
    const lower = encoder.final.length - dC.length;
    const dFinal = encoder.final.map((m, k) => (k < lower ? zerosLike(m) : dC[k - lower]));
    const dys = new Matrix(encoder.ys.rows, encoder.ys.data.cols, encoder.ys.data.dtype);
    this.encoderInput.backward(this.encoder.backward(dys, encoder, dFinal).dxs, pass.sourceInput);
  }

  /**
   * Greedy decoding: from C and `<s>`, feed back the most likely token until
   * `</s>` or `maxLength` tokens (default 30). Returns the tokens without `</s>`.
   */
  translate(
    sources: TokenBatch | readonly ArrayLike<number>[],
    options: { maxLength?: number } = {},
  ): number[][] {
    const { maxLength = 30 } = options;
    requirePositiveInteger("maxLength", maxLength);
    const source = sources instanceof SequenceBatch
      ? sources
      : SequenceBatch.pad(sources, { vocabSize: this.encoderInput.vocabSize });
    const B = source.batchSize;
    let state = this.encode(source).context;
    const outputs: number[][] = Array.from({ length: B }, () => []);
    const done = new Array<boolean>(B).fill(false);
    let previous: Int32Array = new Int32Array(B).fill(this.bos);
    for (let t = 0; t < maxLength && done.includes(false); t++) {
      const { xs } = this.decoderInput.forward(new SequenceBatch(previous, { batchSize: B }));
      const step = this.decoder.forward(xs, state);
      state = step.final;
      previous = argmaxRows(this.head.forward(step.ys.data).y);
      previous.forEach((token, b) => {
        if (done[b]) return;
        if (token === this.eos) done[b] = true;
        else outputs[b].push(token);
      });
    }
    return outputs;
  }

  /** {@link Seq2Seq.translate} with the default length limit. */
  predict(inputs: TokenBatch | readonly ArrayLike<number>[]): number[][] {
    return this.translate(inputs);
  }
}

function zerosLike(m: Matrix): Matrix {
  return new Matrix(m.rows, m.cols, m.dtype);
}
