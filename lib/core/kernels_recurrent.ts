/**
 * The recurrent loops over a whole sequence, as kernels: what the Elman RNN,
 * the LSTM and the GRU layers run between their two big products (the input
 * product `X·Wx + b` of all steps before, the weight gradients of all steps
 * after). Each loop does, at every step, the one product that cannot be
 * batched over time (`h_{t−1}·Wh`) and the cell's elementwise arithmetic,
 * fused: all gates and the state update in one pass over the units.
 *
 * This file holds the sequence descriptions and the readable reference loops,
 * the oracle that the WebAssembly loops (which keep the weight packed for the
 * whole sequence and run the time loop inside WebAssembly, on one or two
 * cores) are tested against. The math of each cell is written out in the
 * layer files (`lib/layers/lstm_cell.ts`, `gru_cell.ts`); the names here
 * follow it. All arrays are row-major; a sequence array `[T·B × N]` holds step
 * t in rows `t·B … t·B + B − 1`.
 *
 * @module
 */

import { activation, activationSlope } from "./activation.ts";
import {
  choResetStep,
  choStep,
  choStepBackwardN,
  choStepBackwardR,
  gruStep,
  gruStepBackward,
  lstmStep,
  lstmStepBackward,
} from "./kernels_cells.ts";
import type { Data } from "./matrix.ts";
import type {
  Gemm,
  GRUGradients,
  GRUSequence,
  LSTMGradients,
  LSTMSequence,
  RecurrentKernels,
  RNNSequence,
} from "./recurrent_sequences.ts";

export * from "./recurrent_sequences.ts";

/** Rows `[t·B, (t+1)·B)` of a `[T·B × width]` array, shared. */
function step(x: Data, t: number, rowsPerStep: number, width: number): Data {
  return x.subarray(t * rowsPerStep * width, (t + 1) * rowsPerStep * width);
}

/** A zero array of `length` elements of the same element type as `x` (scratch). */
function like(x: Data, length: number): Data {
  return x instanceof Float32Array ? new Float32Array(length) : new Float64Array(length);
}

/** Adds columns `[from, from + width)` of `R` into the same columns of `x` (rows of `n`). */
function addBlocks(x: Data, R: Data, rows: number, n: number, from: number, width: number): void {
  for (let r = 0; r < rows; r++) {
    for (let j = from; j < from + width; j++) x[r * n + j] += R[r * n + j];
  }
}

/** Copies columns `[from, from + width)` of `R` (rows of `n`) into `x` (`rows × width`). */
function copyBlock(x: Data, R: Data, rows: number, n: number, from: number, width: number): void {
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < width; j++) x[r * width + j] = R[r * n + from + j];
  }
}

/**
 * The readable recurrent loops over a given matrix product (the reference
 * backend's gemm; `referenceKernels` includes them).
 *
 * @example
 * ```ts
 * import { referenceKernels } from "./kernels.ts";
 * // One unit, two steps, one sequence: h_t = tanh(a_t + h_{t−1}·w) with w = 2.
 * const hs = new Float64Array([0.5, 0]); // a_0, a_1 in; h_0, h_1 out
 * referenceKernels.rnnForward({
 *   steps: 2, batch: 1, hidden: 1, activation: "tanh",
 *   hs, h0: new Float64Array([0]), Whh: new Float64Array([2]),
 * });
 * console.assert(hs[0] === Math.tanh(0.5) && hs[1] === Math.tanh(2 * Math.tanh(0.5)));
 * ```
 */
export function referenceRecurrentKernels(gemm: Gemm): RecurrentKernels {
  return {
    rnnForward: (s) => rnnForward(gemm, s),
    rnnBackward: (s, da, dh0) => rnnBackward(gemm, s, da, dh0),
    lstmForward: (s) => lstmForward(gemm, s),
    lstmBackward: (s, d) => lstmBackward(gemm, s, d),
    gruForward: (s) => gruForward(gemm, s),
    gruBackward: (s, d) => gruBackward(gemm, s, d),
  };
}

/** `h_t = act(a_t + h_{t−1}·Whh)`, step by step. */
function rnnForward(gemm: Gemm, s: RNNSequence): void {
  const { steps: T, batch: B, hidden: H, hs, h0, Whh } = s;
  for (let t = 0; t < T; t++) {
    const a = step(hs, t, B, H);
    if (Whh) gemm(false, false, B, H, H, t === 0 ? h0 : step(hs, t - 1, B, H), Whh, a, true);
    for (let i = 0; i < a.length; i++) a[i] = activation(s.activation, a[i]);
  }
}

/** `dh_t` = (from outside) + `da_{t+1}·Whhᵀ`; `da_t = dh_t ⊙ act'(a_t)`, from the last step back. */
function rnnBackward(gemm: Gemm, s: RNNSequence, da: Data, dh0: Data): void {
  const { steps: T, batch: B, hidden: H, hs, Whh } = s;
  for (let t = T - 1; t >= 0; t--) {
    const dat = step(da, t, B, H), h = step(hs, t, B, H);
    if (Whh && t < T - 1) gemm(false, true, B, H, H, step(da, t + 1, B, H), Whh, dat, true);
    for (let i = 0; i < dat.length; i++) dat[i] *= activationSlope(s.activation, h[i]);
  }
  if (Whh) gemm(false, true, B, H, H, step(da, 0, B, H), Whh, dh0, false);
  else dh0.fill(0);
}

/** Each step: the gates' pre-activations get `h_{t−1}·Wh`, then the fused step. */
function lstmForward(gemm: Gemm, s: LSTMSequence): void {
  const { steps: T, batch: B, hidden: H, gates, Wh, hs } = s;
  const GH = (s.coupled ? 3 : 4) * H;
  for (let t = 0; t < T; t++) {
    const hPrev = t === 0 ? s.h0 : step(hs, t - 1, B, H);
    gemm(false, false, B, GH, H, hPrev, Wh, step(gates, t, B, GH), true);
    lstmStep(s, t);
  }
}

/** From the last step back: `dh_t += ∂L/∂(gates of t+1)·Whᵀ`, then the fused step back. */
function lstmBackward(gemm: Gemm, s: LSTMSequence, d: LSTMGradients): void {
  const { steps: T, batch: B, hidden: H, Wh } = s;
  const GH = (s.coupled ? 3 : 4) * H;
  const dcNext = like(d.dh, B * H); // ∂L/∂c_t carried back from step t+1
  for (let t = T - 1; t >= 0; t--) {
    const dht = step(d.dh, t, B, H);
    if (t < T - 1) gemm(false, true, B, H, GH, step(d.dGates, t + 1, B, GH), Wh, dht, true);
    lstmStepBackward(s, d, t, dcNext);
  }
  gemm(false, true, B, H, GH, step(d.dGates, 0, B, GH), Wh, d.dh0, false);
  d.dc0.set(dcNext);
}

/** Each step: `h_{t−1}·Wh` (all blocks), added to r and z; n in PyTorch's or Cho's way. */
function gruForward(gemm: Gemm, s: GRUSequence): void {
  const { steps: T, batch: B, hidden: H, Wh, hs } = s;
  const R = like(hs, B * 3 * H); // h-side products of one step, all three blocks
  for (let t = 0; t < T; t++) {
    const hPrev = t === 0 ? s.h0 : step(hs, t - 1, B, H);
    const gt = step(s.gates, t, B, 3 * H), hn = step(s.hn, t, B, H);
    gemm(false, false, B, 3 * H, H, hPrev, Wh, R, false);
    addBlocks(gt, R, B, 3 * H, 0, 2 * H); // r, z: x side + h side
    if (s.variant === "pytorch") {
      copyBlock(hn, R, B, 3 * H, 2 * H, H); // h·W_hn
      gruStep(s, t);
    } else {
      // Cho: r first, then the n block's product of r ⊙ h (only its n block is used).
      choResetStep(s, t);
      gemm(false, false, B, 3 * H, H, hn, Wh, R, false);
      addBlocks(gt, R, B, 3 * H, 2 * H, H);
      choStep(s, t);
    }
  }
}

/** From the last step back: the fused step back, then `dh_{t−1} +=` the products' gradients·Whᵀ. */
function gruBackward(gemm: Gemm, s: GRUSequence, d: GRUGradients): void {
  const { steps: T, batch: B, hidden: H, Wh } = s;
  const D = like(d.dh, B * 3 * H); // gradients of the h-side products, one step
  const dRH = like(d.dh, B * H);
  for (let t = T - 1; t >= 0; t--) {
    const dhPrev = t === 0 ? d.dh0 : step(d.dh, t - 1, B, H);
    if (t === 0) d.dh0.fill(0);
    if (s.variant === "pytorch") {
      gruStepBackward(s, d, t, dhPrev);
      gemm(false, true, B, H, 3 * H, step(d.dHidden!, t, B, 3 * H), Wh, dhPrev, true);
    } else {
      // ∂L/∂(r ⊙ h) = da_n·W_hnᵀ: the n block alone through Whᵀ.
      choStepBackwardN(s, d, t, dhPrev, D);
      gemm(false, true, B, H, 3 * H, D, Wh, dRH, false);
      choStepBackwardR(s, d, t, dhPrev, dRH, D);
      gemm(false, true, B, H, 3 * H, D, Wh, dhPrev, true);
    }
  }
}
