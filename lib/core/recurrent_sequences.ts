/**
 * What a recurrent loop over a whole sequence is given: the sizes, the arrays
 * it reads and writes (forward), the gradients it produces (backward), and the
 * interface of the loops a kernel backend provides. The reference loops are in
 * `kernels_recurrent.ts`, the WebAssembly ones in `wasm/sequence.ts`. All
 * arrays are row-major; a sequence array `[T·B × N]` holds step t in rows
 * `t·B … t·B + B − 1`.
 *
 * @module
 */

import type { Activation } from "./activation.ts";
import type { Data } from "./matrix.ts";

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
