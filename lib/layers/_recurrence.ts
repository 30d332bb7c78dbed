/**
 * Pieces the gated time layers share: the weight-gradient product over the
 * previous states of all steps, and the per-step gate trace for charts.
 *
 * @module
 */

import { allocate, type Data, type DType, dtypeOf, Matrix } from "../core/matrix.ts";
import { kernels } from "../core/backend.ts";
import { matmul, rowSlice } from "../core/ops.ts";

/**
 * `out += [h_{−1}; h_0; …; h_{T−2}]ᵀ · d` for `d` `[T·B × N]`: the recurrent
 * weight's gradient `Σ_t h_{t−1}ᵀ·d_t` as two products over all steps at once
 * (the initial state's block, then the rest), without concatenating.
 */
export function addPrevStatesProduct(h0: Matrix, hs: Matrix, d: Matrix, out: Matrix): void {
  const B = h0.rows, rest = hs.rows - B;
  matmul(h0, rowSlice(d, 0, B), { transA: true, out, accumulate: true });
  if (rest > 0) {
    matmul(rowSlice(hs, 0, rest), rowSlice(d, B, rest), { transA: true, out, accumulate: true });
  }
}

/** The gates of gate-major activations `[G·T·B × H]` by name, each `[T·B × H]` (views). */
export function gateTrace(acts: Matrix, names: readonly string[]): Record<string, Matrix> {
  const rows = acts.rows / names.length;
  return Object.fromEntries(names.map((name, k) => [name, rowSlice(acts, k * rows, rows)]));
}

/**
 * Buffers a layer reuses from call to call for values that live only inside
 * one call (pre-activations before the loop, gate gradients before the weight
 * products): never part of a pass, so no pass can see them change. Reusing
 * them matters here: first touches of fresh memory (page faults) cost more
 * than the arithmetic on it on our machines. Where the backend offers a
 * workspace (the WebAssembly one, for float32), the buffer lives in its memory
 * and the kernels use it in place, without copies; such a workspace is shared
 * by every layer, which is safe because each use ends before the layer's call
 * returns.
 */
export class Scratch {
  readonly #buffers = new Map<string, Data>();

  /** A `rows × cols` matrix over the buffer named `key` (its contents are whatever was left). */
  matrix(key: string, rows: number, cols: number, dtype: DType): Matrix {
    const size = rows * cols;
    const shared = kernels().workspace?.(`layer scratch ${key}`, size, dtype);
    if (shared) return new Matrix(rows, cols, dtype, shared);
    let buffer = this.#buffers.get(key);
    if (buffer === undefined || buffer.length < size || dtypeOf(buffer) !== dtype) {
      buffer = allocate(dtype, size);
      this.#buffers.set(key, buffer);
    }
    return new Matrix(rows, cols, dtype, buffer.subarray(0, size));
  }
}

/**
 * Adds `Σ_{rows} (column block k of d) ⊙ s` into `out` `[1 × H]`: the
 * gradient of a diagonal (peephole) weight that multiplied the states `s`
 * `[T·B × H]`, row by row.
 */
export function addBlockRowSum(d: Matrix, k: number, s: Matrix, out: Matrix): void {
  const H = s.cols, width = d.cols;
  for (let r = 0; r < s.rows; r++) {
    const dRow = r * width + k * H, sRow = r * H;
    for (let j = 0; j < H; j++) out.data[j] += d.data[dRow + j] * s.data[sRow + j];
  }
}
