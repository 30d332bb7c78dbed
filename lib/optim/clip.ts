/**
 * Gradient clipping: keeps one bad batch from throwing the weights far away
 * (the exploding gradients of RNNs, Pascanu, Mikolov & Bengio 2013).
 *
 * Call it after the backward pass and before the optimizer step.
 *
 * @module
 */

import type { Param } from "../layers/param.ts";
import { assertPositive } from "./_validate.ts";

/**
 * The global L2 norm of all gradients, `√(Σ_params Σ_i g_i²)`, as if they
 * were one long vector. Summed in float64 whatever the dtype.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * import { gradNorm } from "./clip.ts";
 * const a = param("a", fromArray([[0, 0]]));
 * const b = param("b", fromArray([[0]]));
 * a.grad.data.set([3, 0]);
 * b.grad.data[0] = 4;
 * console.assert(gradNorm([a, b]) === 5);
 * ```
 */
export function gradNorm(params: readonly Param[]): number {
  let sum = 0;
  for (const p of params) {
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  }
  return Math.sqrt(sum);
}

/** Options of {@link clipGradNorm}. */
export interface ClipGradNormOptions {
  /**
   * Throw when the norm is NaN or ±Infinity (default `true`). With `false`
   * the non-finite norm is returned and the gradients are left untouched, so
   * the caller can skip the step.
   */
  errorIfNonFinite?: boolean;
}

/**
 * Rescales all gradients together so their global L2 norm (see
 * {@link gradNorm}) is at most `maxNorm`: when the norm exceeds `maxNorm`,
 * every gradient is multiplied by `maxNorm / norm`. The direction of the
 * whole gradient is kept; only its length shrinks. Gradients under the limit
 * are not touched.
 *
 * Returns the norm *before* clipping, like PyTorch's `clip_grad_norm_`, so a
 * training loop can chart it.
 *
 * A NaN or infinite norm means training has already diverged (or a layer
 * produced NaN). By default that throws a `RangeError` naming the norm and the
 * first parameter with a non-finite gradient; pass
 * `{ errorIfNonFinite: false }` to get the norm back instead.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * import { clipGradNorm } from "./clip.ts";
 * const w = param("w", fromArray([[0, 0]]));
 * w.grad.data.set([30, 40]);
 * const before = clipGradNorm([w], 5);
 * console.assert(before === 50);
 * console.assert(Math.abs(w.grad.data[0] - 3) < 1e-12 && Math.abs(w.grad.data[1] - 4) < 1e-12);
 * ```
 */
export function clipGradNorm(
  params: readonly Param[],
  maxNorm: number,
  options: ClipGradNormOptions = {},
): number {
  assertPositive("clipGradNorm", "maxNorm", maxNorm);
  const { errorIfNonFinite = true } = options;
  const norm = gradNorm(params);
  if (!Number.isFinite(norm)) {
    if (!errorIfNonFinite) return norm;
    const culprit = params.find((p) => !p.grad.data.every(Number.isFinite));
    const where = culprit ? ` (first non-finite gradient: ${culprit.name})` : "";
    throw new RangeError(
      `clipGradNorm: the gradient norm is ${norm}${where}; training has diverged. ` +
        `Lower the learning rate or clip with a smaller maxNorm, and check the loss for NaN.`,
    );
  }
  if (norm > maxNorm) {
    const scale = maxNorm / norm;
    for (const p of params) {
      const g = p.grad.data;
      for (let i = 0; i < g.length; i++) g[i] *= scale;
    }
  }
  return norm;
}

/**
 * Clamps every gradient element to `[−limit, limit]`, as min-char-rnn does
 * with `np.clip(dparam, -5, 5)`. Unlike {@link clipGradNorm} this changes the
 * direction of the gradient. NaN elements stay NaN.
 *
 * Returns how many elements were clipped.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * import { clipGradValue } from "./clip.ts";
 * const w = param("w", fromArray([[0, 0, 0]]));
 * w.grad.data.set([-7, 2, 9]);
 * console.assert(clipGradValue([w], 5) === 2);
 * console.assert(w.grad.data.join() === "-5,2,5");
 * ```
 */
export function clipGradValue(params: readonly Param[], limit: number): number {
  assertPositive("clipGradValue", "limit", limit);
  let clipped = 0;
  for (const p of params) {
    const g = p.grad.data;
    for (let i = 0; i < g.length; i++) {
      if (g[i] > limit) {
        g[i] = limit;
        clipped++;
      } else if (g[i] < -limit) {
        g[i] = -limit;
        clipped++;
      }
    }
  }
  return clipped;
}
