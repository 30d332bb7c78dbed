/**
 * The stacked (deep) recurrent layer: L recurrent layers of any kind, where
 * the outputs of layer l are the inputs of layer l + 1.
 *
 * ```
 * h⁽⁰⁾_t = cell⁽⁰⁾(x_t, h⁽⁰⁾_{t−1})
 * h⁽ˡ⁾_t = cell⁽ˡ⁾(h⁽ˡ⁻¹⁾_t, h⁽ˡ⁾_{t−1})      l = 1 … L−1
 * ```
 *
 * Backward runs the layers in reverse: the input gradient of layer l + 1 is
 * the output gradient of layer l. The state is every layer's state, bottom
 * first (`l0.h`, `l1.h`, or `l0.h`, `l0.c`, `l1.h`, `l1.c` for LSTMs), and it
 * is the stack that carries it between calls.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import type { SequenceBatch } from "../core/sequence_batch.ts";
import { type Param, prefixed } from "./param.ts";
import type {
  RecurrentGradients,
  RecurrentLayer,
  RecurrentPass,
  RecurrentState,
} from "./recurrent.ts";

/** A stack's pass: the pass of every layer, bottom first. */
export interface StackedPass extends RecurrentPass {
  /** One pass per layer, bottom first. */
  readonly passes: readonly RecurrentPass[];
}

/**
 * L recurrent layers on top of each other. Parameters of layer l are prefixed
 * `l0.`, `l1.`, … (`l1.Wxh`, `l0.fwd.Whh`).
 *
 * @example
 * ```ts
 * import { gaussianMatrix, Random, RNN, SequenceBatch, Stacked } from "../mod.ts";
 * const rng = new Random(0);
 * const deep = new Stacked([
 *   new RNN({ inputSize: 3, hiddenSize: 4, rng }),
 *   new RNN({ inputSize: 4, hiddenSize: 4, rng }),
 * ]);
 * const pass = deep.forward(new SequenceBatch(gaussianMatrix(rng, 6, 3), { batchSize: 2 }));
 * console.assert(pass.ys.data.cols === 4 && deep.params[3].name === "l1.Wxh");
 * console.assert(deep.stateNames.join() === "l0.h,l1.h" && pass.final.length === 2);
 * ```
 */
export class Stacked implements RecurrentLayer {
  /** The layers, bottom (reads the input) first. */
  readonly layers: readonly RecurrentLayer[];
  /** Carry the final state of every layer into the next `forward(xs)`. */
  stateful: boolean;
  /** The carried state. */
  state: RecurrentState | undefined;

  /** Stacks `layers` (each reads the previous one's outputs); they are used stateless. */
  constructor(layers: readonly RecurrentLayer[], options: { stateful?: boolean } = {}) {
    if (layers.length === 0) throw new RangeError("Stacked: needs at least one layer");
    layers.forEach((layer, l) => {
      if (l > 0 && layer.inputSize !== layers[l - 1].outputSize) {
        throw new RangeError(
          `Stacked: layer ${l} reads ${layer.inputSize} features but layer ${l - 1} ` +
            `outputs ${layers[l - 1].outputSize}`,
        );
      }
      if (layer.dtype !== layers[0].dtype) {
        throw new TypeError(`Stacked: layer ${l} is ${layer.dtype}, layer 0 ${layers[0].dtype}`);
      }
    });
    this.layers = layers;
    this.stateful = options.stateful ?? true;
  }

  /** E.g. `"stacked(2×lstm)"`. */
  get kind(): string {
    const kinds = [...new Set(this.layers.map((l) => l.kind))];
    return `stacked(${this.layers.length}×${kinds.join("/")})`;
  }

  /** Every layer's parameters, bottom first, prefixed `l<index>.`. */
  get params(): Param[] {
    return this.layers.flatMap((layer, l) => prefixed(`l${l}`, layer.params));
  }

  /** Features per input step of the bottom layer. */
  get inputSize(): number {
    return this.layers[0].inputSize;
  }

  /** Features per output step of the top layer. */
  get outputSize(): number {
    return this.layers[this.layers.length - 1].outputSize;
  }

  /** Element type of the parameters. */
  get dtype(): DType {
    return this.layers[0].dtype;
  }

  /** Every layer's state names, prefixed `l<index>.`. */
  get stateNames(): string[] {
    return this.layers.flatMap((layer, l) => layer.stateNames.map((n) => `l${l}.${n}`));
  }

  /** Units of each part (the bottom layer's; layers may differ, see each layer). */
  get stateSize(): number {
    return this.layers[0].stateSize;
  }

  /** Forgets the carried state. */
  resetState(): void {
    this.state = undefined;
  }

  /** Every layer's zero state, bottom first. */
  zeroState(batchSize: number): RecurrentState {
    return this.layers.flatMap((layer) => layer.zeroState(batchSize));
  }

  /** Runs the layers bottom to top; the top layer's outputs are the outputs. */
  forward(xs: SequenceBatch, initial?: RecurrentState): StackedPass {
    const start = initial ?? (this.stateful ? this.state : undefined) ??
      this.zeroState(xs.batchSize);
    const starts = this.#split(start, "initial state");
    const passes: RecurrentPass[] = [];
    let input = xs;
    this.layers.forEach((layer, l) => {
      const pass = layer.forward(input, starts[l]);
      passes.push(pass);
      input = pass.ys;
    });
    const final = passes.flatMap((p) => p.final);
    if (initial === undefined && this.stateful) this.state = final.map((m) => m.clone());
    const trace: Record<string, Matrix> = { ...passes[passes.length - 1].trace };
    passes.forEach((p, l) => {
      for (const [name, m] of Object.entries(p.trace)) trace[`l${l}.${name}`] = m;
    });
    return { ys: input, initial: start, final, trace, layer: this, passes };
  }

  /** Backward through the layers top to bottom; returns the bottom input's gradient. */
  backward(dys: Matrix, pass: RecurrentPass, dFinal?: RecurrentState): RecurrentGradients {
    if (pass.layer !== this) {
      throw new Error("Stacked.backward: the pass was made by another layer");
    }
    const { passes } = pass as StackedPass;
    const dFinals = dFinal ? this.#split(dFinal, "final-state gradient") : undefined;
    const dInitials: RecurrentState[] = [];
    let d = dys;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const grads = this.layers[l].backward(d, passes[l], dFinals?.[l]);
      dInitials[l] = grads.dInitial;
      d = grads.dxs;
    }
    return { dxs: d, dInitial: dInitials.flat() };
  }

  /** Cuts a whole-stack state into one group per layer. */
  #split(state: RecurrentState, what: string): RecurrentState[] {
    const total = this.layers.reduce((n, layer) => n + layer.stateNames.length, 0);
    if (state.length !== total) {
      throw new RangeError(
        `Stacked: ${what} has ${state.length} parts, expected ${total} (${
          this.stateNames.join(", ")
        })`,
      );
    }
    let at = 0;
    return this.layers.map((layer) => state.slice(at, at += layer.stateNames.length));
  }
}
