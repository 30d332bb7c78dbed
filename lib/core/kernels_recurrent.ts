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

import type { Activation } from "./kernels.ts";
import {
  choResetStep,
  choStep,
  choStepBackwardN,
  choStepBackwardR,
  gruStep,
  gruStepBackward,
  lstmStep,
  lstmStepBackward,
  sigmoid,
} from "./kernels_cells.ts";
import type { Data } from "./matrix.ts";

export { sigmoid };

/** Sizes shared by every sequence. */
export interface SequenceShape {
  /** Time steps T. */
  readonly steps: number;
  /** Sequences B. */
  readonly batch: number;
  /** Units H. */
  readonly hidden: number;
}

/** The Elman recurrence `h_t = act(a_t + h_{t−1}·Whh)`, with `a_t = x_t·Wxh + b` given. */
export interface RNNSequence extends SequenceShape {
  /** The hidden nonlinearity. */
  readonly activation: Activation;
  /** `[T·B × H]`: `a_t` on entry to forward, `h_t` on return (what backward reads). */
  readonly hs: Data;
  /** `[B × H]`, the initial state. */
  readonly h0: Data;
  /** `[H × H]`, or undefined for no recurrent product. */
  readonly Whh?: Data;
}

/**
 * The LSTM recurrence. Gates are column blocks of width H, in the order
 * i, f, g, o (G = 4), or f, g, o (G = 3) when the input gate is coupled
 * (`i = 1 − f`).
 */
export interface LSTMSequence extends SequenceShape {
  /** `i = 1 − f`: no input-gate columns. */
  readonly coupled: boolean;
  /** `[T·B × G·H]`: `x_t·Wx + b`, read by forward (scratch: a kernel may overwrite it). */
  readonly gates: Data;
  /**
   * `[G × T·B × H]`, written by forward: the gate activations, gate-major
   * (gate k of row r, unit j at `k·T·B·H + r·H + j`), so that each gate over
   * all steps is one contiguous `[T·B × H]` block (a view for charts).
   */
  readonly acts: Data;
  /** `[H × G·H]`. */
  readonly Wh: Data;
  /** Peephole weights `[1 × H]` each (`i` absent when coupled), or undefined for none. */
  readonly peephole?: { readonly i?: Data; readonly f: Data; readonly o: Data };
  /** `[B × H]` initial states. */
  readonly h0: Data;
  /** `[B × H]`. */
  readonly c0: Data;
  /** `[T·B × H]`, written by forward. */
  readonly hs: Data;
  /** `[T·B × H]`, written by forward. */
  readonly cs: Data;
}

/** Gradients of {@link LSTMSequence}'s backward. */
export interface LSTMGradients {
  /** `[T·B × H]`: ∂L/∂h_t from outside (a kernel may overwrite it). */
  readonly dh: Data;
  /** `[T·B × H]`: ∂L/∂c_t from outside, or undefined for none. */
  readonly dc?: Data;
  /** `[T·B × G·H]`, written: ∂L/∂(gate pre-activations). */
  readonly dGates: Data;
  /** `[B × H]`, written. */
  readonly dh0: Data;
  /** `[B × H]`, written. */
  readonly dc0: Data;
}

/**
 * The GRU recurrence, gates r, z, n in column blocks of width H. PyTorch's
 * form: `n = tanh(ax_n + r ⊙ (h·W_hn + b_hn))`; Cho et al.'s:
 * `n = tanh(ax_n + (r ⊙ h)·W_hn)`; both `h' = (1 − z) ⊙ n + z ⊙ h`.
 */
export interface GRUSequence extends SequenceShape {
  /** `"pytorch"` (reset after the product) or `"cho"` (reset before it). */
  readonly variant: "pytorch" | "cho";
  /** `[T·B × 3H]`: `x_t·Wx + b`, read by forward (scratch: a kernel may overwrite it). */
  readonly gates: Data;
  /** `[3 × T·B × H]`, written by forward: r, z, n, gate-major (see {@link LSTMSequence.acts}). */
  readonly acts: Data;
  /** `[H × 3H]`. */
  readonly Wh: Data;
  /** `[1 × H]`, the PyTorch form's `b_hn`. */
  readonly bhn?: Data;
  /** `[B × H]`. */
  readonly h0: Data;
  /** `[T·B × H]`, written by forward. */
  readonly hs: Data;
  /** `[T·B × H]`, written by forward: `h_{t−1}·W_hn + b_hn` (PyTorch) or `r_t ⊙ h_{t−1}` (Cho). */
  readonly hn: Data;
}

/** Gradients of {@link GRUSequence}'s backward. */
export interface GRUGradients {
  /** `[T·B × H]`: ∂L/∂h_t from outside (a kernel may overwrite it). */
  readonly dh: Data;
  /** `[T·B × 3H]`, written: ∂L/∂(x_t·Wx + b). */
  readonly dGates: Data;
  /**
   * `[T·B × 3H]`, written in PyTorch's form: ∂L/∂(h_{t−1}·Wh) (its n block is
   * ∂L/∂(h·W_hn + b_hn)). In Cho's form the product inputs differ by block
   * (h for r, z; r ⊙ h for n) and `dGates` is the gradient of both products.
   */
  readonly dHidden?: Data;
  /** `[B × H]`, written. */
  readonly dh0: Data;
}

/** The recurrent kernels a backend provides (see `Kernels`). */
export interface RecurrentKernels {
  /** Runs `h_t = act(a_t + h_{t−1}·Whh)` for t = 0 … T−1, in place in `hs`. */
  rnnForward(seq: RNNSequence): void;
  /**
   * Backward through time: `da` holds ∂L/∂h_t from outside on entry and
   * ∂L/∂a_t on return; `dh0` receives ∂L/∂h_0. `seq.hs` holds the forward's h.
   */
  rnnBackward(seq: RNNSequence, da: Data, dh0: Data): void;
  /** The LSTM over the sequence (gates, c and h of every step). */
  lstmForward(seq: LSTMSequence): void;
  /** Backward through time of {@link RecurrentKernels.lstmForward}'s values. */
  lstmBackward(seq: LSTMSequence, grads: LSTMGradients): void;
  /** The GRU over the sequence (gates, h·W_hn + b_hn or r ⊙ h, and h of every step). */
  gruForward(seq: GRUSequence): void;
  /** Backward through time of {@link RecurrentKernels.gruForward}'s values. */
  gruBackward(seq: GRUSequence, grads: GRUGradients): void;
}

/** A row-major matrix product `C (+)= op(A)·op(B)`, as `Kernels.gemm`. */
export type Gemm = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: Data,
  b: Data,
  c: Data,
  accumulate: boolean,
) => void;

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

/** `act(a)` of a pre-activation. */
function activation(kind: Activation, a: number): number {
  if (kind === "tanh") return Math.tanh(a);
  if (kind === "sigmoid") return sigmoid(a);
  if (kind === "relu") return a > 0 ? a : 0;
  return a;
}

/** `act'` written with the output `y` (tanh: 1 − y², sigmoid: y(1 − y), relu: y > 0). */
function activationSlope(kind: Activation, y: number): number {
  if (kind === "tanh") return 1 - y * y;
  if (kind === "sigmoid") return y * (1 - y);
  if (kind === "relu") return y > 0 ? 1 : 0;
  return 1;
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
