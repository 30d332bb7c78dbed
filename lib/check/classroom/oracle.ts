/**
 * The oracle: the engine's own implementation of every exercise, behind the
 * exercises' signatures. This is the ONE module of the checks that calls the
 * engine's layers and optimizers, so a change of the engine's layer API is
 * adapted here and nowhere else. Where the engine has no function of the
 * same shape (BPTT over given records, perplexity), the oracle is built here
 * from the engine's parts (`RNN`, `SoftmaxCrossEntropy`). Its part for
 * notebook 08's exercises (Kneser–Ney discounts, dynamic evaluation) is
 * `oracle_lm.ts`, re-exported here.
 *
 * @module
 */

import { type Matrix, zeros } from "../../core/matrix.ts";
import { rowSlice } from "../../core/ops.ts";
import { SequenceBatch } from "../../core/sequence_batch.ts";
import { GRUCell } from "../../layers/gru_cell.ts";
import { LSTMCell } from "../../layers/lstm_cell.ts";
import { param } from "../../layers/param.ts";
import { RNN } from "../../layers/rnn.ts";
import { RNNCell } from "../../layers/rnn_cell.ts";
import { SoftmaxCrossEntropy } from "../../layers/softmax_loss.ts";
import { clipGradNorm as engineClipGradNorm } from "../../optim/clip.ts";
import { Random } from "../../random.ts";
import type {
  BPTTGradients,
  GRUBackwardResult,
  GRUCellWeights,
  GRUStepRecord,
  LSTMBackwardResult,
  LSTMCellWeights,
  LSTMStepRecord,
  RNNCellWeights,
  RNNStepRecord,
  StepGradients,
} from "../exercise_types.ts";

export * from "./oracle_lm.ts";

/** An engine `RNNCell` holding copies of `w` (tanh, recurrent). */
function cellOf(w: RNNCellWeights): RNNCell {
  const cell = new RNNCell({
    inputSize: w.Wxh.rows,
    hiddenSize: w.Wxh.cols,
    rng: new Random(0),
    dtype: w.Wxh.dtype,
  });
  cell.Wxh.value.copyFrom(w.Wxh);
  cell.Whh.value.copyFrom(w.Whh);
  cell.b.value.copyFrom(w.b);
  return cell;
}

/** `rnn_step_forward` by the engine's `RNNCell.forward`. */
export function rnnStepForward(x: Matrix, hPrev: Matrix, w: RNNCellWeights): RNNStepRecord {
  return cellOf(w).forward(x, hPrev);
}

/** `rnn_step_backward` by the engine's `RNNCell.backward` (gradients read from the fresh cell). */
export function rnnStepBackward(dh: Matrix, step: RNNStepRecord, w: RNNCellWeights): StepGradients {
  const cell = cellOf(w);
  const { dx, dhPrev } = cell.backward(dh, step);
  return {
    dx,
    dhPrev,
    dWxh: cell.Wxh.grad.clone(),
    dWhh: cell.Whh.grad.clone(),
    db: cell.b.grad.clone(),
  };
}

/** An engine `RNN` layer (not stateful) holding copies of `w`. */
function timeRNNOf(w: RNNCellWeights): RNN {
  const layer = new RNN({
    inputSize: w.Wxh.rows,
    hiddenSize: w.Wxh.cols,
    rng: new Random(0),
    dtype: w.Wxh.dtype,
    stateful: false,
  });
  layer.cell.Wxh.value.copyFrom(w.Wxh);
  layer.cell.Whh.value.copyFrom(w.Whh);
  layer.cell.b.value.copyFrom(w.b);
  return layer;
}

/** The matrices `ms` (same shape) stacked as rows: a time-major batch of `ms[0].rows` sequences. */
function stack(ms: readonly Matrix[]): SequenceBatch {
  const out = zeros(ms.length * ms[0].rows, ms[0].cols, ms[0].dtype);
  ms.forEach((m, t) => out.data.set(m.data, t * m.data.length));
  return new SequenceBatch(out, { batchSize: ms[0].rows });
}

/** `rnn_forward` by the engine's `RNN.forward`, cut into one record per step. */
export function rnnForward(xs: readonly Matrix[], h0: Matrix, w: RNNCellWeights): RNNStepRecord[] {
  if (xs.length === 0) return [];
  const B = xs[0].rows;
  const hs = timeRNNOf(w).forward(stack(xs), [h0]).ys.data.clone();
  return xs.map((x, t) => ({
    x,
    hPrev: t === 0 ? h0 : rowSlice(hs, (t - 1) * B, B),
    h: rowSlice(hs, t * B, B),
  }));
}

/** `bptt` by the engine's `RNN.backward` (after its forward over the records' inputs). */
export function bptt(
  steps: readonly RNNStepRecord[],
  dhs: readonly Matrix[],
  w: RNNCellWeights,
): BPTTGradients {
  const layer = timeRNNOf(w);
  const pass = layer.forward(stack(steps.map((s) => s.x)), [steps[0].hPrev]);
  const { dInitial } = layer.backward(stack(dhs).data, pass);
  const { Wxh, Whh, b } = layer.cell;
  return {
    dWxh: Wxh.grad.clone(),
    dWhh: Whh.grad.clone(),
    db: b.grad.clone(),
    dh0: dInitial[0].clone(),
  };
}

/** `softmax_cross_entropy` by the engine's `SoftmaxCrossEntropy.forward`. */
export function softmaxCrossEntropy(
  logits: Matrix,
  targets: ArrayLike<number>,
  mask?: ArrayLike<number>,
): number {
  return new SoftmaxCrossEntropy().forward(logits, Int32Array.from(targets), mask).loss;
}

/** `softmax_cross_entropy_backward` by the engine's `SoftmaxCrossEntropy.backward`. */
export function softmaxCrossEntropyBackward(
  logits: Matrix,
  targets: ArrayLike<number>,
  mask?: ArrayLike<number>,
): Matrix {
  const loss = new SoftmaxCrossEntropy();
  return loss.backward(loss.forward(logits, Int32Array.from(targets), mask));
}

/**
 * `clip_grad_norm` by the engine's `clipGradNorm` on copies: returns the norm
 * before clipping and the clipped gradients, leaving `grads` as they are.
 */
export function clipGradNorm(
  grads: readonly Matrix[],
  maxNorm: number,
): { norm: number; clipped: Matrix[] } {
  const params = grads.map((g, i) => {
    const p = param(`g${i}`, zeros(g.rows, g.cols, g.dtype));
    p.grad.copyFrom(g);
    return p;
  });
  const norm = engineClipGradNorm(params, maxNorm, { errorIfNonFinite: false });
  return { norm, clipped: params.map((p) => p.grad) };
}

/**
 * `perplexity` through the engine's loss: each token's probability `p` becomes
 * a row of logits `[log p, log(1 − p)]` with target 0, whose cross-entropy is
 * `−log p`; the engine's mean loss is then the mean negative log-probability,
 * and the perplexity its exponential.
 */
export function perplexity(logProbs: ArrayLike<number>): number {
  const logits = zeros(logProbs.length, 2);
  for (let i = 0; i < logProbs.length; i++) {
    logits.data[2 * i] = logProbs[i];
    logits.data[2 * i + 1] = Math.log1p(-Math.exp(logProbs[i]));
  }
  const meanLoss = new SoftmaxCrossEntropy().forward(logits, new Int32Array(logProbs.length)).loss;
  return Math.exp(meanLoss);
}

/** An engine `LSTMCell` (plain: forget bias from the weights, no peepholes) holding copies of `w`. */
function lstmCellOf(w: LSTMCellWeights): LSTMCell {
  const cell = new LSTMCell({
    inputSize: w.Wx.rows,
    hiddenSize: w.Wh.rows,
    rng: new Random(0),
    dtype: w.Wx.dtype,
  });
  cell.Wx.value.copyFrom(w.Wx);
  cell.Wh.value.copyFrom(w.Wh);
  cell.b.value.copyFrom(w.b);
  return cell;
}

/** `lstm_step_forward` by the engine's `LSTMCell.forward`. */
export function lstmStepForward(
  x: Matrix,
  hPrev: Matrix,
  cPrev: Matrix,
  w: LSTMCellWeights,
): LSTMStepRecord {
  const { i, f, g, o, c, h } = lstmCellOf(w).forward(x, hPrev, cPrev);
  return { x, hPrev, cPrev, i, f, g, o, c, h };
}

/** `lstm_step_backward` by the engine's `LSTMCell.backward` (the step recomputed from its inputs). */
export function lstmStepBackward(
  dh: Matrix,
  dc: Matrix,
  step: LSTMStepRecord,
  w: LSTMCellWeights,
): LSTMBackwardResult {
  const cell = lstmCellOf(w);
  const { dx, dhPrev, dcPrev } = cell.backward(
    dh,
    dc,
    cell.forward(step.x, step.hPrev, step.cPrev),
  );
  return {
    dx,
    dhPrev,
    dcPrev,
    dWx: cell.Wx.grad.clone(),
    dWh: cell.Wh.grad.clone(),
    db: cell.b.grad.clone(),
  };
}

/** An engine `GRUCell` (PyTorch's form) holding copies of `w`. */
function gruCellOf(w: GRUCellWeights): GRUCell {
  const cell = new GRUCell({
    inputSize: w.Wx.rows,
    hiddenSize: w.Wh.rows,
    rng: new Random(0),
    dtype: w.Wx.dtype,
  });
  cell.Wx.value.copyFrom(w.Wx);
  cell.Wh.value.copyFrom(w.Wh);
  cell.b.value.copyFrom(w.b);
  cell.bhn!.value.copyFrom(w.bhn);
  return cell;
}

/** `gru_step_forward` by the engine's `GRUCell.forward`. */
export function gruStepForward(x: Matrix, hPrev: Matrix, w: GRUCellWeights): GRUStepRecord {
  const { r, z, n, h } = gruCellOf(w).forward(x, hPrev);
  return { x, hPrev, r, z, n, h };
}

/** `gru_step_backward` by the engine's `GRUCell.backward` (the step recomputed from its inputs). */
export function gruStepBackward(
  dh: Matrix,
  step: GRUStepRecord,
  w: GRUCellWeights,
): GRUBackwardResult {
  const cell = gruCellOf(w);
  const { dx, dhPrev } = cell.backward(dh, cell.forward(step.x, step.hPrev));
  return {
    dx,
    dhPrev,
    dWx: cell.Wx.grad.clone(),
    dWh: cell.Wh.grad.clone(),
    db: cell.b.grad.clone(),
    dbhn: cell.bhn!.grad.clone(),
  };
}
