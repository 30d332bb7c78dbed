/**
 * The bidirectional recurrent layer: one layer reads each sequence left to
 * right, another (of the same kind) right to left, and each step's output is
 * both states side by side.
 *
 * ```
 * h→_t = cell→(x_t, h→_{t−1})     t = 0 … len−1
 * h←_t = cell←(x_t, h←_{t+1})     t = len−1 … 0
 * y_t  = [h→_t | h←_t]            [T·B × 2H]
 * ```
 *
 * The right-to-left pass is the plain layer run on each sequence reversed
 * *within its length* ({@link reverseInTime}), so it starts at the sequence's
 * last real token, never in the padding; its outputs are reversed back so that
 * row `t·B + b` of both halves belongs to the same token. A bidirectional
 * layer reads whole sequences, so it cannot carry a state between calls.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import { addScaled, concatColumns, splitColumns } from "../core/ops.ts";
import type { SequenceBatch } from "../core/sequence_batch.ts";
import { reverseInTime } from "../core/sequence_ops.ts";
import { type Param, prefixed } from "./param.ts";
import type {
  RecurrentGradients,
  RecurrentLayer,
  RecurrentPass,
  RecurrentState,
} from "./recurrent.ts";

/** A bidirectional layer's pass: one per direction. */
export interface BidirectionalPass extends RecurrentPass {
  /** The left-to-right layer's pass. */
  readonly forwardPass: RecurrentPass;
  /** The right-to-left layer's pass (over the reversed sequences). */
  readonly backwardPass: RecurrentPass;
}

/**
 * Two recurrent layers, outputs concatenated `[T·B × 2H]`. Parameters are
 * prefixed `fwd.` and `bwd.`; the state is `[fwd…, bwd…]` (the right-to-left
 * layer's final state is its state after reading back to the first token).
 *
 * @example
 * ```ts
 * import { Bidirectional, gaussianMatrix, Random, RNN, SequenceBatch } from "../mod.ts";
 * const rng = new Random(0);
 * const make = () => new RNN({ inputSize: 3, hiddenSize: 4, rng, stateful: false });
 * const birnn = new Bidirectional(make(), make());
 * const xs = new SequenceBatch(gaussianMatrix(rng, 5 * 2, 3), { batchSize: 2, lengths: [5, 3] });
 * const pass = birnn.forward(xs); // the second sequence has 2 padding steps
 * console.assert(pass.ys.data.rows === 10 && pass.ys.data.cols === 8);
 * ```
 */
export class Bidirectional implements RecurrentLayer {
  /** Reads left to right. */
  readonly forwardLayer: RecurrentLayer;
  /** Reads right to left (on reversed sequences). */
  readonly backwardLayer: RecurrentLayer;

  /** Pairs two stateless layers of the same shape. */
  constructor(forwardLayer: RecurrentLayer, backwardLayer: RecurrentLayer) {
    for (const [name, layer] of [["forward", forwardLayer], ["backward", backwardLayer]] as const) {
      if (layer.stateful) {
        throw new RangeError(
          `Bidirectional: the ${name} layer must be stateless (stateful: false)`,
        );
      }
    }
    const same = forwardLayer.inputSize === backwardLayer.inputSize &&
      forwardLayer.outputSize === backwardLayer.outputSize &&
      forwardLayer.dtype === backwardLayer.dtype &&
      forwardLayer.stateNames.join() === backwardLayer.stateNames.join();
    if (!same) {
      throw new RangeError(
        `Bidirectional: the two layers differ (${forwardLayer.kind} ${forwardLayer.inputSize}→` +
          `${forwardLayer.outputSize} vs ${backwardLayer.kind} ${backwardLayer.inputSize}→` +
          `${backwardLayer.outputSize})`,
      );
    }
    this.forwardLayer = forwardLayer;
    this.backwardLayer = backwardLayer;
  }

  /** E.g. `"bidirectional(gru)"`. */
  get kind(): string {
    return `bidirectional(${this.forwardLayer.kind})`;
  }

  /** Left-to-right parameters prefixed `fwd.`, then right-to-left ones prefixed `bwd.`. */
  get params(): Param[] {
    return [
      ...prefixed("fwd", this.forwardLayer.params),
      ...prefixed("bwd", this.backwardLayer.params),
    ];
  }

  /** Features per input step. */
  get inputSize(): number {
    return this.forwardLayer.inputSize;
  }

  /** Hidden units per direction. */
  get hiddenSize(): number {
    return this.forwardLayer.outputSize;
  }

  /** `2 · hiddenSize`. */
  get outputSize(): number {
    return 2 * this.hiddenSize;
  }

  /** Element type of the parameters. */
  get dtype(): DType {
    return this.forwardLayer.dtype;
  }

  /** `fwd.h`, … then `bwd.h`, …. */
  get stateNames(): string[] {
    const names = this.forwardLayer.stateNames;
    return [...names.map((n) => `fwd.${n}`), ...names.map((n) => `bwd.${n}`)];
  }

  /** Units of each part of the state. */
  get stateSize(): number {
    return this.forwardLayer.stateSize;
  }

  /** Always false: a bidirectional layer reads whole sequences. */
  get stateful(): boolean {
    return false;
  }
  set stateful(value: boolean) {
    if (value) throw new RangeError("Bidirectional: cannot be stateful (it reads whole sequences)");
  }

  /** Always undefined. */
  get state(): RecurrentState | undefined {
    return undefined;
  }
  set state(value: RecurrentState | undefined) {
    if (value !== undefined) throw new RangeError("Bidirectional: cannot carry a state");
  }

  /** Nothing to forget. */
  resetState(): void {}

  /** Both directions' zero states. */
  zeroState(batchSize: number): RecurrentState {
    return [...this.forwardLayer.zeroState(batchSize), ...this.backwardLayer.zeroState(batchSize)];
  }

  /** `[h→ | h←]` for every step. */
  forward(xs: SequenceBatch, initial?: RecurrentState): BidirectionalPass {
    const start = initial ?? this.zeroState(xs.batchSize);
    const [startF, startB] = this.#split(start, "initial state");
    const forwardPass = this.forwardLayer.forward(xs, startF);
    const backwardPass = this.backwardLayer.forward(reverseInTime(xs), startB);
    const hb = reverseInTime(backwardPass.ys).data;
    const trace: Record<string, Matrix> = {};
    for (const [name, m] of Object.entries(forwardPass.trace)) trace[`fwd.${name}`] = m;
    for (const [name, m] of Object.entries(backwardPass.trace)) {
      trace[`bwd.${name}`] = reverseInTime(xs.with(m)).data;
    }
    return {
      ys: xs.with(concatColumns(forwardPass.ys.data, hb)),
      initial: start,
      final: [...forwardPass.final, ...backwardPass.final],
      trace,
      layer: this,
      forwardPass,
      backwardPass,
    };
  }

  /** Splits `dys` into the two halves, runs both backward, adds their input gradients. */
  backward(dys: Matrix, pass: RecurrentPass, dFinal?: RecurrentState): RecurrentGradients {
    if (pass.layer !== this) {
      throw new Error("Bidirectional.backward: the pass was made by another layer");
    }
    const { forwardPass, backwardPass } = pass as BidirectionalPass;
    if (dys.cols !== this.outputSize) {
      throw new RangeError(
        `Bidirectional gradient: expected ${this.outputSize} columns, got ${dys.cols}`,
      );
    }
    const [dFinalF, dFinalB] = dFinal ? this.#split(dFinal, "final-state gradient") : [];
    const [dhf, dhb] = splitColumns(dys, this.hiddenSize);
    const gf = this.forwardLayer.backward(dhf, forwardPass, dFinalF);
    const layout = pass.ys;
    const gb = this.backwardLayer.backward(
      reverseInTime(layout.with(dhb)).data,
      backwardPass,
      dFinalB,
    );
    const dxs = addScaled(gf.dxs, reverseInTime(layout.with(gb.dxs)).data);
    return { dxs, dInitial: [...gf.dInitial, ...gb.dInitial] };
  }

  #split(state: RecurrentState, what: string): [RecurrentState, RecurrentState] {
    const n = this.forwardLayer.stateNames.length;
    if (state.length !== 2 * n) {
      throw new RangeError(
        `Bidirectional: ${what} has ${state.length} parts, expected ${2 * n} (${
          this.stateNames.join(", ")
        })`,
      );
    }
    return [state.slice(0, n), state.slice(n)];
  }
}
