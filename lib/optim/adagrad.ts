/**
 * Adagrad as in Karpathy's min-char-rnn: `mem ← mem + g²`, `w ← w − lr·g/√(mem + eps)`.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { Param } from "../layers/param.ts";
import type { Optimizer } from "./optimizer.ts";
import { checkGrad, ParamState } from "./_state.ts";
import { assertPositive } from "./_validate.ts";

/** Options of {@link Adagrad}. */
export interface AdagradOptions {
  /** Learning rate, finite and > 0. Default 0.1 (min-char-rnn's). */
  lr?: number;
  /** Added inside the square root so a zero history does not divide by zero; > 0. Default 1e-8. */
  eps?: number;
}

/**
 * Adagrad (Duchi, Hazan & Singer 2011) in the form of Karpathy's
 * min-char-rnn.py: each element divides its step by the root of the sum of
 * all its squared gradients so far,
 *
 * ```
 * mem ← mem + g²
 * w   ← w − lr·g / √(mem + eps)
 * ```
 *
 * Elements with large past gradients take smaller steps. The sum only grows,
 * so the effective step size only shrinks. (`eps` sits inside the root, as in
 * min-char-rnn; PyTorch adds it outside.)
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * import { Adagrad } from "./adagrad.ts";
 * const w = param("w", fromArray([[1]]));
 * w.grad.data[0] = 3;
 * new Adagrad({ lr: 0.1, eps: 1e-8 }).step([w]); // first step ≈ lr·sign(g)
 * console.assert(Math.abs(w.value.data[0] - 0.9) < 1e-6);
 * ```
 */
export class Adagrad implements Optimizer {
  #lr = 0;
  /** The constant inside the square root. */
  readonly eps: number;
  readonly #mem = new ParamState(["mem"]);

  /** Creates the optimizer; throws on an `lr` or `eps` that is not finite and > 0. */
  constructor(options: AdagradOptions = {}) {
    const { lr = 0.1, eps = 1e-8 } = options;
    this.lr = lr;
    assertPositive("Adagrad", "eps", eps);
    this.eps = eps;
  }

  /** The learning rate; setting it checks it is finite and > 0. */
  get lr(): number {
    return this.#lr;
  }
  set lr(value: number) {
    assertPositive("Adagrad", "lr", value);
    this.#lr = value;
  }

  /** `mem ← mem + g²`, `w ← w − lr·g/√(mem + eps)` for every element. */
  step(params: readonly Param[]): void {
    const lr = this.#lr, eps = this.eps;
    for (const p of params) {
      checkGrad("Adagrad.step", p);
      const w = p.value.data, g = p.grad.data;
      const mem = this.#mem.get(p)[0].data;
      for (let i = 0; i < w.length; i++) {
        mem[i] += g[i] * g[i];
        w[i] -= (lr * g[i]) / Math.sqrt(mem[i] + eps);
      }
    }
  }

  /**
   * The state of `p` by name, `{ mem }` (the sum of squared gradients), as live matrices (do not
   * modify them); `{}` before `p`'s first step.
   */
  state(p: Param): Readonly<Record<string, Matrix>> {
    return this.#mem.peek(p);
  }

  /** Sets every accumulated sum back to zero. */
  reset(): void {
    this.#mem.clear();
  }
}
