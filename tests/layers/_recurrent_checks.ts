/**
 * Checks every recurrent layer's tests share: whole-sequence gradient checks
 * (parameters, inputs, initial state) with padding, carried state and a
 * gradient on the final state; equality with stepping a cell by hand.
 *
 * @module
 */

import { assert } from "@std/assert";
import {
  checkGradients,
  gaussianMatrix,
  type Matrix,
  numericalGradient,
  Random,
  type RecurrentLayer,
  type RecurrentState,
  relativeError,
  SequenceBatch,
} from "../../lib/mod.ts";
import { assertGradientsMatch } from "../_helpers.ts";

/** The bound every float64 gradient check of the gated layers meets. */
export const GRADIENT_BOUND = 1e-7;

/** Sets every parameter to random values (so biases, peepholes, … are all exercised). */
export function randomizeParams(layer: RecurrentLayer, seed: number, scale = 0.5): void {
  const rng = new Random(seed);
  for (const p of layer.params) {
    for (let i = 0; i < p.value.size; i++) p.value.data[i] = scale * rng.gaussian();
  }
}

/** A fixed random weighting of a matrix's rows (masked) turned into a scalar, and its gradient. */
function weighted(rows: number, cols: number, seed: number, mask?: ArrayLike<number>) {
  const R = gaussianMatrix(new Random(seed), rows, cols);
  if (mask) { for (let i = 0; i < R.size; i++) R.data[i] *= mask[Math.floor(i / cols)]; }
  const loss = (y: Matrix) => {
    let s = 0;
    for (let i = 0; i < y.size; i++) s += y.data[i] * R.data[i];
    return s;
  };
  return { loss, grad: R };
}

/** Options of {@link checkLayer}. */
export interface CheckOptions {
  /** Time steps (default 5). */
  steps?: number;
  /** Real length of each sequence (default: all full, B = 2). */
  lengths?: number[];
  /** Start from a random initial state and check its gradient (default true). */
  initial?: boolean;
  /** Put a loss on the final state too (default true). */
  dFinal?: boolean;
  /** Start from a carried state instead of a given one (the layer must be stateful). */
  carried?: boolean;
  /** Seed of inputs and loss weights. */
  seed?: number;
}

/**
 * Gradient-checks a float64 layer over a whole padded batch: every
 * parameter, the inputs and the initial state, to {@link GRADIENT_BOUND}.
 * Returns the worst error seen (for reports).
 */
export function checkLayer(layer: RecurrentLayer, options: CheckOptions = {}): number {
  const { steps: T = 5, lengths = [T, T], seed = 1, dFinal = true, carried = false } = options;
  const B = lengths.length, useInitial = options.initial ?? true;
  const rng = new Random(seed);
  const xs = new SequenceBatch(gaussianMatrix(rng, T * B, layer.inputSize), {
    batchSize: B,
    lengths,
  });
  const start: RecurrentState = layer.stateNames.map(() =>
    gaussianMatrix(rng, B, layer.stateSize, 0.5)
  );
  const out = weighted(T * B, layer.outputSize, seed + 1, xs.mask);
  const finals = layer.stateNames.map((_, k) => weighted(B, layer.stateSize, seed + 2 + k));
  const run = () => {
    if (carried) layer.state = start.map((m) => m.clone());
    else layer.resetState();
    return layer.forward(xs, carried || !useInitial ? undefined : start);
  };
  const f = () => {
    const pass = run();
    const onFinal = dFinal ? pass.final.reduce((s, m, k) => s + finals[k].loss(m), 0) : 0;
    return out.loss(pass.ys.data) + onFinal;
  };
  let dxs: Matrix | undefined, dInitial: RecurrentState | undefined;
  const results = checkGradients(layer.params, f, () => {
    const pass = run();
    const g = layer.backward(out.grad, pass, dFinal ? finals.map((w) => w.grad) : undefined);
    dxs = g.dxs;
    dInitial = g.dInitial;
  });
  assertGradientsMatch(results, GRADIENT_BOUND);
  let worst = Math.max(...results.map((r) => r.error));
  const dxError = relativeError(dxs!.data, numericalGradient(f, xs.data));
  assert(dxError <= GRADIENT_BOUND, `dxs: relative error ${dxError.toExponential(2)}`);
  worst = Math.max(worst, dxError);
  if (useInitial || carried) {
    start.forEach((s, k) => {
      const e = relativeError(dInitial![k].data, numericalGradient(f, s));
      assert(e <= GRADIENT_BOUND, `dInitial[${k}]: relative error ${e.toExponential(2)}`);
      worst = Math.max(worst, e);
    });
  }
  return worst;
}

/** Largest |a − b| over two arrays, relative to the largest |b| (at least 1e-30). */
export function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0, scale = 1e-30;
  for (let i = 0; i < a.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}
