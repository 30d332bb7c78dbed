/**
 * What the Elman RNN, the LSTM and the GRU share when they run over a batch
 * of sequences: choosing the initial state (given, carried, or zeros),
 * carrying the final state, reading each sequence's final state at its own
 * last real step, and routing a gradient on the final state back to that
 * step. A cell type only writes its loop over time ({@link TimeLayer.run})
 * and the loop back ({@link TimeLayer.runBackward}).
 *
 * @module
 */

import { type DType, Matrix, shapeString } from "../core/matrix.ts";
import { rowSlice } from "../core/ops.ts";
import type { SequenceBatch } from "../core/sequence_batch.ts";
import { gatherLast, scatterLast } from "../core/sequence_ops.ts";
import type { Param } from "./param.ts";
import type {
  RecurrentGradients,
  RecurrentLayer,
  RecurrentPass,
  RecurrentState,
} from "./recurrent.ts";

/** What a cell type's loop over time returns. */
export interface TimeRun<C> {
  /** Every step's state, one `[T·B × H]` matrix per state name; `states[0]` is h, the output. */
  readonly states: Matrix[];
  /** Other per-step values worth charting (gates), each `[T·B × H]`. */
  readonly gates?: Readonly<Record<string, Matrix>>;
  /** What the loop back needs. */
  readonly cache: C;
}

/** A pass of a {@link TimeLayer}: the common fields and the cell type's cache. */
export interface TimePass<C> extends RecurrentPass {
  /** What {@link TimeLayer.runBackward} needs. */
  readonly cache: C;
}

/** What a time layer needs of the cell that every step shares. */
export interface StepCell {
  /** The cell's parameters, named as in the math. */
  readonly params: Param[];
  /** Features per input step. */
  readonly inputSize: number;
  /** Hidden units H. */
  readonly hiddenSize: number;
}

/**
 * The common half of a single-layer, left-to-right recurrent layer: `Cell`
 * is the cell whose parameters every step shares, `C` what the loop over
 * time keeps for the loop back.
 */
export abstract class TimeLayer<C, Cell extends StepCell = StepCell> implements RecurrentLayer {
  /** Carry the final state into the next `forward(xs)` call. */
  stateful: boolean;
  /** The carried state. */
  state: RecurrentState | undefined;
  /** The cell whose parameters every step shares. */
  readonly cell: Cell;

  /** A layer over `cell`, stateful (truncated BPTT) unless told otherwise. */
  constructor(cell: Cell, stateful = true) {
    this.cell = cell;
    this.stateful = stateful;
  }

  /** The cell type, e.g. `"rnn"`. */
  abstract readonly kind: string;
  /** Names of the state's parts: `["h"]` or `["h", "c"]`. */
  abstract readonly stateNames: readonly string[];

  /** The cell's parameters. */
  get params(): Param[] {
    return this.cell.params;
  }

  /** Features per input step. */
  get inputSize(): number {
    return this.cell.inputSize;
  }

  /** Hidden units H. */
  get hiddenSize(): number {
    return this.cell.hiddenSize;
  }

  /** Element type (that of the cell's parameters). */
  get dtype(): DType {
    return this.cell.params[0].value.dtype;
  }

  /**
   * The loop over time: from `initial` (one `[B × H]` per state name) over
   * `xs` `[T·B × input]`, every step's states.
   */
  protected abstract run(xs: Matrix, batchSize: number, initial: RecurrentState): TimeRun<C>;

  /**
   * The loop back: from `dStates` (for each state name, the gradient arriving
   * from outside at every step, `[T·B × H]`, or undefined for none; read-only:
   * `dStates[0]` may be the caller's `dys`), adds into the parameter gradients
   * and returns ∂loss/∂xs and ∂loss/∂initial.
   */
  protected abstract runBackward(
    cache: C,
    dStates: (Matrix | undefined)[],
    batchSize: number,
  ): RecurrentGradients;

  /** Outputs have H features. */
  get outputSize(): number {
    return this.hiddenSize;
  }

  /** Every part of the state has H units. */
  get stateSize(): number {
    return this.hiddenSize;
  }

  /** Forgets the carried state. */
  resetState(): void {
    this.state = undefined;
  }

  /** Zeros, one `[B × H]` per state name. */
  zeroState(batchSize: number): RecurrentState {
    return this.stateNames.map(() => new Matrix(batchSize, this.hiddenSize, this.dtype));
  }

  /** Runs over `xs` from `initial`, the carried state, or zeros (see `recurrent.ts`). */
  forward(xs: SequenceBatch, initial?: RecurrentState): TimePass<C> {
    const B = xs.batchSize;
    if (xs.data.cols !== this.inputSize || xs.data.dtype !== this.dtype) {
      throw new RangeError(
        `${this.kind}: input is ${shapeString(xs.data)} ${xs.data.dtype}, ` +
          `expected ${this.inputSize} ${this.dtype} features per row`,
      );
    }
    const carried = this.stateful ? this.state : undefined;
    const start = initial ?? carried ?? this.zeroState(B);
    this.#checkState(initial ? "initial state" : "carried state", start, B);
    const { states, gates, cache } = this.run(xs.data, B, start);
    const final = states.map((s) => lastStates(xs.with(s)));
    if (initial === undefined && this.stateful) this.state = final.map((m) => m.clone());
    const trace: Record<string, Matrix> = { ...gates };
    this.stateNames.forEach((name, k) => (trace[name] = states[k]));
    return { ys: xs.with(states[0]), initial: start, final, trace, layer: this, cache };
  }

  /** Backward through time; `dFinal` enters at each sequence's last real step. */
  backward(dys: Matrix, pass: RecurrentPass, dFinal?: RecurrentState): RecurrentGradients {
    if (pass.layer !== this) {
      throw new Error(`${this.kind}.backward: the pass was made by another layer`);
    }
    const layout = pass.ys;
    if (dys.rows !== layout.rows || dys.cols !== this.hiddenSize) {
      throw new RangeError(
        `${this.kind}.backward: gradient is ${
          shapeString(dys)
        }, expected ${layout.rows}×${this.hiddenSize}`,
      );
    }
    if (dFinal) this.#checkState("final-state gradient", dFinal, layout.batchSize);
    const dStates = this.stateNames.map((_, k) => {
      // No copy of dys unless dFinal is added into it (copies of fresh memory are dear).
      const base = k === 0 ? (dFinal ? dys.clone() : dys) : undefined;
      return dFinal ? scatterLast(dFinal[k], layout, base) : base;
    });
    return this.runBackward((pass as TimePass<C>).cache, dStates, layout.batchSize);
  }

  #checkState(what: string, state: RecurrentState, B: number): void {
    const H = this.hiddenSize;
    if (state.length !== this.stateNames.length) {
      throw new RangeError(
        `${this.kind}: ${what} has ${state.length} parts, expected ${this.stateNames.length} (${
          this.stateNames.join(", ")
        })`,
      );
    }
    state.forEach((m, k) => {
      if (m.rows !== B || m.cols !== H || m.dtype !== this.dtype) {
        throw new RangeError(
          `${this.kind}: ${what} ${this.stateNames[k]} is ${shapeString(m)} ${m.dtype}, expected ` +
            `${B}×${H} ${this.dtype}` +
            (what === "carried state" ? " (call resetState() when the batch size changes)" : ""),
        );
      }
    });
  }
}

/** Each sequence's state at its last real step `[B × H]` (the last block when all are full). */
export function lastStates(states: SequenceBatch): Matrix {
  const { batchSize: B, steps: T } = states;
  if (states.lengths.every((n) => n === T)) return rowSlice(states.data, (T - 1) * B, B);
  return gatherLast(states);
}
