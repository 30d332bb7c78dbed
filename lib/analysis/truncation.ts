/**
 * Truncated BPTT, measured: the gradient split by how far it travelled back,
 * truncated and chunked gradients against the full one, the memory and time
 * of full against truncated BPTT, and training with several truncation
 * lengths.
 *
 * @module
 */

import { type Matrix, zeros } from "../core/matrix.ts";
import { activateBackward, addScaled, matmul, rowSlice } from "../core/ops.ts";
import { type Ids } from "../layers/embedding.ts";
import { zeroGrads } from "../layers/param.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { CharLM, type CharLMOptions } from "../models/char_lm.ts";
import { evaluateLoss, type StepRecord, trainLanguageModel } from "../models/train.ts";

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
  model: CharLM,
  inputs: Ids,
  targets: Ids,
  maxDepth = inputs.length,
): Matrix[] {
  zeroGrads(model.params);
  model.resetState();
  model.forward(inputs, targets, 1);
  const dhs = model.head.backward(model.loss.backward());
  const hs = model.rnn.hiddenStates!;
  const cell = model.rnn.cell;
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
  zeroGrads(model.params);
  model.resetState();
  return byDepth;
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
export function chunkedGradient(model: CharLM, inputs: Ids, targets: Ids, k: number): Matrix {
  if (!Number.isInteger(k) || k < 1) {
    throw new RangeError(`chunk length must be a positive integer, got ${k}`);
  }
  const T = inputs.length;
  const Whh = model.rnn.cell.Whh;
  const total = zeros(Whh.value.rows, Whh.value.cols, Whh.value.dtype);
  model.resetState();
  const stateful = model.rnn.stateful;
  model.rnn.stateful = true;
  for (let start = 0; start < T; start += k) {
    const end = Math.min(T, start + k);
    zeroGrads(model.params);
    model.forward(Array.from(inputs).slice(start, end), Array.from(targets).slice(start, end), 1);
    model.backward();
    addScaled(total, Whh.grad, (end - start) / T);
  }
  model.rnn.stateful = stateful;
  zeroGrads(model.params);
  model.resetState();
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
  model: CharLM,
  inputs: Ids,
  targets: Ids,
  ks: readonly number[],
): TruncationRow[] {
  const byDepth = gradientByDepth(model, inputs, targets);
  const [full] = truncatedGradients(byDepth, [byDepth.length]);
  const truncated = truncatedGradients(byDepth, ks);
  return ks.map((k, i) => {
    const chunked = chunkedGradient(model, inputs, targets, k);
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
export function measureBPTTCost(model: CharLM, ids: Ids, options: CostOptions): CostRow[] {
  const { lengths, k, batchSize: B = 16, repeats = 3 } = options;
  const H = model.rnn.cell.hiddenSize, X = model.rnn.cell.inputSize, V = model.vocabSize;
  const perStep = B * (X + H + V);
  const run = (inputs: number[], targets: number[], chunk: number) => {
    const T = inputs.length / B;
    model.resetState();
    const started = performance.now();
    for (let s = 0; s < T; s += chunk) {
      const e = Math.min(T, s + chunk);
      zeroGrads(model.params);
      model.forward(inputs.slice(s * B, e * B), targets.slice(s * B, e * B), B);
      model.backward();
    }
    return performance.now() - started;
  };
  let warm = false;
  return lengths.map((T) => {
    if (ids.length < T * B + 1) {
      throw new RangeError(`measureBPTTCost: ${ids.length} ids are too few for ${T}·${B} tokens`);
    }
    // Time-major: stream b reads ids[b·T + t].
    const inputs: number[] = [], targets: number[] = [];
    for (let t = 0; t < T; t++) {
      for (let b = 0; b < B; b++) {
        inputs.push(ids[b * T + t]);
        targets.push(ids[b * T + t + 1]);
      }
    }
    if (!warm) run(inputs, targets, k); // the first call pays for compilation; do not time it
    warm = true;
    let fullMs = Infinity, truncatedMs = Infinity;
    for (let r = 0; r < repeats; r++) {
      fullMs = Math.min(fullMs, run(inputs, targets, T));
      truncatedMs = Math.min(truncatedMs, run(inputs, targets, k));
    }
    model.resetState();
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
  /** Tokens of training for every k (the same budget for each). */
  tokens: number;
  /** Parallel streams. */
  batchSize: number;
  /** The model (a fresh one is built for each k with the same seed). */
  model: CharLMOptions;
  /** Builds the optimizer for each run. */
  optimizer: () => Optimizer;
  /** Clip the gradient norm (default 5). */
  clipNorm?: number;
  /** Called after each step with the run's k. */
  onStep?: (k: number, record: StepRecord) => void;
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
  model: CharLM;
  /** Wall-clock seconds of training. */
  seconds: number;
}

/**
 * Trains one stateful char LM per truncation length `k` (seqLength = k), each
 * on the same number of tokens from the start of `train`, and reports the
 * validation loss in bits per character.
 */
export function compareTruncationLengths(
  train: Ids,
  validation: Ids,
  options: TruncationTrainingOptions,
): TruncationRun[] {
  const { ks, tokens, batchSize, clipNorm = 5, onStep } = options;
  return ks.map((k) => {
    const model = new CharLM(options.model);
    const steps = Math.max(1, Math.round(tokens / (batchSize * k)));
    const started = performance.now();
    const history = trainLanguageModel(model, train, {
      batchSize,
      seqLength: k,
      steps,
      optimizer: options.optimizer(),
      clipNorm,
      onStep: onStep ? (r) => onStep(k, r) : undefined,
    });
    const seconds = (performance.now() - started) / 1000;
    const nats = evaluateLoss(model, validation, { batchSize: 16, seqLength: 64 });
    return { k, history, valBitsPerChar: nats / Math.LN2, model, seconds };
  });
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
 * A copy of `model` in another element type (e.g. a float32 model trained
 * fast, analysed in float64), with the same options and weights.
 */
export function castCharLM(model: CharLM, dtype: "float32" | "float64"): CharLM {
  const copy = new CharLM({
    vocabSize: model.vocabSize,
    hiddenSize: model.rnn.cell.hiddenSize,
    embeddingSize: model.embedding?.W.value.cols,
    activation: model.rnn.cell.activation,
    recurrent: model.rnn.cell.recurrent,
    dtype,
  });
  copy.params.forEach((p, i) => p.value.data.set(model.params[i].value.data));
  return copy;
}
