/**
 * How much of a recurrent layer's state at step T depends on its state d
 * steps earlier: `‖∂s_T/∂s_{T−d}‖₂` for any layer of the recurrent-layer
 * interface and any part of its state (`h`, or the LSTM's cell state `c`),
 * measured through the layer's own backward pass; and, for the LSTM, the
 * product of the forget gates, which is `∂c_T/∂c_{T−d}` along the additive
 * path alone.
 *
 * @module
 */

import { type Matrix, zeros } from "../core/matrix.ts";
import { SequenceBatch } from "../core/sequence_batch.ts";
import type { RecurrentLayer } from "../layers/recurrent.ts";
import { spectralNorm } from "./jacobians.ts";

/** Options of {@link stateJacobianNorms}. */
export interface StateJacobianOptions {
  /** The layer (single, left to right). */
  layer: RecurrentLayer;
  /** One input sequence, `[T × inputSize]` in the layer's dtype. */
  inputs: Matrix;
  /** The part of the state: `"h"` (default) or, for the LSTM, `"c"`. */
  state?: string;
  /** Distances d (0 … T − 1) to measure. */
  distances: readonly number[];
}

/** One distance of {@link stateJacobianNorms}. */
export interface StateJacobianRow {
  /** d. */
  readonly distance: number;
  /** `‖∂s_T/∂s_{T−d}‖₂` (the largest singular value of the Jacobian). */
  readonly norm: number;
  /**
   * For an LSTM: `max_i Π_k f_{k,i}` over the d forget gates in between,
   * the norm of `∂c_T/∂c_{T−d}` along the additive path alone.
   */
  readonly forgetProduct?: number;
}

/**
 * The states of the layer over one sequence from zeros, then for each d the
 * Jacobian of the final state part with respect to the same part d steps
 * earlier (the other parts held fixed): the layer reruns the last d steps from
 * the state it had, with a batch of H copies, and its backward pass, given
 * the identity as the gradient of the final state, returns the Jacobian's
 * rows as the gradient of the initial state.
 *
 * @example
 * ```ts
 * import { gaussianMatrix, LSTM, Random, stateJacobianNorms } from "../mod.ts";
 * const lstm = new LSTM({ inputSize: 2, hiddenSize: 3, rng: new Random(0), stateful: false });
 * const inputs = gaussianMatrix(new Random(1), 10, 2);
 * const rows = stateJacobianNorms({ layer: lstm, inputs, state: "c", distances: [0, 5] });
 * console.assert(rows[0].norm === 1 && rows[1].norm > 0 && rows[1].forgetProduct! < 1);
 * ```
 */
export function stateJacobianNorms(options: StateJacobianOptions): StateJacobianRow[] {
  const { layer, inputs, state = "h" } = options;
  const part = layer.stateNames.indexOf(state);
  if (part < 0) {
    throw new RangeError(
      `stateJacobianNorms: a ${layer.kind} layer's state has no "${state}" (it has ${
        layer.stateNames.join(", ")
      })`,
    );
  }
  const T = inputs.rows, H = layer.stateSize;
  const full = layer.forward(new SequenceBatch(inputs, { batchSize: 1 }), layer.zeroState(1));
  const statesOf = (name: string) => full.trace[name];
  return options.distances.map((d) => {
    if (!Number.isInteger(d) || d < 0 || d >= T) {
      throw new RangeError(`stateJacobianNorms: distance ${d} is outside 0 … ${T - 1}`);
    }
    const forget = statesOf("f");
    const forgetProduct = forget && state === "c" ? maxProduct(forget, T - d, T) : undefined;
    if (d === 0) return { distance: 0, norm: 1, forgetProduct };
    const start = layer.stateNames.map((name) => repeatRow(statesOf(name), T - d - 1, H));
    const xs = zeros(d * H, inputs.cols, inputs.dtype);
    for (let s = 0; s < d; s++) {
      const row = inputs.data.subarray((T - d + s) * inputs.cols, (T - d + s + 1) * inputs.cols);
      for (let b = 0; b < H; b++) xs.data.set(row, (s * H + b) * inputs.cols);
    }
    const pass = layer.forward(new SequenceBatch(xs, { batchSize: H }), start);
    const dFinal = layer.stateNames.map((_, k) => {
      const m = zeros(H, H, inputs.dtype);
      if (k === part) { for (let i = 0; i < H; i++) m.data[i * H + i] = 1; }
      return m;
    });
    const dys = zeros(d * H, layer.outputSize, inputs.dtype);
    const jacobian = layer.backward(dys, pass, dFinal).dInitial[part];
    return { distance: d, norm: spectralNorm(jacobian), forgetProduct };
  });
}

/** Row `r` of `m` repeated `copies` times, as a `[copies × cols]` matrix. */
function repeatRow(m: Matrix, r: number, copies: number): Matrix {
  const out = zeros(copies, m.cols, m.dtype);
  const row = m.data.subarray(r * m.cols, (r + 1) * m.cols);
  for (let b = 0; b < copies; b++) out.data.set(row, b * m.cols);
  return out;
}

/** `max_i Π_{t=from..to−1} m[t][i]`. */
function maxProduct(m: Matrix, from: number, to: number): number {
  let best = 0;
  for (let i = 0; i < m.cols; i++) {
    let p = 1;
    for (let t = from; t < to; t++) p *= m.data[t * m.cols + i];
    best = Math.max(best, p);
  }
  return best;
}
