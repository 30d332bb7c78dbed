/**
 * Products of Jacobians: what carries the gradient from step T back to step
 * t, `∂h_T/∂h_t = Π_k diag(act'(a_k))·Whhᵀ` (row form), and the matrix norms
 * that decide whether it vanishes or explodes.
 *
 * @module
 */

import { type Matrix, zeros } from "../core/matrix.ts";
import { matmul } from "../core/ops.ts";
import type { HiddenActivation } from "../layers/rnn_cell.ts";
import { Random } from "../random.ts";

// ---------------------------------------------------------------------------
// 2. Products of Jacobians
// ---------------------------------------------------------------------------

/**
 * The largest singular value `σ_max(M) = max ‖M·v‖/‖v‖` (the spectral norm),
 * by power iteration on `MᵀM` (float64).
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { spectralNorm } from "./jacobians.ts";
 * console.assert(Math.abs(spectralNorm(fromArray([[3, 0], [0, -2]])) - 3) < 1e-9);
 * ```
 */
export function spectralNorm(m: Matrix, iterations = 200): number {
  const { rows, cols } = m;
  const a = m.data;
  let v = new Float64Array(cols);
  for (let j = 0; j < cols; j++) v[j] = 1 + 0.01 * j; // not orthogonal to the top singular vector in practice
  let sigma = 0;
  const u = new Float64Array(rows);
  for (let it = 0; it < iterations; it++) {
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += a[i * cols + j] * v[j];
      u[i] = s;
    }
    const w = new Float64Array(cols);
    for (let i = 0; i < rows; i++) {
      const ui = u[i];
      for (let j = 0; j < cols; j++) w[j] += a[i * cols + j] * ui;
    }
    let norm = 0;
    for (let j = 0; j < cols; j++) norm += w[j] * w[j];
    norm = Math.sqrt(norm);
    if (norm === 0) return 0;
    const next = Math.sqrt(norm); // ‖MᵀM v‖ → σ² when ‖v‖ = 1
    for (let j = 0; j < cols; j++) w[j] /= norm;
    const converged = Math.abs(next - sigma) <= 1e-13 * next;
    sigma = next;
    v = w;
    if (converged && it > 5) break;
  }
  return sigma;
}

/**
 * `ρ·Q` with `Q` a random orthogonal `n × n` matrix (Gram–Schmidt on a
 * Gaussian matrix). All its singular values equal `ρ`, and so does the
 * modulus of every eigenvalue: spectral radius and largest singular value are
 * both exactly `ρ`, which makes it the clean way to set "the scale" of `Whh`.
 */
export function scaledOrthogonal(n: number, rho: number, rng: Random): Matrix {
  const q = zeros(n, n, "float64");
  const cols: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    let v: Float64Array;
    let norm = 0;
    do {
      v = new Float64Array(n);
      for (let i = 0; i < n; i++) v[i] = rng.gaussian();
      for (const c of cols) {
        let d = 0;
        for (let i = 0; i < n; i++) d += c[i] * v[i];
        for (let i = 0; i < n; i++) v[i] -= d * c[i];
      }
      norm = Math.hypot(...v);
    } while (norm < 1e-6);
    for (let i = 0; i < n; i++) v[i] /= norm;
    cols.push(v);
    for (let i = 0; i < n; i++) q.data[i * n + j] = rho * v[i];
  }
  return q;
}

/** Options of {@link jacobianProductNorms}. */
export interface JacobianOptions {
  /** Hidden units. */
  hiddenSize: number;
  /** Input features (random Gaussian inputs). Default 8. */
  inputSize?: number;
  /** Time steps. */
  steps: number;
  /** The recurrent weight, `hiddenSize × hiddenSize` (float64). */
  Whh: Matrix;
  /** Standard deviation of the input weights (default 1/√inputSize). */
  inputScale?: number;
  /** Seed of the inputs and input weights. */
  seed?: number;
  /** The hidden nonlinearity f (default tanh). */
  activation?: HiddenActivation;
}

/** f′ written with the output h = f(a): 1 − h² (tanh), h·(1 − h) (sigmoid), [h > 0] (ReLU). */
function slopeOf(activation: HiddenActivation, h: number): number {
  if (activation === "tanh") return 1 - h * h;
  if (activation === "sigmoid") return h * (1 - h);
  return h > 0 ? 1 : 0;
}

function activate(activation: HiddenActivation, a: number): number {
  if (activation === "tanh") return Math.tanh(a);
  if (activation === "sigmoid") return 1 / (1 + Math.exp(-a));
  return a > 0 ? a : 0;
}

/**
 * Runs an RNN `h_t = f(x_t·Wxh + h_{t−1}·Whh)` (f = tanh unless `activation`
 * says otherwise) for `steps` steps from `h_0 = 0` on random inputs and
 * returns `‖∂h_T/∂h_t‖₂` (spectral norm) for `T − t = 0, 1, …, steps − 1`,
 * where (column convention, `J_k[i][j] = ∂h_k[i]/∂h_{k−1}[j]`)
 * ```
 * ∂h_T/∂h_t = J_T·J_{T−1}···J_{t+1},   J_k = diag(f′(a_k))·Whhᵀ
 * ```
 * Entry 0 is the identity (norm 1).
 */
export function jacobianProductNorms(options: JacobianOptions): number[] {
  const { hiddenSize: H, steps, Whh, seed = 0, activation = "tanh" } = options;
  const I = options.inputSize ?? 8;
  const rng = new Random(seed);
  const scale = options.inputScale ?? 1 / Math.sqrt(I);
  const Wxh = zeros(I, H, "float64");
  for (let i = 0; i < Wxh.size; i++) Wxh.data[i] = scale * rng.gaussian();
  // Forward, keeping every h_t.
  const hs: Float64Array[] = [];
  let h = new Float64Array(H);
  for (let t = 0; t < steps; t++) {
    const x = Array.from({ length: I }, () => rng.gaussian());
    const next = new Float64Array(H);
    for (let j = 0; j < H; j++) {
      let a = 0;
      for (let i = 0; i < I; i++) a += x[i] * Wxh.data[i * H + j];
      for (let i = 0; i < H; i++) a += h[i] * Whh.data[i * H + j];
      next[j] = activate(activation, a);
    }
    hs.push(next);
    h = next;
  }
  // P = ∂h_T/∂h_t, built from t = T down: P ← P·J_t with J_t = diag(f′(a_t))·Whhᵀ.
  let P = zeros(H, H, "float64");
  for (let i = 0; i < H; i++) P.data[i * H + i] = 1;
  const norms = [1];
  for (let t = steps - 1; t >= 1; t--) {
    const d = hs[t].map((v) => slopeOf(activation, v));
    const J = zeros(H, H, "float64");
    for (let i = 0; i < H; i++) {
      for (let j = 0; j < H; j++) J.data[i * H + j] = d[i] * Whh.data[j * H + i];
    }
    P = matmul(P, J);
    norms.push(spectralNorm(P));
  }
  return norms;
}

/** `‖W^k‖₂` for `k = 0 … kMax`: the linear part of the Jacobian product, alone. */
export function matrixPowerNorms(W: Matrix, kMax: number): number[] {
  const n = W.rows;
  let P = zeros(n, n, "float64");
  for (let i = 0; i < n; i++) P.data[i * n + i] = 1;
  const norms = [1];
  for (let k = 1; k <= kMax; k++) {
    P = matmul(P, W);
    norms.push(spectralNorm(P));
  }
  return norms;
}
