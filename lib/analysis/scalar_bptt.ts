/**
 * Backpropagation through time with one hidden unit, every number written
 * out: the version of notebook 04 that can be checked with a pencil before
 * the matrix version.
 *
 * ```
 * a_t = w·x_t + u·h_{t−1} + b,   h_t = tanh(a_t),   h_0 given (default 0)
 * L   = Σ_t ℓ_t,   ℓ_t = ½ (h_t − y_t)²
 * backward, t = T … 1:
 *   g_t = ∂L/∂h_t = (h_t − y_t)  +  δ_{t+1}·u      (own loss + from step t+1)
 *   δ_t = ∂L/∂a_t = g_t · (1 − h_t²)
 *   ∂L/∂u = Σ_t h_{t−1}·δ_t,   ∂L/∂w = Σ_t x_t·δ_t,   ∂L/∂b = Σ_t δ_t
 * ```
 *
 * @module
 */

/** The weights of the one-unit RNN. */
export interface ScalarRNN {
  /** Input weight. */
  readonly w: number;
  /** Recurrent weight. */
  readonly u: number;
  /** Bias. */
  readonly b: number;
  /** The initial state `h_0` (default 0; a previous chunk's last state in truncated BPTT). */
  readonly h0?: number;
}

/** One time step of {@link scalarBPTT}, forward and backward. */
export interface ScalarStep {
  /** Time step, 1-based. */
  readonly t: number;
  /** Input `x_t`. */
  readonly x: number;
  /** Target `y_t`. */
  readonly y: number;
  /** Previous state `h_{t−1}`. */
  readonly hPrev: number;
  /** `a_t = w·x_t + u·h_{t−1} + b`. */
  readonly a: number;
  /** `h_t = tanh(a_t)`. */
  readonly h: number;
  /** `ℓ_t = ½ (h_t − y_t)²`. */
  readonly loss: number;
  /** `∂ℓ_t/∂h_t = h_t − y_t`: the step's own loss. */
  readonly direct: number;
  /** `δ_{t+1}·u`: what comes back from step t + 1 (0 at the last step). */
  readonly fromNext: number;
  /** `g_t = ∂L/∂h_t`, the sum of the two. */
  readonly dh: number;
  /** `δ_t = ∂L/∂a_t = g_t·(1 − h_t²)`. */
  readonly delta: number;
  /** This step's share of `∂L/∂u`: `h_{t−1}·δ_t`. */
  readonly du: number;
  /** This step's share of `∂L/∂w`: `x_t·δ_t`. */
  readonly dw: number;
}

/** What {@link scalarBPTT} returns. */
export interface ScalarBPTT {
  /** One record per step, in time order. */
  readonly steps: ScalarStep[];
  /** `L = Σ_t ℓ_t`. */
  readonly loss: number;
  /** `∂L/∂u = Σ_t h_{t−1}·δ_t`. */
  readonly du: number;
  /** `∂L/∂w = Σ_t x_t·δ_t`. */
  readonly dw: number;
  /** `∂L/∂b = Σ_t δ_t`. */
  readonly db: number;
  /** `∂L/∂h_0 = δ_1·u`. */
  readonly dh0: number;
}

/** The loss `Σ_t ½ (h_t − y_t)²` of the one-unit RNN (for finite differences). */
export function scalarLoss(rnn: ScalarRNN, xs: readonly number[], ys: readonly number[]): number {
  let h = rnn.h0 ?? 0, loss = 0;
  xs.forEach((x, i) => {
    h = Math.tanh(rnn.w * x + rnn.u * h + rnn.b);
    loss += 0.5 * (h - ys[i]) ** 2;
  });
  return loss;
}

/**
 * Runs the one-unit RNN over `xs` from `h_0` (default 0), then walks backward through
 * time and returns every intermediate number (see the module doc).
 *
 * @example
 * ```ts
 * import { scalarBPTT, scalarLoss } from "./scalar_bptt.ts";
 * const rnn = { w: 0.5, u: 0.9, b: 0 }, xs = [1, 0, 0], ys = [0, 0, 1];
 * const { du } = scalarBPTT(rnn, xs, ys);
 * const eps = 1e-6;
 * const numeric = (scalarLoss({ ...rnn, u: rnn.u + eps }, xs, ys) -
 *   scalarLoss({ ...rnn, u: rnn.u - eps }, xs, ys)) / (2 * eps);
 * console.assert(Math.abs(du - numeric) < 1e-8);
 * ```
 */
export function scalarBPTT(
  rnn: ScalarRNN,
  xs: readonly number[],
  ys: readonly number[],
): ScalarBPTT {
  if (xs.length !== ys.length || xs.length === 0) {
    throw new RangeError(
      `scalarBPTT: ${xs.length} inputs and ${ys.length} targets (need as many, ≥ 1)`,
    );
  }
  const { w, u, b } = rnn;
  const forward: { x: number; y: number; hPrev: number; a: number; h: number }[] = [];
  let h = rnn.h0 ?? 0;
  xs.forEach((x, i) => {
    const a = w * x + u * h + b;
    forward.push({ x, y: ys[i], hPrev: h, a, h: Math.tanh(a) });
    h = Math.tanh(a);
  });
  const steps: ScalarStep[] = new Array(xs.length);
  let deltaNext = 0;
  for (let i = xs.length - 1; i >= 0; i--) {
    const f = forward[i];
    const direct = f.h - f.y;
    const fromNext = i === xs.length - 1 ? 0 : deltaNext * u;
    const dh = direct + fromNext;
    const delta = dh * (1 - f.h * f.h);
    steps[i] = {
      t: i + 1,
      ...f,
      loss: 0.5 * direct * direct,
      direct,
      fromNext,
      dh,
      delta,
      du: f.hPrev * delta,
      dw: f.x * delta,
    };
    deltaNext = delta;
  }
  const sum = (pick: (s: ScalarStep) => number) => steps.reduce((s, step) => s + pick(step), 0);
  return {
    steps,
    loss: sum((s) => s.loss),
    du: sum((s) => s.du),
    dw: sum((s) => s.dw),
    db: sum((s) => s.delta),
    dh0: steps[0].delta * u,
  };
}
