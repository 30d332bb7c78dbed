/**
 * The GRU over a whole batch of sequences, with truncated backpropagation
 * through time (`kind: "gru"`, state `["h"]`).
 *
 * The arithmetic is {@link GRUCell}'s, organised like the {@link RNN}'s for
 * speed: the input products `x_t·Wx + b` of all steps are one product before
 * the loop; the loop over time (the recurrent product, then the gates and the
 * state update in one fused pass) is one kernel call (`gruForward`, see
 * `core/kernels_recurrent.ts`); backward leaves the gradients of the gates'
 * pre-activations, and the weight gradients are then products over all steps.
 * A test checks this layer against stepping the cell by hand.
 *
 * @module
 */

import { assertShape, Matrix } from "../core/matrix.ts";
import { addBias, matmul, sumRowsInto, transpose } from "../core/ops.ts";
import { kernels } from "../core/backend.ts";
import type { GRUSequence } from "../core/kernels_recurrent.ts";
import { addIntoColumns, columns } from "./_gates.ts";
import { addPrevStatesProduct, gateTrace, Scratch } from "./_recurrence.ts";
import { GRUCell, type GRUCellOptions } from "./gru_cell.ts";
import type { Param } from "./param.ts";
import type {
  RecurrentGradients,
  RecurrentState,
  TorchMappable,
  TorchTensors,
} from "./recurrent.ts";
import { TimeLayer, type TimeRun } from "./time_layer.ts";

/** Options of {@link GRU}: the cell's, and whether the state is carried. */
export interface GRUOptions extends GRUCellOptions {
  /** Carry the final state into the next call (truncated BPTT). Default true. */
  stateful?: boolean;
}

/** What {@link GRU.forward} keeps for its backward pass (inside the returned pass). */
export interface GRUCache {
  /** The inputs `[T·B × input]`. */
  readonly xs: Matrix;
  /** The kernel's description of the sequence (sizes, gates, states). */
  readonly seq: GRUSequence;
  /** The initial state `[B × H]`. */
  readonly h0: Matrix;
  /** The hidden states `h_1 … h_T`, `[T·B × H]`. */
  readonly hs: Matrix;
  /** What the reset gate multiplies at each step (`h·W_hn + b_hn`, or `h` in Cho's form). */
  readonly hn: Matrix;
}

/**
 * The GRU layer: a {@link GRUCell} run over `T` steps. The pass trace holds
 * `h` and the gates `r`, `z`, `n` of every step (`[T·B × H]` each).
 *
 * @example
 * ```ts
 * import { gaussianMatrix, GRU, Random, SequenceBatch } from "../mod.ts";
 * const rng = new Random(0);
 * const gru = new GRU({ inputSize: 3, hiddenSize: 4, rng });
 * const xs = new SequenceBatch(gaussianMatrix(rng, 5 * 2, 3), { batchSize: 2 }); // T = 5, B = 2
 * const pass = gru.forward(xs);
 * const { dxs } = gru.backward(pass.ys.data, pass);
 * console.assert(pass.trace.z.rows === 10 && pass.final[0].rows === 2 && dxs.cols === 3);
 * ```
 */
export class GRU extends TimeLayer<GRUCache, GRUCell> implements TorchMappable {
  /** `"gru"`. */
  readonly kind = "gru";
  /** `["h"]`. */
  readonly stateNames = ["h"] as const;
  readonly #scratch = new Scratch();

  /** Creates the layer and its cell. */
  constructor(options: GRUOptions) {
    super(new GRUCell(options), options.stateful ?? true);
  }

  /**
   * `x_t·Wx + b` for every t at once; then the recurrence, one fused kernel
   * call, which writes r, z, n over all steps as one block each (the trace's
   * views).
   */
  protected run(xs: Matrix, B: number, initial: RecurrentState): TimeRun<GRUCache> {
    const { Wx, Wh, b, bhn, variant } = this.cell;
    const H = this.hiddenSize, T = xs.rows / B;
    const gates = this.#scratch.matrix("gates", T * B, 3 * H, this.dtype);
    addBias(matmul(xs, Wx.value, { out: gates }), b.value);
    const acts = new Matrix(3 * T * B, H, this.dtype);
    const hs = new Matrix(T * B, H, this.dtype), hn = new Matrix(T * B, H, this.dtype);
    const h0 = initial[0];
    const seq: GRUSequence = {
      steps: T,
      batch: B,
      hidden: H,
      variant,
      gates: gates.data, // scratch: backward reads acts
      acts: acts.data,
      Wh: Wh.value.data,
      bhn: bhn?.value.data,
      h0: h0.data,
      hs: hs.data,
      hn: hn.data,
    };
    kernels().gruForward(seq);
    return {
      states: [hs],
      gates: gateTrace(acts, ["r", "z", "n"]),
      cache: { xs, seq, h0, hs, hn },
    };
  }

  /** The loop back (one kernel call), then the weight gradients over all steps. */
  protected runBackward(
    cache: GRUCache,
    dStates: (Matrix | undefined)[],
    B: number,
  ): RecurrentGradients {
    const { xs, seq, h0, hs, hn } = cache;
    const { Wx, Wh, b, bhn } = this.cell;
    const H = this.hiddenSize;
    const dh = this.#scratch.matrix("dh", hs.rows, H, this.dtype); // the kernel may overwrite it
    if (dStates[0]) dh.copyFrom(dStates[0]);
    else dh.zero();
    const dGates = this.#scratch.matrix("dGates", hs.rows, 3 * H, this.dtype);
    const dHidden = bhn ? this.#scratch.matrix("dHidden", hs.rows, 3 * H, this.dtype) : undefined;
    const dh0 = new Matrix(B, H, this.dtype);
    kernels().gruBackward(seq, {
      dh: dh.data,
      dGates: dGates.data,
      dHidden: dHidden?.data,
      dh0: dh0.data,
    });
    if (bhn && dHidden) {
      // Σ_t h_{t−1}ᵀ·∂L/∂(h_{t−1}·Wh), and b_hn sits inside the n block's product
      addPrevStatesProduct(h0, hs, dHidden, Wh.grad);
      sumRowsInto(columns(dHidden, 2 * H, H), bhn.grad);
    } else {
      // Cho: r and z read h_{t−1}; n reads r_t ⊙ h_{t−1} (kept in hn)
      const dWhRZ = new Matrix(H, 2 * H, this.dtype);
      addPrevStatesProduct(h0, hs, columns(dGates, 0, 2 * H), dWhRZ);
      addIntoColumns(Wh.grad, 0, dWhRZ);
      addIntoColumns(Wh.grad, 2 * H, matmul(hn, columns(dGates, 2 * H, H), { transA: true }));
    }
    matmul(xs, dGates, { transA: true, out: Wx.grad, accumulate: true });
    sumRowsInto(dGates, b.grad);
    return { dxs: matmul(dGates, Wx.value, { transB: true }), dInitial: [dh0] };
  }

  /**
   * PyTorch's `nn.GRU` layout: `weight_ih = Wxᵀ` `[3H × input]`, `weight_hh =
   * Whᵀ`, gates r, z, n along the rows; `bias_ih = b`, `bias_hh = [0, 0, b_hn]`
   * (the r and z biases only ever appear summed; `b_hn` does not). Only
   * PyTorch's form has a PyTorch counterpart.
   */
  toTorch(): TorchTensors {
    const { Wx, Wh, b, bhn } = this.#plain("toTorch");
    const biasHH = new Matrix(1, 3 * this.hiddenSize, this.dtype);
    biasHH.data.set(bhn.value.data, 2 * this.hiddenSize);
    return {
      weight_ih: transpose(Wx.value),
      weight_hh: transpose(Wh.value),
      bias_ih: b.value.clone(),
      bias_hh: biasHH,
    };
  }

  /** The gradients as PyTorch reports them: `bias_hh` = (∂L/∂b_r, ∂L/∂b_z, ∂L/∂b_hn). */
  gradToTorch(): TorchTensors {
    const { Wx, Wh, b, bhn } = this.#plain("gradToTorch");
    const biasHH = b.grad.clone();
    biasHH.data.set(bhn.grad.data, 2 * this.hiddenSize);
    return {
      weight_ih: transpose(Wx.grad),
      weight_hh: transpose(Wh.grad),
      bias_ih: b.grad.clone(),
      bias_hh: biasHH,
    };
  }

  /**
   * Sets `Wx`, `Wh`, `b = bias_ih + (bias_hh_r, bias_hh_z, 0)` and `b_hn` (biases
   * optional: PyTorch's `bias=False`).
   */
  fromTorch(tensors: TorchTensors): void {
    const { Wx, Wh, b, bhn } = this.#plain("fromTorch");
    const { weight_ih, weight_hh, bias_ih, bias_hh } = tensors;
    const H = this.hiddenSize;
    assertShape("gru weight_ih", weight_ih, 3 * H, this.inputSize);
    assertShape("gru weight_hh", weight_hh, 3 * H, H);
    if ((bias_ih === undefined) !== (bias_hh === undefined)) {
      throw new RangeError("gru: bias_ih and bias_hh come together (both or neither)");
    }
    if (bias_ih) assertShape("gru bias_ih", bias_ih, 1, 3 * H);
    if (bias_hh) assertShape("gru bias_hh", bias_hh, 1, 3 * H);
    Wx.value.copyFrom(transpose(weight_ih));
    Wh.value.copyFrom(transpose(weight_hh));
    b.value.zero();
    bhn.value.zero();
    if (bias_ih && bias_hh) {
      for (let j = 0; j < 3 * H; j++) {
        b.value.data[j] = bias_ih.data[j] + (j < 2 * H ? bias_hh.data[j] : 0);
      }
      bhn.value.data.set(bias_hh.data.subarray(2 * H));
    }
  }

  #plain(what: string): GRUCell & { bhn: Param } {
    if (!this.cell.bhn) {
      throw new RangeError(
        `gru.${what}: Cho et al.'s form (reset before the product) has no PyTorch counterpart; ` +
          `only variant "pytorch" maps to nn.GRU`,
      );
    }
    return this.cell as GRUCell & { bhn: Param };
  }
}
