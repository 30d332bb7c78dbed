/**
 * Truncated BPTT, measured: the gradient split by how far it travelled back,
 * truncated and chunked gradients against the full one, the memory and time
 * of full against truncated BPTT, and training with several truncation
 * lengths.
 *
 * @module
 */

import { requirePositiveInteger } from "../core/guards.ts";
import { type Matrix, zeros } from "../core/matrix.ts";
import { activateBackward, addScaled, matmul, rowSlice } from "../core/ops.ts";
import { SequenceBatch } from "../core/sequence_batch.ts";
import { StreamBatcher } from "../data/stream_batcher.ts";
import { evaluateLanguageModel } from "../eval/evaluate.ts";
import { zeroGrads } from "../layers/param.ts";
import type { RecurrentState } from "../layers/recurrent.ts";
import { LanguageModel, type LanguageModelOptions } from "../models/language_model.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import type { StepRecord } from "../train/history.ts";
import { train } from "../train/trainer.ts";
import { elmanLayer } from "./bptt_walk.ts";

// ---------------------------------------------------------------------------
// 3. Truncated gradients
// ---------------------------------------------------------------------------

/**
 * The full `∂L/∂Whh` of one sequence split by the length of the path the
 * gradient took: `byDepth[d] = Σ_t h_{t−d−1}ᵀ·δ_{t,t−d}`, where
 * `δ_{t,s} = ∂ℓ_t/∂a_s` is the part of loss term `ℓ_t` that reached step
 * `s = t − d` (d steps back). Depths run to `maxDepth − 1` (default: the
 * sequence length, so the sum over all depths is the full BPTT gradient).
 *
 * Truncation at `k` ("each loss term sends its gradient back at most k
 * steps", BPTT(k) of Williams and Peng) keeps depths `0 … k−1`:
 * see {@link truncatedGradients}.
 */
export function gradientByDepth(
  model: LanguageModel,
  ids: ArrayLike<number>,
  maxDepth = ids.length - 1,
): Matrix[] {
  const cell = elmanLayer(model, "gradientByDepth").cell;
  const pass = model.forward(streamBatch(ids, model.vocabSize), model.zeroState(1));
  const dhs = model.head.backward(model.loss.backward(pass.lossPass), pass.head);
  zeroGrads(model.params);
  const hs = pass.hidden.trace.h;
  const T = hs.rows, H = hs.cols;
  const h0 = zeros(1, H, model.dtype);
  const byDepth = Array.from({ length: maxDepth }, () => zeros(H, H, model.dtype));
  for (let t = 0; t < T; t++) {
    // δ_{t,t} = ∂ℓ_t/∂h_t ⊙ act'(a_t)
    let delta = activateBackward(cell.activation, rowSlice(hs, t, 1), rowSlice(dhs, t, 1));
    for (let d = 0; d < maxDepth && d <= t; d++) {
      const s = t - d;
      const hPrev = s === 0 ? h0 : rowSlice(hs, s - 1, 1);
      matmul(hPrev, delta, { transA: true, out: byDepth[d], accumulate: true });
      if (s === 0 || d + 1 >= maxDepth) break;
      // δ_{t,s−1} = (δ_{t,s}·Whhᵀ) ⊙ act'(a_{s−1})
      const back = matmul(delta, cell.Whh.value, { transB: true });
      delta = activateBackward(cell.activation, hPrev, back, back);
    }
  }
  return byDepth;
}

/** The inputs and next-token targets of one stream, as a batch of one sequence. */
function streamBatch(ids: ArrayLike<number>, vocabSize: number) {
  const all = Array.from(ids);
  return {
    inputs: SequenceBatch.tokens(all.slice(0, -1), 1, vocabSize),
    targets: SequenceBatch.tokens(all.slice(1), 1, vocabSize),
  };
}

/**
 * The k-truncated gradients `g_k = Σ_{d<k} byDepth[d]` for each k in `ks`
 * (k larger than the number of depths gives the full gradient).
 */
export function truncatedGradients(byDepth: readonly Matrix[], ks: readonly number[]): Matrix[] {
  return ks.map((k) => {
    if (!Number.isInteger(k) || k < 1) {
      throw new RangeError(`truncation length must be a positive integer, got ${k}`);
    }
    const g = zeros(byDepth[0].rows, byDepth[0].cols, byDepth[0].dtype);
    for (let d = 0; d < Math.min(k, byDepth.length); d++) addScaled(g, byDepth[d]);
    return g;
  });
}

/**
 * `∂L/∂Whh` as truncated BPTT in training computes it: the sequence is cut
 * into chunks of `k` steps, the hidden state is carried from chunk to chunk,
 * and the gradient stops at each chunk boundary (so a loss term j steps into
 * its chunk sends its gradient back j + 1 steps, between 1 and k). The chunk
 * gradients are weighted by their share of the tokens, so `k ≥ T` gives the
 * full gradient of the mean loss.
 */
export function chunkedGradient(model: LanguageModel, ids: ArrayLike<number>, k: number): Matrix {
  requirePositiveInteger("chunk length k", k);
  const Whh = elmanLayer(model, "chunkedGradient").cell.Whh;
  const T = ids.length - 1;
  const total = zeros(Whh.value.rows, Whh.value.cols, Whh.value.dtype);
  let state: RecurrentState = model.zeroState(1);
  for (const batch of new StreamBatcher(ids, { batchSize: 1, seqLength: k }).epochBatches()) {
    zeroGrads(model.params);
    const pass = model.forward(batch, state);
    state = pass.hidden.final;
    model.backward(pass);
    addScaled(total, Whh.grad, batch.inputs.rows / T);
  }
  zeroGrads(model.params);
  return total;
}

/** `⟨a, b⟩ / (‖a‖·‖b‖)` over all elements. */
export function cosineSimilarity(a: Matrix, b: Matrix): number {
  if (a.size !== b.size) throw new RangeError(`cosineSimilarity: sizes ${a.size} and ${b.size}`);
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < a.size; i++) {
    ab += a.data[i] * b.data[i];
    aa += a.data[i] * a.data[i];
    bb += b.data[i] * b.data[i];
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/** `‖a − b‖ / ‖b‖` (Frobenius): how far `a` is from the reference `b`. */
export function relativeDistance(a: Matrix, b: Matrix): number {
  let num = 0, den = 0;
  for (let i = 0; i < b.size; i++) {
    num += (a.data[i] - b.data[i]) ** 2;
    den += b.data[i] ** 2;
  }
  return Math.sqrt(num / den);
}

/** How close truncated gradients come to the full one, for each k. */
export interface TruncationRow {
  /** Truncation length. */
  k: number;
  /** Cosine similarity of the k-truncated (each loss term back ≤ k steps) and the full gradient. */
  cosine: number;
  /** `‖g_k − g‖ / ‖g‖` for the same. */
  relError: number;
  /** Cosine similarity of the chunked gradient (training with seqLength k) and the full one. */
  chunkedCosine: number;
  /** `‖g_chunk − g‖ / ‖g‖`. */
  chunkedRelError: number;
}

/**
 * Compares, for each `k`, the k-truncated `∂L/∂Whh` (by depth) and the
 * chunked one with the full BPTT gradient of the sequence.
 */
export function truncationTable(
  model: LanguageModel,
  ids: ArrayLike<number>,
  ks: readonly number[],
): TruncationRow[] {
  const byDepth = gradientByDepth(model, ids);
  const [full] = truncatedGradients(byDepth, [byDepth.length]);
  const truncated = truncatedGradients(byDepth, ks);
  return ks.map((k, i) => {
    const chunked = chunkedGradient(model, ids, k);
    return {
      k,
      cosine: cosineSimilarity(truncated[i], full),
      relError: relativeDistance(truncated[i], full),
      chunkedCosine: cosineSimilarity(chunked, full),
      chunkedRelError: relativeDistance(chunked, full),
    };
  });
}

// ---------------------------------------------------------------------------
// 4. Cost: memory and time
// ---------------------------------------------------------------------------

/** One row of {@link measureBPTTCost}. */
export interface CostRow {
  /** Sequence length (time steps per stream). */
  length: number;
  /** Tokens processed (`length · batchSize`). */
  tokens: number;
  /** Numbers kept for backward by full BPTT over the whole sequence. */
  fullActivations: number;
  /** Numbers kept for backward by truncated BPTT (one chunk of k steps at a time). */
  truncatedActivations: number;
  /** Milliseconds for forward + backward over the whole sequence at once. */
  fullMs: number;
  /** Milliseconds for forward + backward chunk by chunk (state carried). */
  truncatedMs: number;
}

/** Options of {@link measureBPTTCost}. */
export interface CostOptions {
  /** Sequence lengths to measure. */
  lengths: readonly number[];
  /** Truncation length. */
  k: number;
  /** Parallel streams (default 16). */
  batchSize?: number;
  /** Repetitions; the fastest is kept (default 3). */
  repeats?: number;
}

/**
 * Measures forward + backward over `length` steps for each length: full BPTT
 * (one call over the whole sequence) and truncated BPTT (chunks of `k` with
 * the state carried). Activations are the numbers a forward call keeps for
 * its backward: per time step and stream, the input vector, the hidden state
 * and the output probabilities.
 */
export function measureBPTTCost(
  model: LanguageModel,
  ids: ArrayLike<number>,
  options: CostOptions,
): CostRow[] {
  const { lengths, k, batchSize: B = 16, repeats = 3 } = options;
  const H = model.rnn.stateSize, X = model.input.size, V = model.vocabSize;
  const perStep = B * (X + H + V);
  // Stream b of a T-step measurement reads ids[b·T + t], as the stream batcher cuts them.
  const run = (T: number, chunk: number) => {
    const batches = new StreamBatcher(Array.from(ids).slice(0, T * B + 1), {
      batchSize: B,
      seqLength: chunk,
    }).epochBatches();
    let state: RecurrentState = model.zeroState(B);
    const started = performance.now();
    for (const batch of batches) {
      zeroGrads(model.params);
      const pass = model.forward(batch, state);
      state = pass.hidden.final;
      model.backward(pass);
    }
    return performance.now() - started;
  };
  let warm = false;
  return lengths.map((T) => {
    if (ids.length < T * B + 1) {
      throw new RangeError(`measureBPTTCost: ${ids.length} ids are too few for ${T}·${B} tokens`);
    }
    if (!warm) run(T, k); // the first call pays for compilation; do not time it
    warm = true;
    let fullMs = Infinity, truncatedMs = Infinity;
    for (let r = 0; r < repeats; r++) {
      fullMs = Math.min(fullMs, run(T, T));
      truncatedMs = Math.min(truncatedMs, run(T, k));
    }
    return {
      length: T,
      tokens: T * B,
      fullActivations: T * perStep,
      truncatedActivations: Math.min(T, k) * perStep,
      fullMs,
      truncatedMs,
    };
  });
}

// ---------------------------------------------------------------------------
// 5. Training with several truncation lengths
// ---------------------------------------------------------------------------

/** Options of {@link compareTruncationLengths}. */
export interface TruncationTrainingOptions {
  /** Truncation lengths to compare (seqLength of training). */
  ks: readonly number[];
  /**
   * Tokens of training for every k: each run takes `round(tokens / (batchSize·k))` steps of
   * `batchSize·k` tokens (the last batch of an epoch can be shorter, so a run may see a few
   * tokens less).
   */
  tokens: number;
  /** Parallel streams. */
  batchSize: number;
  /** The model (a fresh one is built for each k with the same seed). */
  model: LanguageModelOptions;
  /** Builds the optimizer for each run. */
  optimizer: () => Optimizer;
  /** Clip the gradient norm (default 5). */
  clipNorm?: number;
  /** A live progress display per run (default: shown in Jupyter and terminals). */
  progress?: boolean;
}

/** The outcome of training with one truncation length. */
export interface TruncationRun {
  /** Truncation length. */
  k: number;
  /** One record per step. */
  history: StepRecord[];
  /** Validation loss at the end, bits per character. */
  valBitsPerChar: number;
  /** The trained model. */
  model: LanguageModel;
  /** Wall-clock seconds of training. */
  seconds: number;
}

/**
 * Trains one stateful char LM per truncation length `k` (seqLength = k), each
 * on the same number of tokens from the start of `train`, and reports the
 * validation loss in bits per character.
 */
export async function compareTruncationLengths(
  trainIds: ArrayLike<number>,
  validation: ArrayLike<number>,
  options: TruncationTrainingOptions,
): Promise<TruncationRun[]> {
  const { ks, tokens, batchSize, clipNorm = 5 } = options;
  const runs: TruncationRun[] = [];
  for (const k of ks) {
    const model = new LanguageModel(options.model);
    const steps = Math.max(1, Math.round(tokens / (batchSize * k)));
    const history = await train(model, new StreamBatcher(trainIds, { batchSize, seqLength: k }), {
      steps,
      optimizer: options.optimizer(),
      clipNorm,
      progress: options.progress === false ? false : `truncation length k = ${k}`,
    });
    const { bitsPerToken } = evaluateLanguageModel(model, validation, {
      batchSize: 16,
      seqLength: 64,
    });
    runs.push({
      k,
      history: history.steps,
      valBitsPerChar: bitsPerToken,
      model,
      seconds: history.seconds,
    });
  }
  return runs;
}

/**
 * The training loss of `history` averaged over bins of `binTokens` tokens,
 * as `{x: tokens seen at the end of the bin, y: mean loss in bits per token}`:
 * runs with different numbers of tokens per step become comparable on one
 * chart, and a run of 20 000 steps becomes a few dozen points.
 */
export function lossByTokens(
  history: readonly StepRecord[],
  binTokens: number,
): { x: number; y: number }[] {
  if (!(binTokens > 0)) throw new RangeError(`binTokens must be positive, got ${binTokens}`);
  const points: { x: number; y: number }[] = [];
  let sum = 0, count = 0, bin = 1;
  for (const r of history) {
    sum += r.loss;
    count++;
    if (r.tokens >= bin * binTokens || r === history.at(-1)) {
      points.push({ x: r.tokens, y: sum / count / Math.LN2 });
      sum = 0;
      count = 0;
      while (bin * binTokens <= r.tokens) bin++;
    }
  }
  return points;
}

/**
 * A copy of a language model in another element type (e.g. a float32 model
 * trained fast, analysed in float64), with the same options and weights.
 */
export function castModel(model: LanguageModel, dtype: "float32" | "float64"): LanguageModel {
  const copy = new LanguageModel({ ...model.options, dtype });
  copy.params.forEach((p, i) => p.value.data.set(model.params[i].value.data));
  return copy;
}
