/**
 * Subtly wrong LSTM and GRU steps, each the kind of mistake a learner makes
 * (often one that a popular write-up makes), for the tests that check the
 * exercise tests catch them.
 *
 * @module
 */

import type { Matrix } from "../../lib/core/matrix.ts";
import type {
  GRUCellWeights,
  GRUStepBackwardFn,
  GRUStepForwardFn,
  LSTMCellWeights,
  LSTMStepBackwardFn,
  LSTMStepForwardFn,
} from "../../lib/check/exercise_types.ts";
import * as oracle from "../../lib/check/classroom/oracle.ts";
import { gruStepBackward, gruStepForward } from "../../exercises/gru_step.ts";
import { lstmStepBackward, lstmStepForward } from "../../exercises/lstm_step.ts";

const map = (m: Matrix, f: (v: number, i: number) => number) => {
  const out = m.clone();
  for (let i = 0; i < out.data.length; i++) out.data[i] = f(out.data[i], i);
  return out;
};

/** `w` with column blocks `a` and `b` (each H wide) of every weight swapped. */
function swapBlocks<W extends LSTMCellWeights | GRUCellWeights>(w: W, a: number, b: number): W {
  const H = w.Wh.rows;
  const swap = (m: Matrix) =>
    map(m, (v, i) => {
      const r = Math.floor(i / m.cols), c = i % m.cols, k = Math.floor(c / H);
      if (k !== a && k !== b) return v;
      return m.data[r * m.cols + (k === a ? b : a) * H + (c % H)];
    });
  return { ...w, Wx: swap(w.Wx), Wh: swap(w.Wh), b: swap(w.b) };
}

/** Wrong `lstm_step_forward`s. */
export const lstmForward: Record<string, LSTMStepForwardFn> = {
  "gates in the order i, f, o, g": (x, hPrev, cPrev, w) =>
    lstmStepForward(x, hPrev, cPrev, swapBlocks(w, 2, 3)),
  "no tanh on the cell state: h = o ⊙ c": (x, hPrev, cPrev, w) => {
    const s = oracle.lstmStepForward(x, hPrev, cPrev, w);
    return { ...s, h: map(s.o, (o, i) => o * s.c.data[i]) };
  },
  "squashes the cell state: c = tanh(f ⊙ cPrev + i ⊙ g)": (x, hPrev, cPrev, w) => {
    const s = oracle.lstmStepForward(x, hPrev, cPrev, w);
    const c = map(s.c, Math.tanh);
    return { ...s, c, h: map(s.o, (o, i) => o * Math.tanh(c.data[i])) };
  },
  "the forget gate scales the input: c = f ⊙ g + i ⊙ cPrev": (x, hPrev, cPrev, w) => {
    const s = oracle.lstmStepForward(x, hPrev, cPrev, w);
    const c = map(s.f, (f, i) => f * s.g.data[i] + s.i.data[i] * cPrev.data[i]);
    return { ...s, c, h: map(s.o, (o, i) => o * Math.tanh(c.data[i])) };
  },
};

/** Wrong `lstm_step_backward`s. */
export const lstmBackward: Record<string, LSTMStepBackwardFn> = {
  "forgets the gradient arriving along the cell state (dc)": (dh, dc, step, w) =>
    lstmStepBackward(dh, map(dc, () => 0), step, w),
  "dcPrev from dc alone, not through h": (dh, dc, step, w) => {
    const g = lstmStepBackward(dh, dc, step, w);
    return { ...g, dcPrev: map(dc, (d, i) => d * step.f.data[i]) };
  },
  "wrong slopes for the input and output gates": (dh, dc, step, w) => {
    // feeding √ of the gates makes the solution's σ(1 − σ) read √σ(1 − √σ): a wrong slope
    const root = (m: Matrix) => map(m, Math.sqrt);
    const g = lstmStepBackward(dh, dc, { ...step, i: root(step.i), o: root(step.o) }, w);
    return { ...g, dcPrev: lstmStepBackward(dh, dc, step, w).dcPrev };
  },
};

/** Wrong `gru_step_forward`s. */
export const gruForward: Record<string, GRUStepForwardFn> = {
  "the other convention: h = (1 − z) ⊙ hPrev + z ⊙ n": (x, hPrev, w) => {
    const s = gruStepForward(x, hPrev, w);
    return { ...s, h: map(s.z, (z, i) => (1 - z) * hPrev.data[i] + z * s.n.data[i]) };
  },
  "b_hn folded into the input bias": (x, hPrev, w) => {
    const H = w.Wh.rows;
    const b = map(w.b, (v, j) => (j >= 2 * H ? v + w.bhn.data[j - 2 * H] : v));
    return gruStepForward(x, hPrev, { ...w, b, bhn: map(w.bhn, () => 0) });
  },
  "r and z swapped": (x, hPrev, w) => gruStepForward(x, hPrev, swapBlocks(w, 0, 1)),
};

/** Wrong `gru_step_backward`s. */
export const gruBackward: Record<string, GRUStepBackwardFn> = {
  "forgets the direct path z ⊙ dh into dhPrev": (dh, step, w) => {
    const g = gruStepBackward(dh, step, w);
    return { ...g, dhPrev: map(g.dhPrev, (v, i) => v - dh.data[i] * step.z.data[i]) };
  },
  "no gradient for b_hn": (dh, step, w) => ({
    ...gruStepBackward(dh, step, w),
    dbhn: map(w.bhn, () => 0),
  }),
  "the reset gradient without b_hn": (dh, step, w) => {
    const g = gruStepBackward(dh, step, { ...w, bhn: map(w.bhn, () => 0) });
    return { ...g, dbhn: gruStepBackward(dh, step, w).dbhn };
  },
};
