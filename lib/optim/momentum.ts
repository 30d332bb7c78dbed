/**
 * SGD with classical momentum: `v ← μ·v − lr·g`, `w ← w + v`.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { Param } from "../layers/param.ts";
import type { Optimizer } from "./optimizer.ts";
import { checkGrad, ParamState } from "./_state.ts";
import { assertFraction, assertPositive } from "./_validate.ts";

/** Options of {@link Momentum}. */
export interface MomentumOptions {
  /** Learning rate, finite and > 0. */
  lr: number;
  /** Momentum μ in [0, 1); how much of the previous velocity is kept. Default 0.9. */
  momentum?: number;
}

/**
 * Classical momentum (Polyak's heavy ball, as in Sutskever et al. 2013):
 * a velocity accumulates past gradients and the weights follow it,
 *
 * ```
 * v ← μ·v − lr·g
 * w ← w + v
 * ```
 *
 * The velocity starts at zero, so the first step equals SGD's. With μ = 0 it
 * is plain SGD.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * import { Momentum } from "./momentum.ts";
 * const w = param("w", fromArray([[0]]));
 * const opt = new Momentum({ lr: 1, momentum: 0.5 });
 * w.grad.data[0] = 1;
 * opt.step([w]); // v = −1, w = −1
 * opt.step([w]); // v = 0.5·(−1) − 1 = −1.5, w = −2.5
 * console.assert(w.value.data[0] === -2.5);
 * ```
 */
export class Momentum implements Optimizer {
  #lr = 0;
  /** The momentum μ. */
  readonly momentum: number;
  readonly #velocity = new ParamState(["v"]);

  /** Creates the optimizer; throws on an `lr` that is not finite and > 0 or μ outside [0, 1). */
  constructor(options: MomentumOptions) {
    this.lr = options.lr;
    const { momentum = 0.9 } = options;
    assertFraction("Momentum", "momentum", momentum);
    this.momentum = momentum;
  }

  /** The learning rate; setting it checks it is finite and > 0. */
  get lr(): number {
    return this.#lr;
  }
  set lr(value: number) {
    assertPositive("Momentum", "lr", value);
    this.#lr = value;
  }

  /** `v ← μ·v − lr·g`, `w ← w + v` for every element of every parameter. */
  step(params: readonly Param[]): void {
    const lr = this.#lr, mu = this.momentum;
    for (const p of params) {
      checkGrad("Momentum.step", p);
      const w = p.value.data, g = p.grad.data;
      const v = this.#velocity.get(p)[0].data;
      for (let i = 0; i < w.length; i++) {
        v[i] = mu * v[i] - lr * g[i];
        w[i] += v[i];
      }
    }
  }

  /**
   * The state of `p` by name, `{ v }` (the velocity), as live matrices (do not
   * modify them); `{}` before `p`'s first step.
   */
  state(p: Param): Readonly<Record<string, Matrix>> {
    return this.#velocity.peek(p);
  }

  /** Sets every velocity back to zero. */
  reset(): void {
    this.#velocity.clear();
  }
}
