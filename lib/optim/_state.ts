/**
 * Per-parameter optimizer state (velocities, squared-gradient averages),
 * allocated lazily on the first step with the parameter's shape and dtype.
 *
 * The state is keyed by the parameter's `value` matrix, not by the `Param`
 * record: `prefixed()` makes new records around the same matrices, so a model
 * that builds its `params` list on every access still finds its state.
 *
 * @module
 */

import { assertSameShape, type Matrix, zeros } from "../core/matrix.ts";
import type { Param } from "../layers/param.ts";

/** One lazily allocated slot of state per parameter: one zero matrix per name. */
export class ParamState {
  #slots = new WeakMap<Matrix, Matrix[]>();
  readonly #names: readonly string[];

  /** `names` are the state's names in the math (`v`, `mem`, `m`…), one matrix each. */
  constructor(names: readonly string[]) {
    this.#names = names;
  }

  /** The state matrices of `p`, created as zeros (same shape and dtype as `p.value`) on first use. */
  get(p: Param): Matrix[] {
    let slot = this.#slots.get(p.value);
    if (slot === undefined) {
      const { rows, cols, dtype } = p.value;
      slot = this.#names.map(() => zeros(rows, cols, dtype));
      this.#slots.set(p.value, slot);
    }
    return slot;
  }

  /** The state of `p` by name (the live matrices), or `{}` before its first step. */
  peek(p: Param): Record<string, Matrix> {
    const slot = this.#slots.get(p.value);
    if (slot === undefined) return {};
    return Object.fromEntries(this.#names.map((name, i) => [name, slot[i]]));
  }

  /** Forgets all state (the next step starts fresh). */
  clear(): void {
    this.#slots = new WeakMap();
  }
}

/** Throws unless `p.grad` has the shape of `p.value`, naming the caller and the parameter. */
export function checkGrad(owner: string, p: Param): void {
  assertSameShape(`${owner}: parameter ${p.name} value vs grad`, p.value, p.grad);
}
