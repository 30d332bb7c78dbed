/**
 * How far back a gradient reaches, from one unit to matrices: the scalar
 * chain of factors `w·f′(a_k)`, the largest slope `γ` of each nonlinearity
 * (the constant of Pascanu, Mikolov & Bengio 2013), a non-normal matrix
 * whose powers grow although its spectral radius is below 1, and
 * `‖∂h_T/∂h_t‖` measured for several nonlinearities and scales of `Whh`.
 *
 * Pascanu et al.'s two statements, with `J_k = diag(f′(a_k))·Whhᵀ`:
 * `‖J_k‖ ≤ γ·σ_max(Whh)`, so `γ·σ_max(Whh) < 1` is **sufficient** for the
 * gradient to vanish (every factor shrinks it), and `γ·σ_max(Whh) > 1` is
 * **necessary** for it to explode (but not sufficient).
 *
 * @module
 */

import { requireInteger } from "../core/guards.ts";
import { type Matrix, zeros } from "../core/matrix.ts";
import type { HiddenActivation } from "../layers/rnn_cell.ts";
import { Random } from "../random.ts";
import { jacobianProductNorms, scaledOrthogonal } from "./jacobians.ts";

/**
 * γ = max f′: 1 for tanh (at 0), 1/4 for the logistic sigmoid (at 0), 1 for
 * ReLU (on the positive side).
 *
 * @example
 * ```ts
 * import { maxSlope } from "./gradient_reach.ts";
 * console.assert(maxSlope("sigmoid") === 0.25 && maxSlope("tanh") === 1);
 * ```
 */
export function maxSlope(activation: HiddenActivation): number {
  return activation === "sigmoid" ? 0.25 : 1;
}

function apply(activation: HiddenActivation, a: number): { h: number; slope: number } {
  if (activation === "tanh") {
    const h = Math.tanh(a);
    return { h, slope: 1 - h * h };
  }
  if (activation === "sigmoid") {
    const h = 1 / (1 + Math.exp(-a));
    return { h, slope: h * (1 - h) };
  }
  return { h: Math.max(a, 0), slope: a > 0 ? 1 : 0 };
}

/** Options of {@link scalarChain}. */
export interface ScalarChainOptions {
  /** The nonlinearity f. */
  activation: HiddenActivation;
  /** The recurrent weight w. */
  w: number;
  /** Steps T. */
  steps: number;
  /** Standard deviation of the Gaussian inputs x_t (default 0: no input). */
  inputStd?: number;
  /** Seed of the inputs (default 0). */
  seed?: number;
}

/** What {@link scalarChain} returns. */
export interface ScalarChain {
  /** h_1 … h_T. */
  readonly h: number[];
  /** The factor of each step, `∂h_t/∂h_{t−1} = w·f′(a_t)`, for t = 1 … T. */
  readonly factors: number[];
  /** `|∂h_T/∂h_{T−d}|` for d = 0 … T−1: the product of the last d factors. */
  readonly products: number[];
}

/**
 * A one-unit RNN, `h_t = f(w·h_{t−1} + x_t)` from `h_0 = 0`, and the chain
 * rule through it: `∂h_T/∂h_t = Π_{k=t+1..T} w·f′(a_k)`, a product of T − t
 * factors.
 *
 * @example
 * ```ts
 * import { scalarChain } from "./gradient_reach.ts";
 * // No input: h stays 0, tanh′(0) = 1, so every factor is w and the product w^d.
 * const { products } = scalarChain({ activation: "tanh", w: 0.9, steps: 11 });
 * console.assert(Math.abs(products[10] - 0.9 ** 10) < 1e-15);
 * ```
 */
export function scalarChain(options: ScalarChainOptions): ScalarChain {
  const { activation, w, steps, inputStd = 0, seed = 0 } = options;
  requireInteger("steps", steps, { min: 1 });
  const rng = new Random(seed);
  const h: number[] = [], factors: number[] = [];
  let prev = 0;
  for (let t = 0; t < steps; t++) {
    const x = inputStd === 0 ? 0 : inputStd * rng.gaussian();
    const step = apply(activation, w * prev + x);
    h.push(step.h);
    factors.push(w * step.slope);
    prev = step.h;
  }
  const products = [1];
  for (let d = 1; d < steps; d++) products.push(Math.abs(products[d - 1] * factors[steps - d]));
  return { h, factors, products };
}

/**
 * `ρ·I + s·N` (`n × n`, N the shift with ones just above the diagonal): a
 * triangular matrix, so every eigenvalue is ρ and the spectral radius is
 * |ρ|; but it is far from normal, its largest singular value is about
 * |ρ| + |s|, and its powers grow like `k^{n−1}·ρ^k` for a long while before
 * ρ^k wins.
 *
 * @example
 * ```ts
 * import { nonNormalMatrix } from "./gradient_reach.ts";
 * const W = nonNormalMatrix(3, 0.5, 2);
 * console.assert(W.get(0, 0) === 0.5 && W.get(0, 1) === 2 && W.get(1, 0) === 0 && W.get(0, 2) === 0);
 * ```
 */
export function nonNormalMatrix(n: number, rho: number, s: number): Matrix {
  requireInteger("n", n, { min: 1 });
  const W = zeros(n, n, "float64");
  for (let i = 0; i < n; i++) {
    W.data[i * n + i] = rho;
    if (i + 1 < n) W.data[i * n + i + 1] = s;
  }
  return W;
}

/** The largest modulus of the diagonal of a triangular matrix: its spectral radius. */
export function triangularSpectralRadius(W: Matrix): number {
  for (let i = 0; i < W.rows; i++) {
    for (let j = 0; j < i; j++) {
      if (W.get(i, j) !== 0 && W.get(j, i) !== 0) {
        throw new RangeError("triangularSpectralRadius: the matrix is not triangular");
      }
    }
  }
  let rho = 0;
  for (let i = 0; i < W.rows; i++) rho = Math.max(rho, Math.abs(W.get(i, i)));
  return rho;
}

/** Options of {@link gradientReach}. */
export interface GradientReachOptions {
  /** The nonlinearities to compare. */
  activations: readonly HiddenActivation[];
  /** Scales g of `Whh = g·Q` (Q a random orthogonal matrix: σ_max = ρ = g). */
  scales: readonly number[];
  /** Hidden units (default 32). */
  hiddenSize?: number;
  /** Steps T (default 61: distances 0 … 60). */
  steps?: number;
  /** Standard deviation of the input weights (default 1/√8: pre-activations of std ≈ 1). */
  inputScale?: number;
  /** Seed of Q (default 2) and of the inputs (default 1). */
  seed?: number;
}

/** One curve of {@link gradientReach}. */
export interface GradientReachRow {
  /** The nonlinearity. */
  readonly activation: HiddenActivation;
  /** g, which is both σ_max(Whh) and ρ(Whh). */
  readonly scale: number;
  /** Pascanu's constant γ·σ_max(Whh): below 1, vanishing is certain. */
  readonly bound: number;
  /** `‖∂h_T/∂h_{T−d}‖₂` for d = 0 … steps − 1. */
  readonly norms: readonly number[];
}

/**
 * `‖∂h_T/∂h_t‖₂` against the distance for every nonlinearity and scale, on
 * the same orthogonal Q and the same inputs (see `jacobianProductNorms`).
 */
export function gradientReach(options: GradientReachOptions): GradientReachRow[] {
  const { hiddenSize = 32, steps = 61, seed = 2 } = options;
  const Q = scaledOrthogonal(hiddenSize, 1, new Random(seed));
  const rows: GradientReachRow[] = [];
  for (const activation of options.activations) {
    for (const scale of options.scales) {
      const Whh = Q.clone();
      for (let i = 0; i < Whh.data.length; i++) Whh.data[i] *= scale;
      const norms = jacobianProductNorms({
        hiddenSize,
        steps,
        Whh,
        activation,
        inputScale: options.inputScale,
        seed: seed - 1,
      });
      rows.push({ activation, scale, bound: maxSlope(activation) * scale, norms });
    }
  }
  return rows;
}
