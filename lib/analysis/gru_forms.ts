/**
 * The GRU's forms side by side: the two conventions for the update gate
 * (z keeps the old state, as in Cho et al. 2014, PyTorch and the engine; or
 * z writes the new one, as in Chung et al. 2014 and many write-ups), the reset
 * gate applied after the recurrent product (PyTorch) or before it (Cho et
 * al.), and what folding PyTorch's `b_hn` into the input bias does. Also the
 * parameter count as PyTorch reports it (two bias vectors per layer).
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import { GRUCell, type GRUVariant } from "../layers/gru_cell.ts";
import type { TorchMappable } from "../layers/recurrent.ts";
import { add, mul, oneMinus } from "../layers/_gates.ts";
import { Random } from "../random.ts";

/** How the update gate is read: `"z keeps"` h_{t−1} (the engine) or `"z writes"` the candidate. */
export type UpdateConvention = "z keeps" | "z writes";

/**
 * One GRU step with `cell`'s weights, the update gate read either way:
 * - `"z keeps"`: `h_t = z ⊙ h_{t−1} + (1 − z) ⊙ n` (Cho et al. 2014, PyTorch, the engine);
 * - `"z writes"`: `h_t = (1 − z) ⊙ h_{t−1} + z ⊙ n` (Chung et al. 2014 and many tutorials).
 *
 * @example
 * ```ts
 * import { GRUCell, gruStepWithConvention, Random, zeros } from "../mod.ts";
 * const cell = new GRUCell({ inputSize: 1, hiddenSize: 2, rng: new Random(0) });
 * const x = zeros(1, 1), h = zeros(1, 2);
 * console.assert(gruStepWithConvention(cell, x, h, "z keeps").data.join() === cell.forward(x, h).h.data.join());
 * ```
 */
export function gruStepWithConvention(
  cell: GRUCell,
  x: Matrix,
  hPrev: Matrix,
  convention: UpdateConvention,
): Matrix {
  const { z, n, h } = cell.forward(x, hPrev);
  return convention === "z keeps" ? h : add(mul(oneMinus(z), hPrev), mul(z, n));
}

/** A new cell of `variant` holding copies of `cell`'s weights (`bhn` only where both have it). */
export function copyGRUCell(cell: GRUCell, variant: GRUVariant = cell.variant): GRUCell {
  const copy = new GRUCell({
    inputSize: cell.inputSize,
    hiddenSize: cell.hiddenSize,
    rng: new Random(0),
    dtype: cell.Wx.value.dtype,
    variant,
  });
  copy.Wx.value.copyFrom(cell.Wx.value);
  copy.Wh.value.copyFrom(cell.Wh.value);
  copy.b.value.copyFrom(cell.b.value);
  if (copy.bhn && cell.bhn) copy.bhn.value.copyFrom(cell.bhn.value);
  return copy;
}

/**
 * A copy of `cell` whose update gate is negated (the z column block of `Wx`,
 * `Wh` and `b` times −1): since σ(−a) = 1 − σ(a), its z is the original's
 * 1 − z, so read with the other convention it computes the same function.
 *
 * @example
 * ```ts
 * import { flipUpdateGate, GRUCell, gruStepWithConvention, Random, gaussianMatrix } from "../mod.ts";
 * const cell = new GRUCell({ inputSize: 2, hiddenSize: 3, rng: new Random(1) });
 * const x = gaussianMatrix(new Random(2), 4, 2), h = gaussianMatrix(new Random(3), 4, 3);
 * const a = gruStepWithConvention(cell, x, h, "z keeps");
 * const b = gruStepWithConvention(flipUpdateGate(cell), x, h, "z writes");
 * console.assert(a.data.every((v, i) => Math.abs(v - b.data[i]) < 1e-15));
 * ```
 */
export function flipUpdateGate(cell: GRUCell): GRUCell {
  const copy = copyGRUCell(cell);
  const H = cell.hiddenSize;
  for (const m of [copy.Wx.value, copy.Wh.value, copy.b.value]) {
    for (let r = 0; r < m.rows; r++) {
      for (let j = H; j < 2 * H; j++) m.data[r * m.cols + j] *= -1;
    }
  }
  return copy;
}

/**
 * A copy of a PyTorch-form `cell` with `b_hn` folded into the input bias of
 * the candidate (`b_n += b_hn`, `b_hn = 0`): what a GRU with one bias per gate
 * would do. It is **not** the same function, because r multiplies `b_hn`.
 */
export function foldResetBias(cell: GRUCell): GRUCell {
  if (!cell.bhn) throw new RangeError("foldResetBias: the cell has no b_hn (Cho et al.'s form)");
  const copy = copyGRUCell(cell);
  const H = cell.hiddenSize;
  for (let j = 0; j < H; j++) copy.b.value.data[2 * H + j] += cell.bhn.value.data[j];
  copy.bhn!.value.zero();
  return copy;
}

/** The parameter count PyTorch reports for a layer: every tensor of its state dict. */
export function torchParamCount(layer: TorchMappable): number {
  return Object.values(layer.toTorch()).reduce((n, m) => n + m.rows * m.cols, 0);
}
