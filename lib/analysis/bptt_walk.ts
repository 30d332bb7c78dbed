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

import type { Matrix } from "../core/matrix.ts";
import { addScaled, rowSlice, sumOfSquares } from "../core/ops.ts";
import { SequenceBatch } from "../core/sequence_batch.ts";
import { zeroGrads } from "../layers/param.ts";
import { RNN } from "../layers/rnn.ts";
import type { RNNStep } from "../layers/rnn_cell.ts";
import type { LanguageModel, LanguageModelPass } from "../models/language_model.ts";

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

/** The Elman layer of a language model, or a clear error for other cells. */
export function elmanLayer(model: LanguageModel, what: string): RNN {
  if (!(model.rnn instanceof RNN)) {
    throw new TypeError(
      `${what} walks an Elman RNN step by step; this model's layer is ${model.rnn.kind}`,
    );
  }
  return model.rnn;
}

/** The per-step records {@link RNNStep} of a forward pass (batch rows per step). */
export function stepsOf(pass: LanguageModelPass): RNNStep[] {
  const xs = pass.input.xs, hs = pass.hidden.trace.h;
  const B = xs.batchSize;
  const h0 = pass.hidden.initial[0];
  return Array.from({ length: xs.steps }, (_, t) => ({
    x: xs.at(t),
    hPrev: t === 0 ? h0 : rowSlice(hs, (t - 1) * B, B),
    h: rowSlice(hs, t * B, B),
  }));
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
 * import { bpttStepByStep, LanguageModel } from "../mod.ts";
 * const lm = new LanguageModel({ vocabSize: 3, hiddenSize: 4, seed: 1 });
 * const walk = bpttStepByStep(lm, [0, 1, 2, 1], [1, 2, 1, 0]);
 * console.assert(walk.contributions.length === 4);
 * ```
 */
export function bpttStepByStep(
  model: LanguageModel,
  inputs: ArrayLike<number>,
  targets: ArrayLike<number>,
  batchSize = 1,
): BPTTWalk {
  const cell = elmanLayer(model, "bpttStepByStep").cell;
  zeroGrads(model.params);
  const batch = {
    inputs: SequenceBatch.tokens(inputs, batchSize, model.vocabSize),
    targets: SequenceBatch.tokens(targets, batchSize, model.vocabSize),
  };
  const pass = model.forward(batch, model.zeroState(batchSize));
  // ∂ℓ_t/∂h_t, the direct part (the head's own gradients are added here too).
  const dhs = model.head.backward(model.loss.backward(pass.lossPass), pass.head);
  const steps = stepsOf(pass);
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
  return { loss: pass.loss, contributions, cumulative, dhNorms, total: cell.Whh.grad.clone() };
}

/** The Frobenius norm `√Σ m_ij²`. */
export function frobeniusNorm(m: Matrix): number {
  return Math.sqrt(sumOfSquares(m));
}
