/**
 * Exercise `clip_grad_norm` (notebook 04): clipping by global norm, the cure
 * for exploding gradients of Pascanu, Mikolov & Bengio (2013).
 *
 * Treat all gradients as one long vector g. Its global norm is
 * `‖g‖ = √(Σ_matrices Σ_i g_i²)`. When `‖g‖ > maxNorm`, multiply every
 * element of every gradient by `maxNorm / ‖g‖` (in place), so the direction
 * is kept and only the length shrinks; otherwise leave them untouched.
 * Return the norm measured *before* clipping (what a training loop charts).
 *
 * Allowed from the engine: `lib/core/matrix.ts` only (not `clipGradNorm` or
 * `gradNorm` from `lib/optim/`, not `sumOfSquares`).
 *
 * @module
 */

import type { Matrix } from "../lib/core/matrix.ts";
// #region stub
// import { NotImplementedError } from "../lib/check/not_implemented.ts";
// #endregion stub

/** Clips `grads` in place to a global L2 norm of at most `maxNorm` (> 0); returns the norm before clipping. */
export function clipGradNorm(grads: readonly Matrix[], maxNorm: number): number {
  // #region solution
  let sum = 0;
  for (const g of grads) {
    for (let i = 0; i < g.data.length; i++) sum += g.data[i] * g.data[i];
  }
  const norm = Math.sqrt(sum);
  if (norm > maxNorm) {
    const scale = maxNorm / norm;
    for (const g of grads) {
      for (let i = 0; i < g.data.length; i++) g.data[i] *= scale;
    }
  }
  return norm;
  // #endregion solution
  // #region stub
  // throw new NotImplementedError("clip_grad_norm");
  // #endregion stub
}
