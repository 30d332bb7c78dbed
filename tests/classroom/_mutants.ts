/**
 * Subtly wrong solutions, each the kind of mistake a learner makes, for the
 * tests that check the exercise tests catch them. Each starts from the
 * engine's behaviour (the oracle) or the reference solution and changes one
 * thing.
 *
 * @module
 */

import { type Matrix, zeros } from "../../lib/core/matrix.ts";
import { addBias, addScaled, matmul } from "../../lib/core/ops.ts";
import type {
  BPTTFn,
  ClipGradNormFn,
  PerplexityFn,
  RNNCellWeights,
  SequenceForwardFn,
  SoftmaxCrossEntropyBackwardFn,
  SoftmaxCrossEntropyFn,
  StepBackwardFn,
  StepForwardFn,
} from "../../lib/check/exercise_types.ts";
import * as oracle from "../../lib/check/classroom/oracle.ts";
import { rnnStepBackward } from "../../exercises/rnn_step.ts";

const map = (m: Matrix, f: (v: number, i: number) => number) => {
  const out = m.clone();
  for (let i = 0; i < out.data.length; i++) out.data[i] = f(out.data[i], i);
  return out;
};

/** `x·Wxh + hPrev·op(Whh) + b`, with `Whh` transposed when asked. */
function preActivation(x: Matrix, hPrev: Matrix, w: RNNCellWeights, transposeWhh = false): Matrix {
  const a = matmul(x, w.Wxh);
  matmul(hPrev, w.Whh, { out: a, accumulate: true, transB: transposeWhh });
  return addBias(a, w.b);
}

/** Wrong `rnn_step_forward`s. */
export const stepForward: Record<string, StepForwardFn> = {
  "forgets the bias": (x, hPrev, w) =>
    oracle.rnnStepForward(x, hPrev, { ...w, b: zeros(1, w.b.cols) }),
  "forgets tanh": (x, hPrev, w) => ({ x, hPrev, h: preActivation(x, hPrev, w) }),
  "uses Whh transposed": (x, hPrev, w) => ({
    x,
    hPrev,
    h: map(preActivation(x, hPrev, w, true), Math.tanh),
  }),
  "tanh from exp overflows": (x, hPrev, w) => ({
    x,
    hPrev,
    h: map(preActivation(x, hPrev, w), (a) => (Math.exp(2 * a) - 1) / (Math.exp(2 * a) + 1)),
  }),
  "returns h transposed": (x, hPrev, w) => {
    const h = oracle.rnnStepForward(x, hPrev, w).h;
    const t = zeros(h.cols, h.rows);
    for (let r = 0; r < h.rows; r++) {
      for (let c = 0; c < h.cols; c++) t.data[c * h.rows + r] = h.data[r * h.cols + c];
    }
    return { x, hPrev, h: t };
  },
};

/** Wrong `rnn_step_backward`s. */
export const stepBackward: Record<string, StepBackwardFn> = {
  "missing 1 − h²": (dh, step, w) =>
    oracle.rnnStepBackward(dh, { ...step, h: zeros(step.h.rows, step.h.cols) }, w),
  "uses 1 − h instead of 1 − h²": (dh, step, w) => {
    const hSquaredAsH = map(step.h, (h) => Math.sqrt(Math.abs(h)) * Math.sign(h));
    return oracle.rnnStepBackward(dh, { ...step, h: hSquaredAsH }, w);
  },
  "db from the first row only": (dh, step, w) => {
    const g = oracle.rnnStepBackward(dh, step, w);
    const db = zeros(1, g.db.cols);
    for (let j = 0; j < db.cols; j++) db.data[j] = dh.data[j] * (1 - step.h.data[j] ** 2);
    return { ...g, db };
  },
  "changes dh in place": (dh, step, w) => {
    for (let i = 0; i < dh.data.length; i++) dh.data[i] *= 1 - step.h.data[i] ** 2;
    const g = oracle.rnnStepBackward(map(dh, (v, i) => v / (1 - step.h.data[i] ** 2)), step, w);
    return g;
  },
};

/** Wrong `rnn_forward`s. */
export const sequenceForward: Record<string, SequenceForwardFn> = {
  "every step starts from h0": (xs, h0, w, step) => xs.map((x) => step(x, h0, w)),
  "drops the last step": (xs, h0, w, step) => {
    const out = [];
    let h = h0;
    for (let t = 0; t < xs.length - 1; t++) {
      const s = step(xs[t], h, w);
      out.push(s);
      h = s.h;
    }
    return out;
  },
};

/** A BPTT loop with one change, given as options. */
function bpttWith(
  options: { skipFirst?: boolean; noCarry?: boolean; shiftDh?: boolean; inPlace?: boolean },
): BPTTFn {
  return (steps, dhs, w) => {
    const dWxh = zeros(w.Wxh.rows, w.Wxh.cols),
      dWhh = zeros(w.Whh.rows, w.Whh.cols),
      db = zeros(1, w.b.cols);
    let dhNext: Matrix | undefined;
    const last = options.skipFirst ? 1 : 0;
    for (let t = steps.length - 1; t >= last; t--) {
      const direct = options.shiftDh ? dhs[Math.min(t + 1, steps.length - 1)] : dhs[t];
      const dh = options.inPlace ? direct : direct.clone();
      if (dhNext && !options.noCarry) addScaled(dh, dhNext);
      const g = rnnStepBackward(dh, steps[t], w);
      addScaled(dWxh, g.dWxh);
      addScaled(dWhh, g.dWhh);
      addScaled(db, g.db);
      dhNext = g.dhPrev;
    }
    return { dWxh, dWhh, db, dh0: dhNext ?? zeros(1, 1) };
  };
}

/** Wrong `bptt`s. */
export const bptt: Record<string, BPTTFn> = {
  "off by one: stops before step 0": bpttWith({ skipFirst: true }),
  "forgets what flows back from later steps": bpttWith({ noCarry: true }),
  "takes the direct gradient of the next step": bpttWith({ shiftDh: true }),
  "adds into dhs in place": bpttWith({ inPlace: true }),
};

/** Log-softmax of one row, with or without the max subtraction. */
function logSoftmaxRow(z: ArrayLike<number>, stable: boolean): number[] {
  const max = stable ? Math.max(...Array.from(z)) : 0;
  const lse = max + Math.log(Array.from(z).reduce((s, v) => s + Math.exp(v - max), 0));
  return Array.from(z, (v) => v - lse);
}

/** Wrong `softmax_cross_entropy`s. */
export const softmaxLoss: Record<string, SoftmaxCrossEntropyFn> = {
  "no max subtraction": (logits, targets, mask) => {
    let total = 0, count = 0;
    for (let r = 0; r < logits.rows; r++) {
      const m = mask ? mask[r] : 1;
      if (m === 0) continue;
      total -= m * logSoftmaxRow(logits.row(r), false)[targets[r]];
      count += m;
    }
    return total / count;
  },
  "mean over all rows, masked or not": (logits, targets, mask) => {
    const sum = oracle.softmaxCrossEntropy(logits, targets, mask) *
      (mask ? Array.from(mask).reduce((a, b) => a + b, 0) : logits.rows);
    return sum / logits.rows;
  },
  "sum instead of mean": (logits, targets, mask) =>
    oracle.softmaxCrossEntropy(logits, targets, mask) * logits.rows,
};

/** Wrong `softmax_cross_entropy_backward`s. */
export const softmaxGrad: Record<string, SoftmaxCrossEntropyBackwardFn> = {
  "forgets to divide by N": (logits, targets, mask) => {
    const n = mask ? Array.from(mask).reduce((a, b) => a + b, 0) : logits.rows;
    return map(oracle.softmaxCrossEntropyBackward(logits, targets, mask), (v) => v * n);
  },
  "forgets the −1 at the target (returns p/N)": (logits, targets, mask) => {
    const g = oracle.softmaxCrossEntropyBackward(logits, targets, mask);
    const n = mask ? Array.from(mask).reduce((a, b) => a + b, 0) : logits.rows;
    for (let r = 0; r < logits.rows; r++) {
      if (!mask || mask[r] !== 0) g.data[r * logits.cols + targets[r]] += (mask ? mask[r] : 1) / n;
    }
    return g;
  },
  "no max subtraction": (logits, targets, mask) => {
    const g = zeros(logits.rows, logits.cols);
    const n = mask ? Array.from(mask).reduce((a, b) => a + b, 0) : logits.rows;
    for (let r = 0; r < logits.rows; r++) {
      const m = mask ? mask[r] : 1;
      if (m === 0) continue;
      logSoftmaxRow(logits.row(r), false).forEach((
        lp,
        j,
      ) => (g.data[r * logits.cols + j] = m * Math.exp(lp) / n));
      g.data[r * logits.cols + targets[r]] -= m / n;
    }
    return g;
  },
};

function total(grads: readonly Matrix[], f: (v: number) => number): number {
  let sum = 0;
  for (const g of grads) for (let i = 0; i < g.data.length; i++) sum += f(g.data[i]);
  return sum;
}

function scaleAll(grads: readonly Matrix[], scale: number): void {
  for (const g of grads) for (let i = 0; i < g.data.length; i++) g.data[i] *= scale;
}

/** Wrong `clip_grad_norm`s. */
export const clip: Record<string, ClipGradNormFn> = {
  "forgets to square": (grads, maxNorm) => {
    const norm = Math.sqrt(total(grads, Math.abs));
    if (norm > maxNorm) scaleAll(grads, maxNorm / norm);
    return norm;
  },
  "clips each gradient by its own norm": (grads, maxNorm) => {
    for (const g of grads) {
      const n = Math.sqrt(total([g], (v) => v * v));
      if (n > maxNorm) scaleAll([g], maxNorm / n);
    }
    return Math.sqrt(total(grads, (v) => v * v));
  },
  "returns the norm after clipping": (grads, maxNorm) => {
    const norm = Math.sqrt(total(grads, (v) => v * v));
    if (norm > maxNorm) scaleAll(grads, maxNorm / norm);
    return Math.min(norm, maxNorm);
  },
  "always rescales to maxNorm": (grads, maxNorm) => {
    const norm = Math.sqrt(total(grads, (v) => v * v));
    scaleAll(grads, maxNorm / norm);
    return norm;
  },
};

/** Wrong `perplexity`s. */
export const perplexity: Record<string, PerplexityFn> = {
  "in bits (2 to the mean)": (lp) => 2 ** (-Array.from(lp).reduce((a, b) => a + b, 0) / lp.length),
  "exp of the sum, not the mean": (lp) => Math.exp(-Array.from(lp).reduce((a, b) => a + b, 0)),
  "mean of the per-token perplexities": (lp) =>
    Array.from(lp).reduce((a, b) => a + Math.exp(-b), 0) / lp.length,
};
