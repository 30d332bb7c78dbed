/**
 * Exercises `lstm_step_forward` and `lstm_step_backward` (notebook 06): one
 * step of an LSTM cell, forward and backward, batches as rows.
 *
 * The weights hold the four gates side by side, each `H` columns wide, in the
 * order i, f, g, o (PyTorch's): column block k of `a = x·Wx + hPrev·Wh + b`
 * is gate k's pre-activation. Then `i = σ(a_i)`, `f = σ(a_f)`,
 * `g = tanh(a_g)`, `o = σ(a_o)`, `c = f ⊙ cPrev + i ⊙ g`, `h = o ⊙ tanh(c)`.
 *
 * Allowed from the engine: `lib/core/matrix.ts`, and `matmul`, `addBias`,
 * `addScaled`, `transpose`, `sumRowsInto` from `lib/core/ops.ts`. Not the
 * engine's `LSTMCell`, `LSTM` or gate helpers: a file that imports them
 * scores 0.
 *
 * @module
 */

import type {
  LSTMBackwardResult,
  LSTMCellWeights,
  LSTMStepRecord,
} from "../lib/check/exercise_types.ts";
import { type Matrix, zeros } from "../lib/core/matrix.ts";
import { addBias, matmul, sumRowsInto } from "../lib/core/ops.ts";
// #region stub
// import { NotImplementedError } from "../lib/check/not_implemented.ts";
// #endregion stub

// #region solution
/** Column block `k` (of width `H`) of `m`, as a new matrix, with `f` applied to every value. */
function block(m: Matrix, k: number, H: number, f: (v: number) => number): Matrix {
  const out = zeros(m.rows, H, m.dtype);
  for (let r = 0; r < m.rows; r++) {
    for (let j = 0; j < H; j++) out.data[r * H + j] = f(m.data[r * m.cols + k * H + j]);
  }
  return out;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** Element by element: `out[i] = f(a[i], b[i], …)` over matrices of one shape. */
function each(f: (...v: number[]) => number, ...ms: Matrix[]): Matrix {
  const out = zeros(ms[0].rows, ms[0].cols, ms[0].dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = f(...ms.map((m) => m.data[i]));
  return out;
}
// #endregion solution

/**
 * One step forward. `x` is [batch × input], `hPrev` and `cPrev` [batch ×
 * hidden]; return the record `{ x, hPrev, cPrev, i, f, g, o, c, h }` with new
 * [batch × hidden] matrices (do not change the inputs).
 */
export function lstmStepForward(
  x: Matrix,
  hPrev: Matrix,
  cPrev: Matrix,
  w: LSTMCellWeights,
): LSTMStepRecord {
  // #region solution
  const H = w.Wh.rows;
  const a = matmul(x, w.Wx);
  matmul(hPrev, w.Wh, { out: a, accumulate: true });
  addBias(a, w.b);
  const i = block(a, 0, H, sigmoid), f = block(a, 1, H, sigmoid);
  const g = block(a, 2, H, Math.tanh), o = block(a, 3, H, sigmoid);
  const c = each((fv, cp, iv, gv) => fv * cp + iv * gv, f, cPrev, i, g);
  const h = each((ov, cv) => ov * Math.tanh(cv), o, c);
  return { x, hPrev, cPrev, i, f, g, o, c, h };
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("lstm_step_forward");
  // #endregion stub
}

/**
 * One step backward. Given `dh = ∂L/∂h_t`, `dc = ∂L/∂c_t` arriving from the
 * next step along the cell state (zeros at the last step), and the record
 * from {@link lstmStepForward}, return the gradients of the loss with respect
 * to `x`, `hPrev`, `cPrev` and the three weights, each of the shape of what it
 * is the gradient of (notebook 06 derives them).
 *
 * Return new matrices; do not change `dh`, `dc`, the record or the weights.
 */
export function lstmStepBackward(
  dh: Matrix,
  dc: Matrix,
  step: LSTMStepRecord,
  w: LSTMCellWeights,
): LSTMBackwardResult {
  // #region solution
  const { x, hPrev, cPrev, i, f, g, o, c } = step;
  const H = w.Wh.rows, B = step.h.rows;
  const dcTotal = each((d, dhv, ov, cv) => d + dhv * ov * (1 - Math.tanh(cv) ** 2), dc, dh, o, c);
  const dao = each((dhv, cv, ov) => dhv * Math.tanh(cv) * ov * (1 - ov), dh, c, o);
  const dai = each((d, gv, iv) => d * gv * iv * (1 - iv), dcTotal, g, i);
  const daf = each((d, cp, fv) => d * cp * fv * (1 - fv), dcTotal, cPrev, f);
  const dag = each((d, iv, gv) => d * iv * (1 - gv * gv), dcTotal, i, g);
  const da = zeros(B, 4 * H, dh.dtype);
  [dai, daf, dag, dao].forEach((m, k) => {
    for (let r = 0; r < B; r++) {
      for (let j = 0; j < H; j++) da.data[r * 4 * H + k * H + j] = m.data[r * H + j];
    }
  });
  const db = zeros(1, 4 * H, dh.dtype);
  sumRowsInto(da, db);
  return {
    dx: matmul(da, w.Wx, { transB: true }),
    dhPrev: matmul(da, w.Wh, { transB: true }),
    dcPrev: each((d, fv) => d * fv, dcTotal, f),
    dWx: matmul(x, da, { transA: true }),
    dWh: matmul(hPrev, da, { transA: true }),
    db,
  };
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("lstm_step_backward");
  // #endregion stub
}
