/**
 * The spectral radius of a square matrix, and the condition of Pascanu,
 * Mikolov and Bengio (2013) on the largest singular value.
 *
 * For the gradient through `T − t` steps, `∂h_T/∂h_t = Π_k diag(f′(a_k))·W`
 * (column convention, `W = Whhᵀ`). With `γ ≥ max |f′|` (1 for tanh, 1/4 for
 * the logistic sigmoid) and `σ_max(W)` the largest singular value of `W`:
 *
 * - `σ_max(W) < 1/γ` is **sufficient** for the gradient to vanish
 *   (every factor shrinks it);
 * - `σ_max(W) > 1/γ` is **necessary** for it to explode (not sufficient).
 *
 * The spectral radius `ρ(W)` (largest eigenvalue modulus) sets the long-run
 * rate of `‖Wⁿ‖` (Gelfand), but with the diagonal factors in between it
 * decides nothing by itself unless `W` is normal: a product `D·W` with
 * `0 ≤ D ≤ 1` can have a larger spectral radius than `W`.
 *
 * @module
 */

import { type Matrix, zeros } from "../core/matrix.ts";
import { matmul } from "../core/ops.ts";
import { spectralNorm } from "./jacobians.ts";

/**
 * `ρ(M) = max |λ|` over the eigenvalues of the square matrix `M`, from
 * Gelfand's formula `ρ(M) = lim ‖M^n‖^{1/n}`, with `n = 2^k` reached by
 * `squarings` repeated squarings (each normalised, so nothing overflows).
 * Accurate to about 1e-12 for the matrices of the course; 0 for a nilpotent
 * matrix.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { spectralRadius } from "./spectral.ts";
 * // Complex eigenvalues 0.05 ± 0.312i, modulus √0.1.
 * const W = fromArray([[1, 1], [-1, -0.9]]);
 * console.assert(Math.abs(spectralRadius(W) - Math.sqrt(0.1)) < 1e-9);
 * ```
 */
export function spectralRadius(m: Matrix, squarings = 60): number {
  if (m.rows !== m.cols) {
    throw new RangeError(`spectralRadius needs a square matrix, got ${m.rows}×${m.cols}`);
  }
  let p = zeros(m.rows, m.cols, "float64");
  p.data.set(m.data);
  let logScale = 0; // M^(2^k) = p · e^logScale
  let estimate = 0;
  for (let k = 0; k <= squarings; k++) {
    if (k > 0) {
      p = matmul(p, p);
      logScale *= 2;
    }
    let norm = 0;
    for (let i = 0; i < p.size; i++) norm += p.data[i] * p.data[i];
    norm = Math.sqrt(norm);
    if (norm === 0 || !Number.isFinite(norm)) return norm === 0 ? 0 : estimate;
    for (let i = 0; i < p.size; i++) p.data[i] /= norm;
    logScale += Math.log(norm);
    estimate = Math.exp(logScale / 2 ** k);
  }
  return estimate;
}

/** The two sides of Pascanu et al.'s condition for a recurrent matrix and a nonlinearity. */
export interface PascanuCheck {
  /** `σ_max(W)`: the largest singular value. */
  sigmaMax: number;
  /** `ρ(W)`: the spectral radius. */
  rho: number;
  /** `γ`: the largest slope of the nonlinearity (1 for tanh, 1/4 for sigmoid). */
  gamma: number;
  /** `σ_max·γ < 1`: the gradient must vanish, whatever the inputs. */
  mustVanish: boolean;
  /** `σ_max·γ > 1`: the necessary condition for exploding holds (it may still not explode). */
  mayExplode: boolean;
}

/**
 * Pascanu et al. (2013)'s conditions for `W` (either orientation: `W` and
 * `Wᵀ` have the same singular values and eigenvalues) and a nonlinearity
 * whose slope is at most `gamma`.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { pascanuCheck } from "./spectral.ts";
 * const c = pascanuCheck(fromArray([[0.5, 3], [0, 0.5]]), 1);
 * console.assert(c.rho < 1 && c.mayExplode && !c.mustVanish);
 * ```
 */
export function pascanuCheck(W: Matrix, gamma: number): PascanuCheck {
  if (!(gamma > 0)) throw new RangeError(`gamma must be positive, got ${gamma}`);
  const sigmaMax = spectralNorm(W);
  return {
    sigmaMax,
    rho: spectralRadius(W),
    gamma,
    mustVanish: sigmaMax * gamma < 1,
    mayExplode: sigmaMax * gamma > 1,
  };
}
