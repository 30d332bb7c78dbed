/**
 * Adam (Kingma & Ba 2015): momentum and RMSProp with bias correction.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { Param } from "../layers/param.ts";
import type { Optimizer } from "./optimizer.ts";
import { checkGrad, ParamState } from "./_state.ts";
import { assertFraction, assertPositive } from "./_validate.ts";

/** Options of {@link Adam}. */
export interface AdamOptions {
  /** Learning rate α, finite and > 0. Default 1e-3. */
  lr?: number;
  /** Decay β1 in [0, 1) of the first moment (mean of g). Default 0.9. */
  beta1?: number;
  /** Decay β2 in [0, 1) of the second moment (mean of g²). Default 0.999. */
  beta2?: number;
  /** ε added to √v̂; > 0. Default 1e-8. */
  eps?: number;
}

/**
 * Adam, Algorithm 1 of Kingma & Ba, "Adam: A Method for Stochastic
 * Optimization" (ICLR 2015). For step t = 1, 2, … of each parameter:
 *
 * ```
 * m ← β1·m + (1 − β1)·g          first moment (momentum)
 * v ← β2·v + (1 − β2)·g²         second moment (as in RMSProp)
 * m̂ = m / (1 − β1ᵗ)              bias correction: m and v start at 0
 * v̂ = v / (1 − β2ᵗ)
 * w ← w − α·m̂ / (√v̂ + ε)
 * ```
 *
 * The step count t is kept per parameter, so a parameter first updated late
 * still gets its corrections from t = 1.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * import { Adam } from "./adam.ts";
 * const w = param("w", fromArray([[1]]));
 * w.grad.data[0] = 5;
 * new Adam({ lr: 0.01 }).step([w]); // first step: m̂ = g, v̂ = g², so ≈ α·sign(g)
 * console.assert(Math.abs(w.value.data[0] - 0.99) < 1e-8);
 * ```
 */
export class Adam implements Optimizer {
  #lr = 0;
  /** Decay of the first moment. */
  readonly beta1: number;
  /** Decay of the second moment. */
  readonly beta2: number;
  /** The constant added to √v̂. */
  readonly eps: number;
  readonly #moments = new ParamState(["m", "v"]);
  #steps = new WeakMap<Matrix, number>();

  /** Creates the optimizer; throws on a bad `lr`, `eps` (finite, > 0) or β (in [0, 1)). */
  constructor(options: AdamOptions = {}) {
    const { lr = 1e-3, beta1 = 0.9, beta2 = 0.999, eps = 1e-8 } = options;
    this.lr = lr;
    assertFraction("Adam", "beta1", beta1);
    assertFraction("Adam", "beta2", beta2);
    assertPositive("Adam", "eps", eps);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /** The learning rate α; setting it checks it is finite and > 0. */
  get lr(): number {
    return this.#lr;
  }
  set lr(value: number) {
    assertPositive("Adam", "lr", value);
    this.#lr = value;
  }

  /** One Adam update of every element of every parameter. */
  step(params: readonly Param[]): void {
    const lr = this.#lr, b1 = this.beta1, b2 = this.beta2, eps = this.eps;
    for (const p of params) {
      checkGrad("Adam.step", p);
      const t = (this.#steps.get(p.value) ?? 0) + 1;
      this.#steps.set(p.value, t);
      const c1 = 1 - b1 ** t, c2 = 1 - b2 ** t;
      const [mState, vState] = this.#moments.get(p);
      const w = p.value.data, g = p.grad.data, m = mState.data, v = vState.data;
      for (let i = 0; i < w.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    }
  }

  /**
   * The state of `p` by name, `{ m, v }` (the raw, uncorrected moments), as live matrices (do not
   * modify them); `{}` before `p`'s first step.
   */
  state(p: Param): Readonly<Record<string, Matrix>> {
    return this.#moments.peek(p);
  }

  /** Sets both moments and the step counts back to zero. */
  reset(): void {
    this.#moments.clear();
    this.#steps = new WeakMap();
  }
}
