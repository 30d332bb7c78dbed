/**
 * Pieces the gated time layers share: the weight-gradient product over the
 * previous states of all steps, and the per-step gate trace for charts.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import { matmul, rowSlice } from "../core/ops.ts";
import { gateBlocks } from "./_gates.ts";

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

/** The gate blocks of `gates` `[T·B × G·H]` by name, each `[T·B × H]` (copies, for charts). */
export function gateTrace(gates: Matrix, names: readonly string[]): Record<string, Matrix> {
  const blocks = gateBlocks(gates, names.length);
  return Object.fromEntries(names.map((name, k) => [name, blocks[k]]));
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
