/**
 * The LSTM cell (Hochreiter & Schmidhuber 1997, with the forget gate of Gers
 * et al. 2000): one time step, forward and backward. Batches are rows.
 *
 * ```
 * a = x_t·Wx + h_{t−1}·Wh + b                 [B × 4H], gate blocks i, f, g, o
 * i = σ(a_i)      input gate      (coupled: i = 1 − f)
 * f = σ(a_f)      forget gate
 * g = tanh(a_g)   candidate
 * c_t = f ⊙ c_{t−1} + i ⊙ g                   the cell state (not bounded)
 * o = σ(a_o)      output gate
 * h_t = o ⊙ tanh(c_t)
 * ```
 *
 * ⊙ is the elementwise product. The gates lie in (0, 1); the cell state does
 * not: it is a running sum. Its additive path (`c_t` = `f ⊙ c_{t−1}` + …) is
 * what lets gradients travel far back while f stays near 1.
 *
 * Options: the forget gate's bias starts at 1 (Gers et al. 2000; Jozefowicz
 * et al. 2015), so the cell remembers by default; **peephole** connections
 * (Gers & Schmidhuber 2000) let the gates see the cell state through diagonal
 * weights, `a_i += c_{t−1} ⊙ p_i`, `a_f += c_{t−1} ⊙ p_f`, `a_o += c_t ⊙ p_o`;
 * a **coupled** input gate `i = 1 − f` writes exactly as much as it forgets
 * (no input-gate weights: 3 gate blocks f, g, o).
 *
 * This file is the readable oracle: the {@link LSTM} layer runs the same
 * arithmetic over a whole sequence with fused kernels, and a test checks the
 * two agree.
 *
 * @module
 */

import { assertShape, assertSize, type DType, Matrix, zeros } from "../core/matrix.ts";
import { addBias, matmul, sumRowsInto } from "../core/ops.ts";
import type { Random } from "../random.ts";
import {
  add,
  addRowSumOfProduct,
  gateBlocks,
  gateWeights,
  joinGates,
  mul,
  mulRow,
  oneMinus,
  sigmoidOf,
  sigmoidSlope,
  sub,
  tanhOf,
  tanhSlope,
} from "./_gates.ts";
import { type HasParams, type Param, param } from "./param.ts";

/** Options of {@link LSTMCell} (and of the {@link LSTM} layer). */
export interface LSTMCellOptions {
  /** Features of `x_t`. */
  inputSize: number;
  /** Units of `h_t` and `c_t`. */
  hiddenSize: number;
  /** Generator for the initialisation. */
  rng: Random;
  /** Element type (default float64). */
  dtype?: DType;
  /** Initial bias of the forget gate (default 1). */
  forgetBias?: number;
  /** Peephole connections from the cell state to the gates (default false). */
  peephole?: boolean;
  /** Coupled input and forget gates, `i = 1 − f` (default false). */
  coupled?: boolean;
}

/** What one forward step keeps for its backward step (every value `[B × H]`). */
export interface LSTMStep {
  /** Input `x_t` `[B × input]`. */
  readonly x: Matrix;
  /** The previous hidden state `h_{t−1}`. */
  readonly hPrev: Matrix;
  /** The previous cell state `c_{t−1}`. */
  readonly cPrev: Matrix;
  /** Input gate `i = σ(…)` (`1 − f` when coupled). */
  readonly i: Matrix;
  /** Forget gate `f = σ(…)`. */
  readonly f: Matrix;
  /** Candidate `g = tanh(…)`. */
  readonly g: Matrix;
  /** Output gate `o = σ(…)`. */
  readonly o: Matrix;
  /** The new cell state `c_t`. */
  readonly c: Matrix;
  /** `tanh(c_t)`. */
  readonly tanhC: Matrix;
  /** The new hidden state. */
  readonly h: Matrix;
}

/** Input gradients returned by {@link LSTMCell.backward}. */
export interface LSTMStepGradients {
  /** ∂loss/∂x_t. */
  readonly dx: Matrix;
  /** ∂loss/∂h_{t−1}. */
  readonly dhPrev: Matrix;
  /** ∂loss/∂c_{t−1}. */
  readonly dcPrev: Matrix;
}

/**
 * An LSTM cell with parameters `Wx` `[input × G·H]`, `Wh` `[H × G·H]`, `b`
 * `[1 × G·H]` (gate blocks i, f, g, o, or f, g, o when coupled) and, with
 * peepholes, `pi`, `pf`, `po` `[1 × H]`.
 *
 * @example
 * ```ts
 * import { fromArray, LSTMCell, Random, zeros } from "../mod.ts";
 * const cell = new LSTMCell({ inputSize: 2, hiddenSize: 3, rng: new Random(0) });
 * const step = cell.forward(zeros(1, 2), zeros(1, 3), zeros(1, 3));
 * console.assert(Math.abs(step.f.get(0, 0) - 1 / (1 + Math.exp(-1))) < 1e-12); // σ(forget bias 1)
 * const { dx, dhPrev, dcPrev } = cell.backward(fromArray([[1, 1, 1]]), zeros(1, 3), step);
 * console.assert(dx.cols === 2 && dhPrev.cols === 3 && dcPrev.cols === 3);
 * ```
 */
export class LSTMCell implements HasParams {
  /** Input weights of all gates. */
  readonly Wx: Param;
  /** Recurrent weights of all gates. */
  readonly Wh: Param;
  /** Biases of all gates. */
  readonly b: Param;
  /** Input-gate peephole (undefined without peepholes, or when coupled). */
  readonly pi?: Param;
  /** Forget-gate peephole (undefined without peepholes). */
  readonly pf?: Param;
  /** Output-gate peephole (undefined without peepholes). */
  readonly po?: Param;
  /** `i = 1 − f`. */
  readonly coupled: boolean;
  /** Gate names in column order: `["i", "f", "g", "o"]` or `["f", "g", "o"]`. */
  readonly gateNames: readonly string[];

  /** Creates the cell: gate weights Xavier-uniform per gate, biases 0 except the forget gate's. */
  constructor(options: LSTMCellOptions) {
    const { inputSize, hiddenSize: H, rng, dtype = "float64", forgetBias = 1 } = options;
    assertSize("inputSize", inputSize);
    assertSize("hiddenSize", H);
    if (!Number.isFinite(forgetBias)) throw new RangeError(`forgetBias must be finite`);
    this.coupled = options.coupled ?? false;
    this.gateNames = this.coupled ? ["f", "g", "o"] : ["i", "f", "g", "o"];
    const G = this.gateNames.length;
    this.Wx = param("Wx", gateWeights(rng, inputSize, H, G, dtype));
    this.Wh = param("Wh", gateWeights(rng, H, H, G, dtype));
    this.b = param("b", zeros(1, G * H, dtype));
    const f = this.gateNames.indexOf("f");
    this.b.value.data.fill(forgetBias, f * H, (f + 1) * H);
    if (options.peephole) {
      if (!this.coupled) this.pi = param("pi", zeros(1, H, dtype));
      this.pf = param("pf", zeros(1, H, dtype));
      this.po = param("po", zeros(1, H, dtype));
    }
  }

  /** `[Wx, Wh, b]`, then the peephole weights when present. */
  get params(): Param[] {
    return [this.Wx, this.Wh, this.b, this.pi, this.pf, this.po].filter((p) => p !== undefined);
  }

  /** Input features. */
  get inputSize(): number {
    return this.Wx.value.rows;
  }

  /** Units of h and c. */
  get hiddenSize(): number {
    return this.Wh.value.rows;
  }

  /** With peephole connections. */
  get peephole(): boolean {
    return this.pf !== undefined;
  }

  /** One step: the gates, then `c_t = f ⊙ c_{t−1} + i ⊙ g` and `h_t = o ⊙ tanh(c_t)`. */
  forward(x: Matrix, hPrev: Matrix, cPrev: Matrix): LSTMStep {
    const H = this.hiddenSize, B = x.rows;
    assertShape("LSTMCell input x", x, B, this.inputSize);
    assertShape("LSTMCell state hPrev", hPrev, B, H);
    assertShape("LSTMCell state cPrev", cPrev, B, H);
    const a = matmul(x, this.Wx.value);
    matmul(hPrev, this.Wh.value, { out: a, accumulate: true });
    addBias(a, this.b.value);
    const blocks = gateBlocks(a, this.gateNames.length);
    const pre: Record<string, Matrix> = {}; // pre.f is a_f, …
    this.gateNames.forEach((name, k) => (pre[name] = blocks[k]));
    const { pi, pf, po } = this;

    const f = sigmoidOf(pf ? add(pre.f, mulRow(cPrev, pf.value)) : pre.f);
    const i = this.coupled
      ? oneMinus(f)
      : sigmoidOf(pi ? add(pre.i, mulRow(cPrev, pi.value)) : pre.i);
    const g = tanhOf(pre.g);
    const c = add(mul(f, cPrev), mul(i, g));
    const o = sigmoidOf(po ? add(pre.o, mulRow(c, po.value)) : pre.o);
    const tanhC = tanhOf(c);
    const h = mul(o, tanhC);
    return { x, hPrev, cPrev, i, f, g, o, c, tanhC, h };
  }

  /**
   * One step back, from `dh` = ∂loss/∂h_t and `dcNext` = ∂loss/∂c_t arriving
   * from the step after (zeros at the end). Mirrors forward from its last line
   * up; parameter gradients are *added*.
   */
  backward(dh: Matrix, dcNext: Matrix, step: LSTMStep): LSTMStepGradients {
    const { x, hPrev, cPrev, i, f, g, o, c, tanhC } = step;
    assertShape("LSTMCell gradient dh", dh, o.rows, o.cols);
    assertShape("LSTMCell gradient dcNext", dcNext, o.rows, o.cols);
    const { pi, pf, po } = this;

    // h = o ⊙ tanh(c)
    const dao = mul(mul(dh, tanhC), sigmoidSlope(o));
    let dc = add(dcNext, mul(mul(dh, o), tanhSlope(tanhC)));
    if (po) dc = add(dc, mulRow(dao, po.value)); // o also sees c through p_o
    // c = f ⊙ cPrev + i ⊙ g
    const di = mul(dc, g);
    const df = this.coupled ? sub(mul(dc, cPrev), di) : mul(dc, cPrev); // coupled: i = 1 − f
    const dag = mul(mul(dc, i), tanhSlope(g));
    const daf = mul(df, sigmoidSlope(f));
    const dai = mul(di, sigmoidSlope(i)); // (not a gate of its own when coupled)
    // the peepholes: a_i, a_f saw cPrev through p_i, p_f; a_o saw c through p_o
    let dcPrev = mul(dc, f);
    if (pf) dcPrev = add(dcPrev, mulRow(daf, pf.value));
    if (pi) dcPrev = add(dcPrev, mulRow(dai, pi.value));
    if (po) addRowSumOfProduct(dao, c, po.grad);
    if (pf) addRowSumOfProduct(daf, cPrev, pf.grad);
    if (pi) addRowSumOfProduct(dai, cPrev, pi.grad);

    // a = x·Wx + hPrev·Wh + b
    const da = joinGates(this.coupled ? [daf, dag, dao] : [dai, daf, dag, dao]);
    matmul(x, da, { transA: true, out: this.Wx.grad, accumulate: true });
    matmul(hPrev, da, { transA: true, out: this.Wh.grad, accumulate: true });
    sumRowsInto(da, this.b.grad);
    const dx = matmul(da, this.Wx.value, { transB: true });
    const dhPrev = matmul(da, this.Wh.value, { transB: true });
    return { dx, dhPrev, dcPrev };
  }
}
