/**
 * The Elman RNN cell: one time step, forward and backward.
 *
 * ```
 * h_t = act(x_t·Wxh + h_{t−1}·Whh + b)        (batches as rows)
 * ```
 *
 * The cell holds only parameters; each forward call returns an {@link RNNStep}
 * that keeps what backward needs, so one cell can serve every time step and
 * the backward pass can walk those steps in reverse.
 *
 * @module
 */

import { assertShape, assertSize, type DType, type Matrix, zeros } from "../core/matrix.ts";
import { activate, activateBackward, addBias, matmul, sumRowsInto } from "../core/ops.ts";
import { type Random, xavierMatrix } from "../random.ts";
import { type HasParams, type Param, param } from "./param.ts";

/** The hidden nonlinearities a recurrent cell accepts. */
export type HiddenActivation = "tanh" | "sigmoid" | "relu";

/** The values of {@link HiddenActivation}, for validation. */
export const HIDDEN_ACTIVATIONS: readonly HiddenActivation[] = ["tanh", "sigmoid", "relu"];

/** Options of {@link RNNCell}. */
export interface RNNCellOptions {
  /** Features of `x_t`. */
  inputSize: number;
  /** Units of `h_t`. */
  hiddenSize: number;
  /** Generator for the Xavier initialisation. */
  rng: Random;
  /** Hidden nonlinearity (default tanh). */
  activation?: HiddenActivation;
  /** Element type (default float64). */
  dtype?: DType;
  /**
   * With `false` the recurrent weight is fixed at zero and not trained, so
   * `h_t = act(x_t·Wxh + b)`: a feed-forward net applied at every step, with
   * no memory. Notebooks use it to show what the recurrence adds. Default true.
   */
  recurrent?: boolean;
}

/** What one forward step keeps for its backward step. */
export interface RNNStep {
  /** Input `x_t` [batch × input]. */
  readonly x: Matrix;
  /** Previous state `h_{t−1}` [batch × hidden]. */
  readonly hPrev: Matrix;
  /** New state `h_t` [batch × hidden]. */
  readonly h: Matrix;
}

/** Input gradients returned by {@link RNNCell.backward}. */
export interface RNNStepGradients {
  /** ∂loss/∂x_t. */
  readonly dx: Matrix;
  /** ∂loss/∂h_{t−1}: flows into the previous step's backward. */
  readonly dhPrev: Matrix;
}

/** Throws unless `activation` is one a recurrent cell supports. */
export function assertHiddenActivation(activation: string): asserts activation is HiddenActivation {
  if (!(HIDDEN_ACTIVATIONS as readonly string[]).includes(activation)) {
    throw new RangeError(
      `activation must be one of ${HIDDEN_ACTIVATIONS.join(", ")}, got "${activation}"`,
    );
  }
}

/**
 * An Elman cell with parameters `Wxh` [input × hidden], `Whh` [hidden × hidden]
 * and `b` [1 × hidden].
 *
 * @example
 * ```ts
 * import { fromArray, Random, RNNCell, zeros } from "../mod.ts";
 * const cell = new RNNCell({ inputSize: 2, hiddenSize: 3, rng: new Random(0) });
 * const step = cell.forward(fromArray([[1, 0]]), zeros(1, 3));
 * const { dx, dhPrev } = cell.backward(fromArray([[1, 1, 1]]), step);
 * console.assert(dx.cols === 2 && dhPrev.cols === 3);
 * ```
 */
export class RNNCell implements HasParams {
  /** Input-to-hidden weight. */
  readonly Wxh: Param;
  /** Hidden-to-hidden (recurrent) weight. */
  readonly Whh: Param;
  /** Bias. */
  readonly b: Param;
  /** Hidden nonlinearity. */
  readonly activation: HiddenActivation;
  /** Whether `Whh` is used and trained (false: no memory, see {@link RNNCellOptions.recurrent}). */
  readonly recurrent: boolean;

  /** Creates the cell with Xavier-initialised weights and zero bias. */
  constructor(options: RNNCellOptions) {
    const { inputSize, hiddenSize, rng, activation = "tanh", dtype = "float64" } = options;
    assertSize("inputSize", inputSize);
    assertSize("hiddenSize", hiddenSize);
    assertHiddenActivation(activation);
    this.activation = activation;
    this.Wxh = param("Wxh", xavierMatrix(rng, inputSize, hiddenSize, dtype));
    this.Whh = param("Whh", xavierMatrix(rng, hiddenSize, hiddenSize, dtype));
    this.b = param("b", zeros(1, hiddenSize, dtype));
    this.recurrent = options.recurrent ?? true;
    if (!this.recurrent) this.Whh.value.zero();
  }

  /** `[Wxh, Whh, b]` (without `Whh` when not recurrent). */
  get params(): Param[] {
    return this.recurrent ? [this.Wxh, this.Whh, this.b] : [this.Wxh, this.b];
  }

  /** Input features. */
  get inputSize(): number {
    return this.Wxh.value.rows;
  }

  /** Hidden units. */
  get hiddenSize(): number {
    return this.Whh.value.rows;
  }

  /** `h = act(x·Wxh + hPrev·Whh + b)`. */
  forward(x: Matrix, hPrev: Matrix): RNNStep {
    assertShape("RNNCell input x", x, x.rows, this.inputSize);
    assertShape("RNNCell state hPrev", hPrev, x.rows, this.hiddenSize);
    const a = matmul(x, this.Wxh.value);
    if (this.recurrent) matmul(hPrev, this.Whh.value, { out: a, accumulate: true });
    addBias(a, this.b.value);
    const h = activate(this.activation, a, a);
    return { x, hPrev, h };
  }

  /**
   * Backward through one step, mirroring forward line by line: `da = dh ⊙
   * act'(a)`, then the three products. Parameter gradients are *added*, so
   * calling this for every step sums the contributions of all time steps.
   */
  backward(dh: Matrix, step: RNNStep): RNNStepGradients {
    const { x, hPrev, h } = step;
    assertShape("RNNCell gradient dh", dh, h.rows, h.cols);
    const da = activateBackward(this.activation, h, dh);
    matmul(x, da, { transA: true, out: this.Wxh.grad, accumulate: true });
    if (this.recurrent) matmul(hPrev, da, { transA: true, out: this.Whh.grad, accumulate: true });
    sumRowsInto(da, this.b.grad);
    const dx = matmul(da, this.Wxh.value, { transB: true });
    const dhPrev = matmul(da, this.Whh.value, { transB: true }); // zeros when not recurrent
    return { dx, dhPrev };
  }
}
