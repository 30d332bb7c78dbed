/**
 * Plain stochastic gradient descent: `w ← w − lr·g`.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { Param } from "../layers/param.ts";
import type { Optimizer } from "./optimizer.ts";
import { checkGrad } from "./_state.ts";
import { assertPositive } from "./_validate.ts";

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate, finite and > 0. */
  lr: number;
}

/**
 * Stochastic gradient descent: every element moves against its gradient,
 * `w ← w − lr·g`. It keeps no state.
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
 * ```
 */
export class SGD implements Optimizer {
  #lr = 0;

  /** Creates the optimizer; throws if `lr` is not finite and > 0. */
  constructor(options: SGDOptions) {
    this.lr = options.lr;
  }

  /** The learning rate; setting it checks it is finite and > 0. */
  get lr(): number {
    return this.#lr;
  }
  set lr(value: number) {
    assertPositive("SGD", "lr", value);
    this.#lr = value;
  }

  /** `w ← w − lr·g` for every element of every parameter. */
  step(params: readonly Param[]): void {
    const lr = this.#lr;
    for (const p of params) {
      checkGrad("SGD.step", p);
      const w = p.value.data, g = p.grad.data;
      for (let i = 0; i < w.length; i++) w[i] -= lr * g[i];
    }
  }

  /** SGD keeps no state: always `{}`. */
  state(_p: Param): Readonly<Record<string, Matrix>> {
    return {};
  }

  /** SGD has no state; provided for the {@link Optimizer} interface. */
  reset(): void {}
}
