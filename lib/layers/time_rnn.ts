/**
 * An RNN cell run over a whole sequence, with truncated backpropagation
 * through time.
 *
 * Sequences are time-major and flattened: a `[T·B × features]` matrix whose
 * rows `t·B … t·B + B − 1` are the batch at time t.
 *
 * The arithmetic is exactly {@link RNNCell}'s, reorganised for speed without
 * changing a single sum:
 * - the input products `x_t·Wxh` of all steps are one big product `X·Wxh`;
 * - only the recurrent product `h_{t−1}·Whh` stays inside the loop over time;
 * - in backward, the loop over time only carries `dh` back; the weight
 *   gradients `Σ_t x_tᵀ·da_t` and `Σ_t h_{t−1}ᵀ·da_t` are then each one
 *   product over all steps at once.
 * A test checks this layer against stepping the cell by hand.
 *
 * @module
 */

import { assertShape, type DType, type Matrix, shapeString, zeros } from "../core/matrix.ts";
import {
  activate,
  activateBackward,
  addBias,
  addScaled,
  matmul,
  rowSlice,
  sumRowsInto,
} from "../core/ops.ts";
import type { Random } from "../random.ts";
import { type HasParams, type Param } from "./param.ts";
import { type HiddenActivation, RNNCell } from "./rnn_cell.ts";

/** Options of {@link TimeRNN}. */
export interface TimeRNNOptions {
  /** Features per time step. */
  inputSize: number;
  /** Hidden units. */
  hiddenSize: number;
  /** Generator for the initialisation. */
  rng: Random;
  /** Hidden nonlinearity (default tanh). */
  activation?: HiddenActivation;
  /** Element type (default float64). */
  dtype?: DType;
  /** With `false`, no recurrent weight: no memory (see RNNCellOptions.recurrent). */
  recurrent?: boolean;
  /**
   * Carry the last hidden state into the next forward call (truncated BPTT:
   * the state flows forward forever, gradients stop at the call boundary).
   * Default true.
   */
  stateful?: boolean;
}

/**
 * Runs an {@link RNNCell} over `T` steps: `forward(xs, batchSize)` returns all
 * hidden states, `backward(dhs)` walks time in reverse.
 */
export class TimeRNN implements HasParams {
  /** The cell whose parameters every step shares. */
  readonly cell: RNNCell;
  /** Whether the last state is carried into the next call. */
  stateful: boolean;
  /** The carried state (undefined: start from zeros). */
  state: Matrix | undefined;
  /** ∂loss/∂h₀ after backward: the gradient for whatever produced the initial state. */
  dh0: Matrix | undefined;
  #cache: { xs: Matrix; hs: Matrix; h0: Matrix; batch: number } | undefined;

  /** Creates the layer and its cell. */
  constructor(options: TimeRNNOptions) {
    this.cell = new RNNCell(options);
    this.stateful = options.stateful ?? true;
  }

  /** The cell's `[Wxh, Whh, b]`. */
  get params(): Param[] {
    return this.cell.params;
  }

  /** All hidden states `[T·B × hidden]` of the last forward call (for charts), or undefined. */
  get hiddenStates(): Matrix | undefined {
    return this.#cache?.hs;
  }

  /** Forgets the carried state (start of a new text or epoch). */
  resetState(): void {
    this.state = undefined;
  }

  /**
   * All hidden states `[T·B × hidden]` for inputs `xs` `[T·B × input]`.
   * `h0` overrides the initial state (e.g. an encoder's context).
   */
  forward(xs: Matrix, batchSize: number, h0?: Matrix): Matrix {
    const { Wxh, Whh, b } = this.cell;
    const H = this.cell.hiddenSize;
    if (!Number.isInteger(batchSize) || batchSize <= 0 || xs.rows % batchSize !== 0) {
      throw new RangeError(
        `TimeRNN: batchSize must be a positive integer dividing the ${xs.rows} input rows, got ${batchSize}`,
      );
    }
    assertShape("TimeRNN input xs", xs, xs.rows, this.cell.inputSize);
    const T = xs.rows / batchSize;
    const start = h0 ?? (this.stateful ? this.state : undefined) ??
      zeros(batchSize, H, xs.dtype);
    if (start.rows !== batchSize || start.cols !== H) {
      throw new RangeError(
        `TimeRNN: initial state is ${
          shapeString(start)
        }, expected ${batchSize}×${H} (call resetState() when the batch size changes)`,
      );
    }

    // a_t = x_t·Wxh + b for every t at once; then h_t = act(a_t + h_{t−1}·Whh).
    const hs = addBias(matmul(xs, Wxh.value), b.value);
    let hPrev = start;
    for (let t = 0; t < T; t++) {
      const at = rowSlice(hs, t * batchSize, batchSize);
      if (this.cell.recurrent) matmul(hPrev, Whh.value, { out: at, accumulate: true });
      hPrev = activate(this.cell.activation, at, at);
    }
    this.#cache = { xs, hs, h0: start, batch: batchSize };
    if (this.stateful) this.state = hPrev.clone();
    return hs;
  }

  /**
   * Backward through all `T` steps, from `dhs` `[T·B × hidden]` (the loss
   * gradient with respect to each step's output). Adds into the cell's
   * gradients, sets {@link dh0}, and returns `dxs` `[T·B × input]`.
   */
  backward(dhs: Matrix): Matrix {
    const cache = this.#cache;
    if (!cache) throw new Error("TimeRNN.backward called before forward");
    const { xs, hs, h0, batch } = cache;
    const { Wxh, Whh, b } = this.cell;
    assertShape("TimeRNN gradient dhs", dhs, hs.rows, hs.cols);
    const T = hs.rows / batch;

    // Walk time in reverse: dh_t = dhs_t + (gradient from step t+1), da_t = dh_t ⊙ act'.
    const da = dhs.clone();
    let dhNext: Matrix | undefined;
    for (let t = T - 1; t >= 0; t--) {
      const dat = rowSlice(da, t * batch, batch);
      if (dhNext) addScaled(dat, dhNext);
      activateBackward(this.cell.activation, rowSlice(hs, t * batch, batch), dat, dat);
      dhNext = matmul(dat, Whh.value, { transB: true, out: dhNext });
    }
    this.dh0 = dhNext;

    // The shared weights' gradients: sums over time, each as one product.
    // Σ_t h_{t−1}ᵀ·da_t = h0ᵀ·da_0 + [h_0 … h_{T−2}]ᵀ·[da_1 … da_{T−1}].
    if (this.cell.recurrent) this.#addRecurrentGradient(h0, hs, da, batch, T);
    matmul(xs, da, { transA: true, out: Wxh.grad, accumulate: true });
    sumRowsInto(da, b.grad);
    return matmul(da, Wxh.value, { transB: true });
  }

  #addRecurrentGradient(h0: Matrix, hs: Matrix, da: Matrix, batch: number, T: number): void {
    const Whh = this.cell.Whh;
    matmul(h0, rowSlice(da, 0, batch), { transA: true, out: Whh.grad, accumulate: true });
    if (T > 1) {
      const n = (T - 1) * batch;
      matmul(rowSlice(hs, 0, n), rowSlice(da, batch, n), {
        transA: true,
        out: Whh.grad,
        accumulate: true,
      });
    }
  }
}
