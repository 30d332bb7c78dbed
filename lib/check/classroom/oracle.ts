/**
 * The oracle: the engine's own implementation of every exercise, behind the
 * exercises' signatures. This is the ONE module of the checks that calls the
 * engine's layers and optimizers, so a change of the engine's layer API is
 * adapted here and nowhere else. Where the engine has no such function
 * (perplexity, a BPTT loop over given records), the oracle is written here.
 *
 * @module
 */

import { type Matrix, zeros } from "../../core/matrix.ts";
import { addScaled } from "../../core/ops.ts";
import { param } from "../../layers/param.ts";
import { RNNCell } from "../../layers/rnn_cell.ts";
import { SoftmaxCrossEntropy } from "../../layers/softmax_loss.ts";
import { clipGradNorm as engineClipGradNorm } from "../../optim/clip.ts";
import { Random } from "../../random.ts";
import type {
  BPTTGradients,
  RNNCellWeights,
  RNNStepRecord,
  StepGradients,
} from "../exercise_types.ts";

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

/** `rnn_forward` by the engine's cell, step after step. */
export function rnnForward(xs: readonly Matrix[], h0: Matrix, w: RNNCellWeights): RNNStepRecord[] {
  const cell = cellOf(w);
  const steps: RNNStepRecord[] = [];
  let h = h0;
  for (const x of xs) {
    const step = cell.forward(x, h);
    steps.push(step);
    h = step.h;
  }
  return steps;
}

/** `bptt`: the reverse walk with the engine's `RNNCell.backward`, which adds each step's share. */
export function bptt(
  steps: readonly RNNStepRecord[],
  dhs: readonly Matrix[],
  w: RNNCellWeights,
): BPTTGradients {
  const cell = cellOf(w);
  let dh0 = zeros(dhs[0]?.rows ?? 0, w.Whh.rows, w.Whh.dtype);
  for (let t = steps.length - 1; t >= 0; t--) {
    const dh = addScaled(dhs[t].clone(), dh0);
    dh0 = cell.backward(dh, steps[t]).dhPrev;
  }
  const [dWxh, dWhh, db] = [cell.Wxh, cell.Whh, cell.b].map((p) => p.grad.clone());
  return { dWxh, dWhh, db, dh0 };
}

/** `softmax_cross_entropy` by the engine's `SoftmaxCrossEntropy.forward`. */
export function softmaxCrossEntropy(
  logits: Matrix,
  targets: ArrayLike<number>,
  mask?: ArrayLike<number>,
): number {
  return new SoftmaxCrossEntropy().forward(logits, Int32Array.from(targets), mask);
}

/** `softmax_cross_entropy_backward` by the engine's `SoftmaxCrossEntropy.backward`. */
export function softmaxCrossEntropyBackward(
  logits: Matrix,
  targets: ArrayLike<number>,
  mask?: ArrayLike<number>,
): Matrix {
  const loss = new SoftmaxCrossEntropy();
  loss.forward(logits, Int32Array.from(targets), mask);
  return loss.backward();
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

/** `perplexity`, written here (the engine reports losses, not perplexities): `exp(−mean log p)`. */
export function perplexity(logProbs: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < logProbs.length; i++) sum += logProbs[i];
  return Math.exp(-sum / logProbs.length);
}
