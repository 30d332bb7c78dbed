/**
 * The interface every optimizer follows.
 *
 * An optimizer reads `param.grad` and updates `param.value` in place. It keeps
 * whatever per-parameter state it needs (velocities, running averages),
 * allocated on the first step with the parameter's dtype, so a float32 model
 * stays float32.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { Param } from "../layers/param.ts";

/** Anything with a learning rate a schedule can read and change. */
export interface HasLearningRate {
  /** The learning rate (step size) used by the next step. */
  lr: number;
}

/**
 * A gradient-based update rule over a list of parameters.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * import { SGD } from "./sgd.ts";
 * import type { Optimizer } from "./optimizer.ts";
 * const w = param("w", fromArray([[1, 2]]));
 * w.grad.data.set([0.5, -1]);
 * const opt: Optimizer = new SGD({ lr: 0.1 });
 * opt.step([w]);
 * console.assert(Math.abs(w.value.get(0, 1) - 2.1) < 1e-12);
 * ```
 */
export interface Optimizer extends HasLearningRate {
  /**
   * The learning rate. Mutable so schedules can change it between steps;
   * setting a value that is not finite and > 0 throws.
   */
  lr: number;
  /** Applies one update to every parameter, using its current `grad`. */
  step(params: readonly Param[]): void;
  /**
   * The per-parameter state of `p` by name (e.g. Adam's `m` and `v`), the
   * live matrices, for inspection and charts; `{}` before `p`'s first step.
   */
  state(p: Param): Readonly<Record<string, Matrix>>;
  /** Forgets the per-parameter state, as if no step had been taken. */
  reset(): void;
}
