/**
 * The GRU cell (Cho et al. 2014): one time step, forward and backward.
 * Batches are rows; gate blocks r, z, n as in PyTorch.
 *
 * ```
 * r = σ(x·Wx_r + h_{t−1}·Wh_r + b_r)          reset gate
 * z = σ(x·Wx_z + h_{t−1}·Wh_z + b_z)          update gate
 * n = tanh(x·Wx_n + b_n + r ⊙ (h_{t−1}·Wh_n + b_hn))   candidate (PyTorch's form)
 * n = tanh(x·Wx_n + b_n + (r ⊙ h_{t−1})·Wh_n)           candidate (Cho et al.'s form)
 * h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
 * ```
 *
 * z keeps the old state (z = 1: h_t = h_{t−1}), as in Cho et al. and PyTorch;
 * some papers swap z and 1 − z. One update gate both forgets and writes, there
 * is no output gate and no separate cell state: three gate blocks where the
 * LSTM has four.
 *
 * The two forms differ in where the reset acts. PyTorch (and cuDNN) apply it
 * *after* the recurrent product, with a bias `b_hn` of its own inside the
 * product: folding `b_hn` into `b_n` would change the outputs, since `r`
 * scales it. Cho et al. apply it *before* the product (`variant: "cho"`).
 *
 * This file is the readable oracle: the {@link GRU} layer runs the same
 * arithmetic over a whole sequence with fused kernels, and a test checks the
 * two agree.
 *
 * @module
 */

import { assertShape, assertSize, type DType, Matrix, zeros } from "../core/matrix.ts";
import { addBias, matmul, sumRowsInto } from "../core/ops.ts";
import { requireOneOf } from "../core/guards.ts";
import type { Random } from "../random.ts";
import {
  add,
  addIntoColumns,
  gateBlocks,
  gateWeights,
  joinGates,
  mul,
  oneMinus,
  sigmoidOf,
  sigmoidSlope,
  sub,
  tanhOf,
  tanhSlope,
} from "./_gates.ts";
import { type HasParams, type Param, param } from "./param.ts";

/** Where the reset gate acts: after the recurrent product (PyTorch) or before it (Cho et al.). */
export type GRUVariant = "pytorch" | "cho";

/** Options of {@link GRUCell} (and of the {@link GRU} layer). */
export interface GRUCellOptions {
  /** Features of `x_t`. */
  inputSize: number;
  /** Units of `h_t`. */
  hiddenSize: number;
  /** Generator for the initialisation. */
  rng: Random;
  /** Element type (default float64). */
  dtype?: DType;
  /** `"pytorch"` (default) or `"cho"`. */
  variant?: GRUVariant;
}

/** What one forward step keeps for its backward step (every value `[B × H]`). */
export interface GRUStep {
  /** Input `x_t` `[B × input]`. */
  readonly x: Matrix;
  /** The previous hidden state `h_{t−1}`. */
  readonly hPrev: Matrix;
  /** Reset gate `r = σ(…)`. */
  readonly r: Matrix;
  /** Update gate `z = σ(…)`. */
  readonly z: Matrix;
  /** Candidate `n = tanh(…)`. */
  readonly n: Matrix;
  /** What the reset gate multiplies: `h_{t−1}·Wh_n + b_hn` (PyTorch) or `h_{t−1}` (Cho). */
  readonly hn: Matrix;
  /** The new state. */
  readonly h: Matrix;
}

/** Input gradients returned by {@link GRUCell.backward}. */
export interface GRUStepGradients {
  /** ∂loss/∂x_t. */
  readonly dx: Matrix;
  /** ∂loss/∂h_{t−1}. */
  readonly dhPrev: Matrix;
}

/**
 * A GRU cell with parameters `Wx` `[input × 3H]`, `Wh` `[H × 3H]`, `b`
 * `[1 × 3H]` (gate blocks r, z, n) and, in PyTorch's form, `bhn` `[1 × H]`.
 *
 * @example
 * ```ts
 * import { fromArray, GRUCell, Random, zeros } from "../mod.ts";
 * const cell = new GRUCell({ inputSize: 2, hiddenSize: 3, rng: new Random(0) });
 * const step = cell.forward(fromArray([[1, 0]]), zeros(1, 3));
 * const { dx, dhPrev } = cell.backward(fromArray([[1, 1, 1]]), step);
 * console.assert(step.h.cols === 3 && dx.cols === 2 && dhPrev.cols === 3);
 * ```
 */
export class GRUCell implements HasParams {
  /** Input weights of all gates. */
  readonly Wx: Param;
  /** Recurrent weights of all gates. */
  readonly Wh: Param;
  /** Biases of all gates (the n block is `b_in` in PyTorch's names). */
  readonly b: Param;
  /** The bias inside the reset product, PyTorch's `b_hn` (undefined in Cho's form). */
  readonly bhn?: Param;
  /** Where the reset gate acts. */
  readonly variant: GRUVariant;

  /** Creates the cell: gate weights Xavier-uniform per gate, biases 0. */
  constructor(options: GRUCellOptions) {
    const { inputSize, hiddenSize: H, rng, dtype = "float64", variant = "pytorch" } = options;
    assertSize("inputSize", inputSize);
    assertSize("hiddenSize", H);
    this.variant = requireOneOf("variant", variant, ["pytorch", "cho"]);
    this.Wx = param("Wx", gateWeights(rng, inputSize, H, 3, dtype));
    this.Wh = param("Wh", gateWeights(rng, H, H, 3, dtype));
    this.b = param("b", zeros(1, 3 * H, dtype));
    if (variant === "pytorch") this.bhn = param("bhn", zeros(1, H, dtype));
  }

  /** `[Wx, Wh, b]`, and `bhn` in PyTorch's form. */
  get params(): Param[] {
    return this.bhn ? [this.Wx, this.Wh, this.b, this.bhn] : [this.Wx, this.Wh, this.b];
  }

  /** Input features. */
  get inputSize(): number {
    return this.Wx.value.rows;
  }

  /** Units of h. */
  get hiddenSize(): number {
    return this.Wh.value.rows;
  }

  /** One step: r and z, the candidate n, then `h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}`. */
  forward(x: Matrix, hPrev: Matrix): GRUStep {
    const H = this.hiddenSize, B = x.rows;
    assertShape("GRUCell input x", x, B, this.inputSize);
    assertShape("GRUCell state hPrev", hPrev, B, H);
    const [axr, axz, axn] = gateBlocks(addBias(matmul(x, this.Wx.value), this.b.value), 3);
    const [Whr, Whz, Whn] = gateBlocks(this.Wh.value, 3);

    const r = sigmoidOf(add(axr, matmul(hPrev, Whr)));
    const z = sigmoidOf(add(axz, matmul(hPrev, Whz)));
    let n: Matrix, hn: Matrix;
    if (this.bhn) {
      hn = addBias(matmul(hPrev, Whn), this.bhn.value); // reset after the product
      n = tanhOf(add(axn, mul(r, hn)));
    } else {
      hn = hPrev; // reset before the product
      n = tanhOf(add(axn, matmul(mul(r, hPrev), Whn)));
    }
    const h = add(mul(oneMinus(z), n), mul(z, hPrev));
    return { x, hPrev, r, z, n, hn, h };
  }

  /**
   * One step back from `dh` = ∂loss/∂h_t, mirroring forward from its last
   * line up. Parameter gradients are *added*.
   */
  backward(dh: Matrix, step: GRUStep): GRUStepGradients {
    const { x, hPrev, r, z, n, hn } = step;
    assertShape("GRUCell gradient dh", dh, n.rows, n.cols);
    const [Whr, Whz, Whn] = gateBlocks(this.Wh.value, 3);
    const dWh = this.Wh.grad, H = this.hiddenSize;

    // h = (1 − z) ⊙ n + z ⊙ hPrev
    const dn = mul(dh, oneMinus(z));
    const daz = mul(mul(dh, sub(hPrev, n)), sigmoidSlope(z));
    let dhPrev = mul(dh, z);
    // n = tanh(axn + r ⊙ hn)  or  tanh(axn + (r ⊙ hPrev)·Whn)
    const dan = mul(dn, tanhSlope(n));
    let dr: Matrix;
    if (this.bhn) {
      dr = mul(dan, hn);
      const dhn = mul(dan, r); // ∂/∂(hPrev·Whn + b_hn)
      sumRowsInto(dhn, this.bhn.grad);
      addIntoColumns(dWh, 2 * H, matmul(hPrev, dhn, { transA: true }));
      dhPrev = add(dhPrev, matmul(dhn, Whn, { transB: true }));
    } else {
      const drh = matmul(dan, Whn, { transB: true }); // ∂/∂(r ⊙ hPrev)
      addIntoColumns(dWh, 2 * H, matmul(mul(r, hPrev), dan, { transA: true }));
      dr = mul(drh, hPrev);
      dhPrev = add(dhPrev, mul(drh, r));
    }
    // r = σ(axr + hPrev·Whr), z = σ(axz + hPrev·Whz)
    const dar = mul(dr, sigmoidSlope(r));
    addIntoColumns(dWh, 0, matmul(hPrev, dar, { transA: true }));
    addIntoColumns(dWh, H, matmul(hPrev, daz, { transA: true }));
    dhPrev = add(dhPrev, matmul(dar, Whr, { transB: true }));
    dhPrev = add(dhPrev, matmul(daz, Whz, { transB: true }));

    // ax = x·Wx + b
    const da = joinGates([dar, daz, dan]);
    matmul(x, da, { transA: true, out: this.Wx.grad, accumulate: true });
    sumRowsInto(da, this.b.grad);
    const dx = matmul(da, this.Wx.value, { transB: true });
    return { dx, dhPrev };
  }
}
