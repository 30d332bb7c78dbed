/**
 * Exercises `gru_step_forward` and `gru_step_backward` (notebook 07): one step
 * of a GRU cell in PyTorch's form, forward and backward, batches as rows.
 *
 * The weights hold the three blocks side by side, each `H` columns wide, in
 * the order r, z, n (PyTorch's). With `ax = x·Wx + b` and `ah = hPrev·Wh`:
 *
 * ```
 * r = σ(ax_r + ah_r)       z = σ(ax_z + ah_z)
 * n = tanh(ax_n + r ⊙ (ah_n + bhn))
 * h = (1 − z) ⊙ n + z ⊙ hPrev          (z = 1 keeps the old state)
 * ```
 *
 * Allowed from the engine: `lib/core/matrix.ts`, and `matmul`, `addBias`,
 * `addScaled`, `transpose`, `sumRowsInto` from `lib/core/ops.ts`. Not the
 * engine's `GRUCell`, `GRU` or gate helpers: a file that imports them scores
 * 0.
 *
 * @module
 */

import type {
  GRUBackwardResult,
  GRUCellWeights,
  GRUStepRecord,
} from "../lib/check/exercise_types.ts";
import { type Matrix, zeros } from "../lib/core/matrix.ts";
import { addBias, matmul, sumRowsInto } from "../lib/core/ops.ts";
// #region stub
// import { NotImplementedError } from "../lib/check/not_implemented.ts";
// #endregion stub

// #region solution
/** Column block `k` (of width `H`) of `m`, as a new matrix. */
function block(m: Matrix, k: number, H: number): Matrix {
  const out = zeros(m.rows, H, m.dtype);
  for (let r = 0; r < m.rows; r++) {
    for (let j = 0; j < H; j++) out.data[r * H + j] = m.data[r * m.cols + k * H + j];
  }
  return out;
}

/** Element by element: `out[i] = f(a[i], b[i], …)` over matrices of one shape. */
function each(f: (...v: number[]) => number, ...ms: Matrix[]): Matrix {
  const out = zeros(ms[0].rows, ms[0].cols, ms[0].dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = f(...ms.map((m) => m.data[i]));
  return out;
}

/** The blocks side by side, `[rows × count·H]`. */
function join(blocks: Matrix[]): Matrix {
  const { rows, cols: H } = blocks[0];
  const out = zeros(rows, H * blocks.length, blocks[0].dtype);
  blocks.forEach((m, k) => {
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < H; j++) out.data[r * out.cols + k * H + j] = m.data[r * H + j];
    }
  });
  return out;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
// #endregion solution

/**
 * One step forward. `x` is [batch × input], `hPrev` [batch × hidden]; return
 * the record `{ x, hPrev, r, z, n, h }` with new [batch × hidden] matrices
 * (do not change the inputs).
 */
export function gruStepForward(x: Matrix, hPrev: Matrix, w: GRUCellWeights): GRUStepRecord {
  // #region solution
  const H = w.Wh.rows;
  const ax = addBias(matmul(x, w.Wx), w.b), ah = matmul(hPrev, w.Wh);
  const r = each((a, b) => sigmoid(a + b), block(ax, 0, H), block(ah, 0, H));
  const z = each((a, b) => sigmoid(a + b), block(ax, 1, H), block(ah, 1, H));
  const hn = addBias(block(ah, 2, H), w.bhn);
  const n = each((a, rv, hv) => Math.tanh(a + rv * hv), block(ax, 2, H), r, hn);
  const h = each((zv, nv, hp) => (1 - zv) * nv + zv * hp, z, n, hPrev);
  return { x, hPrev, r, z, n, h };
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("gru_step_forward");
  // #endregion stub
}

/**
 * One step backward. Given `dh = ∂L/∂h_t` and the record from
 * {@link gruStepForward}, return the gradients of the loss with respect to
 * `x`, `hPrev`, `Wx`, `Wh`, `b` and `bhn`, each of the shape of what it is the
 * gradient of (notebook 07). `hPrev` reaches `h_t` four ways: directly
 * through `z ⊙ hPrev`, and through r, z and n.
 *
 * Return new matrices; do not change `dh`, the record or the weights.
 */
export function gruStepBackward(
  dh: Matrix,
  step: GRUStepRecord,
  w: GRUCellWeights,
): GRUBackwardResult {
  // #region solution
  const { x, hPrev, r, z, n } = step;
  const H = w.Wh.rows;
  const hn = addBias(block(matmul(hPrev, w.Wh), 2, H), w.bhn);
  const dan = each((d, zv, nv) => d * (1 - zv) * (1 - nv * nv), dh, z, n);
  const daz = each((d, hp, nv, zv) => d * (hp - nv) * zv * (1 - zv), dh, hPrev, n, z);
  const dar = each((d, hv, rv) => d * hv * rv * (1 - rv), dan, hn, r);
  const dhn = each((d, rv) => d * rv, dan, r); // ∂L/∂(hPrev·Wh_n + bhn)
  const dax = join([dar, daz, dan]), dah = join([dar, daz, dhn]);
  const db = zeros(1, 3 * H, dh.dtype), dbhn = zeros(1, H, dh.dtype);
  sumRowsInto(dax, db);
  sumRowsInto(dhn, dbhn);
  const dhPrev = matmul(dah, w.Wh, { transB: true });
  for (let i = 0; i < dhPrev.data.length; i++) dhPrev.data[i] += dh.data[i] * z.data[i];
  return {
    dx: matmul(dax, w.Wx, { transB: true }),
    dhPrev,
    dWx: matmul(x, dax, { transA: true }),
    dWh: matmul(hPrev, dah, { transA: true }),
    db,
    dbhn,
  };
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("gru_step_backward");
  // #endregion stub
}
