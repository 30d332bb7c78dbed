/**
 * Why recurrent cells use tanh: run randomly initialised cells with tanh,
 * sigmoid or ReLU hidden units over many steps of random input, and record
 * how the hidden states and the gradients flowing back through time behave.
 *
 * ```
 * h_t = act(x_t·Wxh + h_{t−1}·Whh + b)      x_t ~ N(0, inputStd²), h_0 = 0
 * ```
 *
 * Everything runs through the engine's {@link RNNCell}: its `forward` for the
 * states, its `backward` for ∂L/∂h_t, with `L = Σ_rows h_T·v` for a random
 * unit vector `v` per sequence, so the gradient arriving at step T has norm 1
 * and its norm k steps earlier is ‖∂h_T/∂h_{T−k}ᵀ v‖.
 *
 * @module
 */

import { type Matrix, zeros } from "../core/matrix.ts";
import { gaussianMatrix, Random } from "../random.ts";
import { type HiddenActivation, RNNCell, type RNNStep } from "../layers/rnn_cell.ts";

/** Options of {@link activationExperiment}. */
export interface ActivationExperimentOptions {
  /** Hidden nonlinearity. */
  activation: HiddenActivation;
  /** Time steps T (default 100). */
  steps?: number;
  /** Independent sequences run side by side (default 200). */
  batch?: number;
  /** Features of x_t (default 10). */
  inputSize?: number;
  /** Hidden units (default 50). */
  hiddenSize?: number;
  /**
   * Factor applied to the Xavier-initialised `Whh` (default 1). With the
   * same seed, every activation gets the same weights and the same inputs.
   */
  recurrentGain?: number;
  /** Standard deviation of the Gaussian inputs (default 1). */
  inputStd?: number;
  /** Seed of the weights (the inputs use `seed + 1`). Default 0. */
  seed?: number;
}

/** Statistics of all hidden values (every unit of every sequence) at one step. */
export interface StepStatistics {
  /** Step t (1 … T). */
  step: number;
  /** Mean of h_t. */
  mean: number;
  /** Standard deviation of h_t. */
  std: number;
  /** Smallest value of h_t. */
  min: number;
  /** Largest value of h_t. */
  max: number;
  /** Largest |h_t|. */
  maxAbs: number;
  /**
   * Fraction of units whose local derivative act'(a) is below a tenth of its
   * largest value, so that a gradient passing through them is cut at least
   * tenfold: |h| > 0.949 for tanh, h < 0.026 or h > 0.974 for sigmoid, h = 0
   * for ReLU (ReLU has no upper saturation).
   */
  saturated: number;
  /**
   * Root-mean-square over units of the batch mean of the recurrent input
   * `(h_{t−1}·Whh)_j`: the offset the previous state adds to every unit like
   * an extra bias. Near 0 for zero-centred states (tanh); for states that are
   * all positive (sigmoid, ReLU) each unit gets a systematic shift.
   */
  recurrentShift: number;
}

/** What {@link activationExperiment} returns. */
export interface ActivationExperiment {
  /** The nonlinearity used. */
  activation: HiddenActivation;
  /** One entry per step t = 1 … T. */
  stats: StepStatistics[];
  /**
   * Mean over sequences of ‖∂L/∂h_{T−k}‖ for k = 0 … T steps back
   * (k = 0 is 1 by construction; k = T is the gradient reaching h_0).
   */
  gradNorms: number[];
  /** The recurrent weight the run used (Xavier, times `recurrentGain`), `hiddenSize × hiddenSize`. */
  Whh: Matrix;
}

/** Whether a unit with output `h` has act'(a) below a tenth of its maximum. */
export function isSaturated(activation: HiddenActivation, h: number): boolean {
  switch (activation) {
    case "tanh":
      return 1 - h * h < 0.1; // tanh' = 1 − h², at most 1
    case "sigmoid":
      return h * (1 - h) < 0.025; // σ' = h(1 − h), at most 1/4
    case "relu":
      return h <= 0; // derivative 0 for a ≤ 0, else 1
  }
}

/** Statistics of the values of `h` (see {@link StepStatistics}). */
export function stepStatistics(
  activation: HiddenActivation,
  step: number,
  h: Matrix,
  recurrentShift = 0,
): StepStatistics {
  const d = h.data;
  let sum = 0, min = Infinity, max = -Infinity, saturated = 0;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (isSaturated(activation, v)) saturated++;
  }
  const mean = sum / d.length;
  let sq = 0;
  for (let i = 0; i < d.length; i++) sq += (d[i] - mean) ** 2;
  return {
    step,
    mean,
    std: Math.sqrt(sq / d.length),
    min,
    max,
    maxAbs: Math.max(Math.abs(min), Math.abs(max)),
    saturated: saturated / d.length,
    recurrentShift,
  };
}

/** RMS over units j of `Σ_i m_i·Whh[i, j]`, with `m` the batch mean of `hPrev`. */
export function recurrentShift(hPrev: Matrix, Whh: Matrix): number {
  const H = Whh.cols;
  const m = new Float64Array(hPrev.cols);
  for (let r = 0; r < hPrev.rows; r++) {
    const row = hPrev.row(r);
    for (let i = 0; i < m.length; i++) m[i] += row[i] / hPrev.rows;
  }
  let sq = 0;
  for (let j = 0; j < H; j++) {
    let s = 0;
    for (let i = 0; i < m.length; i++) s += m[i] * Whh.get(i, j);
    sq += s * s;
  }
  return Math.sqrt(sq / H);
}

/** Mean over rows of the Euclidean norm of each row. */
function meanRowNorm(m: Matrix): number {
  let total = 0;
  for (let i = 0; i < m.rows; i++) {
    const r = m.row(i);
    let s = 0;
    for (let j = 0; j < r.length; j++) s += r[j] * r[j];
    total += Math.sqrt(s);
  }
  return total / m.rows;
}

/**
 * Runs a Xavier-initialised cell (float64) with the given hidden
 * nonlinearity over `steps` steps of Gaussian input for `batch` sequences,
 * and returns the statistics of h_t at every step and the norm of the
 * gradient flowing back from h_T through time.
 *
 * @example
 * ```ts
 * import { activationExperiment } from "./activations.ts";
 * const r = activationExperiment({ activation: "tanh", steps: 20, batch: 10 });
 * console.assert(r.stats.every((s) => s.maxAbs < 1));
 * console.assert(r.gradNorms.length === 21 && Math.abs(r.gradNorms[0] - 1) < 1e-12);
 * ```
 */
export function activationExperiment(options: ActivationExperimentOptions): ActivationExperiment {
  const {
    activation,
    steps = 100,
    batch = 200,
    inputSize = 10,
    hiddenSize = 50,
    recurrentGain = 1,
    inputStd = 1,
    seed = 0,
  } = options;
  if (!Number.isInteger(steps) || steps < 1) {
    throw new RangeError(`activationExperiment: steps must be a positive integer, got ${steps}`);
  }
  if (!Number.isFinite(recurrentGain)) {
    throw new RangeError(
      `activationExperiment: recurrentGain must be finite, got ${recurrentGain}`,
    );
  }
  const cell = new RNNCell({ inputSize, hiddenSize, rng: new Random(seed), activation });
  const W = cell.Whh.value.data;
  for (let i = 0; i < W.length; i++) W[i] *= recurrentGain;
  const inputs = new Random(seed + 1);

  const trace: RNNStep[] = [];
  const stats: StepStatistics[] = [];
  let h = zeros(batch, hiddenSize);
  for (let t = 1; t <= steps; t++) {
    const step = cell.forward(gaussianMatrix(inputs, batch, inputSize, inputStd), h);
    trace.push(step);
    stats.push(stepStatistics(activation, t, step.h, recurrentShift(h, cell.Whh.value)));
    h = step.h;
  }

  // L = Σ_rows h_T·v with ‖v‖ = 1 per row, so ∂L/∂h_T = v; then walk back with the cell's backward.
  let dh = gaussianMatrix(new Random(seed + 2), batch, hiddenSize);
  for (let i = 0; i < batch; i++) {
    const r = dh.row(i);
    const n = Math.hypot(...r);
    for (let j = 0; j < r.length; j++) r[j] /= n;
  }
  const gradNorms = [meanRowNorm(dh)];
  for (let t = steps - 1; t >= 0; t--) {
    dh = cell.backward(dh, trace[t]).dhPrev;
    gradNorms.push(meanRowNorm(dh));
  }
  return { activation, stats, gradNorms, Whh: cell.Whh.value.clone() };
}
