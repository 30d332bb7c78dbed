/**
 * RMSProp: `s ← ρ·s + (1 − ρ)·g²`, `w ← w − lr·g/(√s + eps)`.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { Param } from "../layers/param.ts";
import type { Optimizer } from "./optimizer.ts";
import { checkGrad, ParamState } from "./_state.ts";
import { assertFraction, assertPositive } from "./_validate.ts";

/** Options of {@link RMSProp}. */
export interface RMSPropOptions {
  /** Learning rate, finite and > 0. Default 1e-3. */
  lr?: number;
  /** Decay ρ in [0, 1) of the running average of g². Default 0.9 (Hinton's lecture 6e). */
  rho?: number;
  /** Added to the root so a zero average does not divide by zero; > 0. Default 1e-8. */
  eps?: number;
}

/**
 * RMSProp (Tieleman & Hinton 2012, lecture 6e of "Neural Networks for
 * Machine Learning"): like {@link Adagrad}, but the squared gradients are
 * averaged with exponential decay instead of summed, so the step size does not
 * shrink forever,
 *
 * ```
 * s ← ρ·s + (1 − ρ)·g²
 * w ← w − lr·g / (√s + eps)
 * ```
 *
 * `s` starts at zero (as in PyTorch's `RMSprop`, whose `alpha` is our `rho`
 * and defaults to 0.99), so the first steps are larger than `lr`: there is no
 * bias correction (that is what {@link Adam} adds).
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * import { RMSProp } from "./rmsprop.ts";
 * const w = param("w", fromArray([[0]]));
 * w.grad.data[0] = 2;
 * new RMSProp({ lr: 0.01, rho: 0.75, eps: 1e-8 }).step([w]);
 * // s = 0.25·4 = 1, step = 0.01·2/1
 * console.assert(Math.abs(w.value.data[0] + 0.02) < 1e-9);
 * ```
 */
export class RMSProp implements Optimizer {
  #lr = 0;
  /** The decay ρ of the running average of g². */
  readonly rho: number;
  /** The constant added to √s. */
  readonly eps: number;
  readonly #meanSquare = new ParamState(["s"]);

  /** Creates the optimizer; throws on a bad `lr`, `eps` (finite, > 0) or `rho` (in [0, 1)). */
  constructor(options: RMSPropOptions = {}) {
    const { lr = 1e-3, rho = 0.9, eps = 1e-8 } = options;
    this.lr = lr;
    assertFraction("RMSProp", "rho", rho);
    assertPositive("RMSProp", "eps", eps);
    this.rho = rho;
    this.eps = eps;
  }

  /** The learning rate; setting it checks it is finite and > 0. */
  get lr(): number {
    return this.#lr;
  }
  set lr(value: number) {
    assertPositive("RMSProp", "lr", value);
    this.#lr = value;
  }

  /** `s ← ρ·s + (1 − ρ)·g²`, `w ← w − lr·g/(√s + eps)` for every element. */
  step(params: readonly Param[]): void {
    const lr = this.#lr, rho = this.rho, eps = this.eps;
    for (const p of params) {
      checkGrad("RMSProp.step", p);
      const w = p.value.data, g = p.grad.data;
      const s = this.#meanSquare.get(p)[0].data;
      for (let i = 0; i < w.length; i++) {
        s[i] = rho * s[i] + (1 - rho) * g[i] * g[i];
        w[i] -= (lr * g[i]) / (Math.sqrt(s[i]) + eps);
      }
    }
  }

  /**
   * The state of `p` by name, `{ s }` (the running mean of g²), as live matrices (do not
   * modify them); `{}` before `p`'s first step.
   */
  state(p: Param): Readonly<Record<string, Matrix>> {
    return this.#meanSquare.peek(p);
  }

  /** Sets every running average back to zero. */
  reset(): void {
    this.#meanSquare.clear();
  }
}
