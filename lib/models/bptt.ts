/**
 * Backpropagation through time, one step at a time: the backward walk with
 * each step's share of `∂L/∂Whh`, as notebook 04 derives it.
 *
 * Notation (batches as rows, one hidden layer):
 * ```
 * a_t = x_t·Wxh + h_{t−1}·Whh + b,   h_t = act(a_t),   L = (1/N) Σ_t ℓ_t
 * ∂L/∂Whh = Σ_t h_{t−1}ᵀ·δ_t,        δ_t = ∂L/∂a_t
 * ```
 *
 * @module
 */

import { type Matrix, zeros } from "../core/matrix.ts";
import { addScaled, rowSlice, sumOfSquares } from "../core/ops.ts";
import { type Ids, oneHot } from "../layers/embedding.ts";
import { zeroGrads } from "../layers/param.ts";
import type { RNNStep } from "../layers/rnn_cell.ts";
import { CharLM } from "./char_lm.ts";

// ---------------------------------------------------------------------------
// 1. The backward walk, one step at a time
// ---------------------------------------------------------------------------

/** What {@link bpttStepByStep} records. */
export interface BPTTWalk {
  /** The mean loss of the forward pass (nats per token). */
  loss: number;
  /**
   * `contributions[t]` = `h_{t−1}ᵀ·δ_t`: what the backward step at time t
   * added to `Whh.grad` (indexed by time, although the walk visits them from
   * the last step to the first).
   */
  contributions: Matrix[];
  /** `cumulative[i]`: `Whh.grad` after the i-th backward step (i = 0 is step T−1). */
  cumulative: Matrix[];
  /** `‖∂L/∂h_t‖` (total, including what flows back from later steps), indexed by time. */
  dhNorms: number[];
  /** The total: a copy of `Whh.grad` after the walk (equals the sum of the contributions). */
  total: Matrix;
}

/** The per-step records {@link RNNStep} of the last forward pass of `model` (batch rows per step). */
export function stepsOf(model: CharLM, inputs: Ids, batchSize: number, h0?: Matrix): RNNStep[] {
  const hs = model.rnn.hiddenStates;
  if (!hs) throw new Error("stepsOf: run the model forward first");
  const xs = model.embedding
    ? rowsOf(model.embedding.W.value, inputs)
    : oneHot(inputs, model.vocabSize, model.dtype);
  const T = hs.rows / batchSize, H = hs.cols;
  const steps: RNNStep[] = [];
  for (let t = 0; t < T; t++) {
    steps.push({
      x: rowSlice(xs, t * batchSize, batchSize),
      hPrev: t === 0
        ? (h0 ?? zeros(batchSize, H, model.dtype))
        : rowSlice(hs, (t - 1) * batchSize, batchSize),
      h: rowSlice(hs, t * batchSize, batchSize),
    });
  }
  return steps;
}

/**
 * Runs `model` over one sequence from a zero state, then walks backward
 * through time one step at a time with the cell's own `backward(dh, step)`:
 * `dh_t = ∂ℓ_t/∂h_t + dh_{t+1}·(from step t+1)`, and records what each step
 * adds to `Whh.grad`. Gradients are zeroed first; afterwards every parameter
 * of the RNN and the head holds its full BPTT gradient.
 *
 * @example
 * ```ts
 * import { CharLM } from "./char_lm.ts";
 * import { bpttStepByStep } from "./bptt.ts";
 * const lm = new CharLM({ vocabSize: 3, hiddenSize: 4, seed: 1 });
 * const walk = bpttStepByStep(lm, [0, 1, 2, 1], [1, 2, 1, 0]);
 * console.assert(walk.contributions.length === 4);
 * ```
 */
export function bpttStepByStep(model: CharLM, inputs: Ids, targets: Ids, batchSize = 1): BPTTWalk {
  zeroGrads(model.params);
  model.resetState();
  const loss = model.forward(inputs, targets, batchSize);
  const dhs = model.head.backward(model.loss.backward()); // ∂ℓ_t/∂h_t, the direct part
  const steps = stepsOf(model, inputs, batchSize);
  const cell = model.rnn.cell;
  const T = steps.length;
  const contributions: Matrix[] = new Array(T);
  const cumulative: Matrix[] = [];
  const dhNorms: number[] = new Array(T);
  let dhNext: Matrix | undefined;
  for (let t = T - 1; t >= 0; t--) {
    const dh = rowSlice(dhs, t * batchSize, batchSize).clone();
    if (dhNext) addScaled(dh, dhNext);
    dhNorms[t] = Math.sqrt(sumOfSquares(dh));
    const before = cell.Whh.grad.clone();
    dhNext = cell.backward(dh, steps[t]).dhPrev; // adds h_{t−1}ᵀ·δ_t into Whh.grad
    contributions[t] = addScaled(cell.Whh.grad.clone(), before, -1);
    cumulative.push(cell.Whh.grad.clone());
  }
  model.resetState();
  return { loss, contributions, cumulative, dhNorms, total: cell.Whh.grad.clone() };
}

function rowsOf(table: Matrix, ids: Ids): Matrix {
  const out = zeros(ids.length, table.cols, table.dtype);
  for (let r = 0; r < ids.length; r++) out.data.set(table.row(ids[r]), r * table.cols);
  return out;
}

/** The Frobenius norm `√Σ m_ij²`. */
export function frobeniusNorm(m: Matrix): number {
  return Math.sqrt(sumOfSquares(m));
}
