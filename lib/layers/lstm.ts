/**
 * The LSTM over a whole batch of sequences, with truncated backpropagation
 * through time (`kind: "lstm"`, state `["h", "c"]`).
 *
 * The arithmetic is {@link LSTMCell}'s, organised like the {@link RNN}'s for
 * speed:
 * - the input products `x_t·Wx + b` of all steps (every gate at once) are one
 *   big product before the loop;
 * - the loop over time (the recurrent product `h_{t−1}·Wh`, then all gates
 *   and the state update in one fused pass) is one kernel call
 *   (`lstmForward`, see `core/kernels_recurrent.ts`), which the fast backend
 *   runs inside WebAssembly with `Wh` packed once for the whole sequence;
 * - backward, the loop carries `dh` and `dc` back and leaves the gradient of
 *   every gate's pre-activation; the weight gradients are then each one
 *   product over all steps.
 * A test checks this layer against stepping the cell by hand.
 *
 * @module
 */

import { assertShape, Matrix } from "../core/matrix.ts";
import { addBias, matmul, sumRowsInto, transpose } from "../core/ops.ts";
import { kernels } from "../core/backend.ts";
import type { LSTMSequence } from "../core/kernels_recurrent.ts";
import { addBlockRowSum, addPrevStatesProduct, gateTrace, Scratch } from "./_recurrence.ts";
import { oneMinus } from "./_gates.ts";
import { LSTMCell, type LSTMCellOptions } from "./lstm_cell.ts";
import type {
  RecurrentGradients,
  RecurrentState,
  TorchMappable,
  TorchTensors,
} from "./recurrent.ts";
import { TimeLayer, type TimeRun } from "./time_layer.ts";

/** Options of {@link LSTM}: the cell's, and whether the state is carried. */
export interface LSTMOptions extends LSTMCellOptions {
  /** Carry the final state into the next call (truncated BPTT). Default true. */
  stateful?: boolean;
}

/** What {@link LSTM.forward} keeps for its backward pass (inside the returned pass). */
export interface LSTMCache {
  /** The inputs `[T·B × input]`. */
  readonly xs: Matrix;
  /** The kernel's description of the sequence (sizes, gates, states). */
  readonly seq: LSTMSequence;
  /** The initial hidden state `[B × H]`. */
  readonly h0: Matrix;
  /** The hidden states `h_1 … h_T`, `[T·B × H]`. */
  readonly hs: Matrix;
  /** The cell states `c_1 … c_T`, `[T·B × H]`. */
  readonly cs: Matrix;
}

/**
 * The LSTM layer: an {@link LSTMCell} run over `T` steps. The pass trace holds
 * `h`, `c` and the gates `i`, `f`, `g`, `o` of every step (`[T·B × H]` each).
 *
 * @example
 * ```ts
 * import { gaussianMatrix, LSTM, Random, SequenceBatch } from "../mod.ts";
 * const rng = new Random(0);
 * const lstm = new LSTM({ inputSize: 3, hiddenSize: 4, rng });
 * const xs = new SequenceBatch(gaussianMatrix(rng, 5 * 2, 3), { batchSize: 2 }); // T = 5, B = 2
 * const pass = lstm.forward(xs);
 * const { dxs, dInitial } = lstm.backward(pass.ys.data, pass);
 * console.assert(pass.trace.f.rows === 10 && pass.final.length === 2 && dxs.cols === 3);
 * console.assert(dInitial[1].rows === 2); // ∂loss/∂c_0
 * ```
 */
export class LSTM extends TimeLayer<LSTMCache, LSTMCell> implements TorchMappable {
  /** `"lstm"`. */
  readonly kind = "lstm";
  /** `["h", "c"]`. */
  readonly stateNames = ["h", "c"] as const;
  readonly #scratch = new Scratch();

  /** Creates the layer and its cell. */
  constructor(options: LSTMOptions) {
    super(new LSTMCell(options), options.stateful ?? true);
  }

  /**
   * `x_t·Wx + b` for every t at once; then the recurrence, one fused kernel
   * call, which writes each gate's activations over all steps as one block
   * (the trace's `i`, `f`, `g`, `o` are views of it).
   */
  protected run(xs: Matrix, B: number, initial: RecurrentState): TimeRun<LSTMCache> {
    const { Wx, Wh, b, pi, pf, po, coupled, gateNames } = this.cell;
    const H = this.hiddenSize, T = xs.rows / B, G = gateNames.length;
    const gates = this.#scratch.matrix("gates", T * B, G * H, this.dtype);
    addBias(matmul(xs, Wx.value, { out: gates }), b.value);
    const acts = new Matrix(G * T * B, H, this.dtype);
    const hs = new Matrix(T * B, H, this.dtype), cs = new Matrix(T * B, H, this.dtype);
    const [h0, c0] = initial;
    const seq: LSTMSequence = {
      steps: T,
      batch: B,
      hidden: H,
      coupled,
      gates: gates.data, // scratch: backward reads acts
      acts: acts.data,
      Wh: Wh.value.data,
      peephole: pf && po ? { i: pi?.value.data, f: pf.value.data, o: po.value.data } : undefined,
      h0: h0.data,
      c0: c0.data,
      hs: hs.data,
      cs: cs.data,
    };
    kernels().lstmForward(seq);
    const trace = gateTrace(acts, gateNames);
    if (coupled) trace.i = oneMinus(trace.f);
    return { states: [hs, cs], gates: trace, cache: { xs, seq, h0, hs, cs } };
  }

  /** The loop back (one kernel call), then the weight gradients, each one product over all steps. */
  protected runBackward(
    cache: LSTMCache,
    dStates: (Matrix | undefined)[],
    B: number,
  ): RecurrentGradients {
    const { xs, seq, h0, hs, cs } = cache;
    const { Wx, Wh, b, pi, pf, po } = this.cell;
    const H = this.hiddenSize, G = this.cell.gateNames.length;
    const dh = this.#scratch.matrix("dh", hs.rows, H, this.dtype); // the kernel may overwrite it
    if (dStates[0]) dh.copyFrom(dStates[0]);
    else dh.zero();
    const dGates = this.#scratch.matrix("dGates", hs.rows, G * H, this.dtype);
    const dh0 = new Matrix(B, H, this.dtype), dc0 = new Matrix(B, H, this.dtype);
    kernels().lstmBackward(seq, {
      dh: dh.data,
      dc: dStates[1]?.data,
      dGates: dGates.data,
      dh0: dh0.data,
      dc0: dc0.data,
    });
    addPrevStatesProduct(h0, hs, dGates, Wh.grad);
    matmul(xs, dGates, { transA: true, out: Wx.grad, accumulate: true });
    sumRowsInto(dGates, b.grad);
    if (pf && po) {
      // a_i, a_f saw c_{t−1} through p_i, p_f; a_o saw c_t through p_o
      const cPrevs = new Matrix(cs.rows, H, this.dtype);
      cPrevs.data.set(seq.c0);
      cPrevs.data.set(cs.data.subarray(0, cs.data.length - B * H), B * H);
      const [i, f, o] = this.cell.coupled ? [-1, 0, 2] : [0, 1, 3];
      if (pi) addBlockRowSum(dGates, i, cPrevs, pi.grad);
      addBlockRowSum(dGates, f, cPrevs, pf.grad);
      addBlockRowSum(dGates, o, cs, po.grad);
    }
    return { dxs: matmul(dGates, Wx.value, { transB: true }), dInitial: [dh0, dc0] };
  }

  /**
   * PyTorch's `nn.LSTM` layout: `weight_ih = Wxᵀ` `[4H × input]`, `weight_hh =
   * Whᵀ`, gates i, f, g, o along the rows; `bias_ih = b`, `bias_hh = 0`
   * (PyTorch adds two biases where the course has one). Only the plain LSTM
   * has a PyTorch counterpart (no peepholes, no coupling).
   */
  toTorch(): TorchTensors {
    this.#assertPlain("toTorch");
    const { Wx, Wh, b } = this.cell;
    return {
      weight_ih: transpose(Wx.value),
      weight_hh: transpose(Wh.value),
      bias_ih: b.value.clone(),
      bias_hh: new Matrix(1, b.value.cols, this.dtype),
    };
  }

  /** The gradients as PyTorch reports them; both biases get `∂L/∂b`. */
  gradToTorch(): TorchTensors {
    this.#assertPlain("gradToTorch");
    const { Wx, Wh, b } = this.cell;
    return {
      weight_ih: transpose(Wx.grad),
      weight_hh: transpose(Wh.grad),
      bias_ih: b.grad.clone(),
      bias_hh: b.grad.clone(),
    };
  }

  /** Sets `Wx`, `Wh` and `b = bias_ih + bias_hh` (biases optional: PyTorch's `bias=False`). */
  fromTorch(tensors: TorchTensors): void {
    this.#assertPlain("fromTorch");
    const { weight_ih, weight_hh, bias_ih, bias_hh } = tensors;
    const H = this.hiddenSize;
    assertShape("lstm weight_ih", weight_ih, 4 * H, this.inputSize);
    assertShape("lstm weight_hh", weight_hh, 4 * H, H);
    if ((bias_ih === undefined) !== (bias_hh === undefined)) {
      throw new RangeError("lstm: bias_ih and bias_hh come together (both or neither)");
    }
    if (bias_ih) assertShape("lstm bias_ih", bias_ih, 1, 4 * H);
    if (bias_hh) assertShape("lstm bias_hh", bias_hh, 1, 4 * H);
    const { Wx, Wh, b } = this.cell;
    Wx.value.copyFrom(transpose(weight_ih));
    Wh.value.copyFrom(transpose(weight_hh));
    b.value.zero();
    if (bias_ih && bias_hh) {
      for (let j = 0; j < 4 * H; j++) b.value.data[j] = bias_ih.data[j] + bias_hh.data[j];
    }
  }

  #assertPlain(what: string): void {
    if (this.cell.peephole || this.cell.coupled) {
      throw new RangeError(
        `lstm.${what}: PyTorch's nn.LSTM has no ${
          this.cell.peephole ? "peephole connections" : "coupled input gate"
        }; only the plain LSTM maps to it`,
      );
    }
  }
}
