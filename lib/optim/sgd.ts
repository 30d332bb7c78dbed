/**
 * Plain stochastic gradient descent: `w ← w − lr·(g + λ·w)`, with an optional
 * L2 weight decay λ (PyTorch's `weight_decay`; the RNNLM toolkit's `-beta`).
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { Param } from "../layers/param.ts";
import type { Optimizer } from "./optimizer.ts";
import { checkGrad } from "./_state.ts";
import { assertNonNegative, assertPositive } from "./_validate.ts";

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate, finite and > 0. */
  lr: number;
  /**
   * L2 weight decay λ ≥ 0 (default 0): the step is `w ← w − lr·(g + λ·w)`,
   * the gradient of `loss + λ/2·‖w‖²`.
   */
  weightDecay?: number;
}

/**
 * Stochastic gradient descent: every element moves against its gradient,
 * `w ← w − lr·g`, and with weight decay also shrinks towards 0,
 * `w ← w − lr·(g + λ·w)`. It keeps no state.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * import { SGD } from "./sgd.ts";
 * const w = param("w", fromArray([[1]]));
 * w.grad.data[0] = 2;
 * new SGD({ lr: 0.25 }).step([w]);
 * console.assert(w.value.data[0] === 0.5);
 * new SGD({ lr: 0.5, weightDecay: 0.5 }).step([w]); // 0.5 − 0.5·(2 + 0.5·0.5)
 * console.assert(w.value.data[0] === -0.625);
 * ```
 */
export class SGD implements Optimizer {
  #lr = 0;
  /** The L2 weight decay λ (0: none). */
  readonly weightDecay: number;

  /** Creates the optimizer; throws if `lr` is not finite and > 0, or `weightDecay` is not ≥ 0. */
  constructor(options: SGDOptions) {
    this.lr = options.lr;
    const { weightDecay = 0 } = options;
    assertNonNegative("SGD", "weightDecay", weightDecay);
    this.weightDecay = weightDecay;
  }

  /** The learning rate; setting it checks it is finite and > 0. */
  get lr(): number {
    return this.#lr;
  }
  set lr(value: number) {
    assertPositive("SGD", "lr", value);
    this.#lr = value;
  }

  /** `w ← w − lr·(g + λ·w)` for every element of every parameter. */
  step(params: readonly Param[]): void {
    const lr = this.#lr, decay = this.weightDecay;
    for (const p of params) {
      checkGrad("SGD.step", p);
      const w = p.value.data, g = p.grad.data;
      if (decay === 0) {
        for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
      } else {
        for (let i = 0; i < w.length; i++) w[i] -= lr * (g[i] + decay * w[i]);
      }
    }
  }

  /** SGD keeps no state: always `{}`. */
  state(_p: Param): Readonly<Record<string, Matrix>> {
    return {};
  }

  /** SGD has no state; provided for the {@link Optimizer} interface. */
  reset(): void {}
}
