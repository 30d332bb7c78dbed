/**
 * The Elman RNN over a whole batch of sequences, with truncated
 * backpropagation through time.
 *
 * ```
 * h_t = act(x_t·Wxh + h_{t−1}·Whh + b)        t = 0 … T−1
 * ```
 *
 * The arithmetic is exactly {@link RNNCell}'s, reorganised for speed without
 * changing a single sum:
 * - the input products `x_t·Wxh` of all steps are one big product `X·Wxh`;
 * - only the recurrent product `h_{t−1}·Whh` stays inside the loop over time,
 *   which is one kernel call (`rnnForward`, see `core/kernels_recurrent.ts`);
 * - in backward, the loop over time only carries `dh` back; the weight
 *   gradients `Σ_t x_tᵀ·da_t` and `Σ_t h_{t−1}ᵀ·da_t` are then each one
 *   product over all steps at once.
 * A test checks this layer against stepping the cell by hand.
 *
 * @module
 */

import { assertShape, type DType, Matrix } from "../core/matrix.ts";
import { addBias, matmul, sumRowsInto, transpose } from "../core/ops.ts";
import { kernels } from "../core/backend.ts";
import type { RNNSequence } from "../core/kernels_recurrent.ts";
import { addPrevStatesProduct, Scratch } from "./_recurrence.ts";
import type { Random } from "../random.ts";
import type {
  RecurrentGradients,
  RecurrentState,
  TorchMappable,
  TorchTensors,
} from "./recurrent.ts";
import { type HiddenActivation, RNNCell } from "./rnn_cell.ts";
import { TimeLayer, type TimeRun } from "./time_layer.ts";

/** Options of {@link RNN}. */
export interface RNNOptions {
  /** Features per time step. */
  inputSize: number;
  /** Hidden units. */
  hiddenSize: number;
  /** Generator for the initialisation. */
  rng: Random;
  /** Hidden nonlinearity (default tanh). */
  activation?: HiddenActivation;
  /** Element type (default float64). */
  dtype?: DType;
  /** With `false`, no recurrent weight: no memory (see `RNNCellOptions.recurrent`). */
  recurrent?: boolean;
  /** Carry the final state into the next call (truncated BPTT). Default true. */
  stateful?: boolean;
}

/** What {@link RNN.forward} keeps for its backward pass (inside the returned pass). */
export interface RNNCache {
  /** The inputs `[T·B × input]`. */
  readonly xs: Matrix;
  /** The hidden states `h_1 … h_T`, `[T·B × H]`. */
  readonly hs: Matrix;
  /** The initial state `[B × H]`. */
  readonly h0: Matrix;
  /** The kernel's description of the sequence (sizes and arrays). */
  readonly seq: RNNSequence;
}

/**
 * The Elman RNN layer: an {@link RNNCell} run over `T` steps, the recurrent
 * layer of the course's first notebooks (`kind: "rnn"`, state `["h"]`).
 *
 * @example
 * ```ts
 * import { gaussianMatrix, Random, RNN, SequenceBatch } from "../mod.ts";
 * const rng = new Random(0);
 * const rnn = new RNN({ inputSize: 3, hiddenSize: 4, rng });
 * const xs = new SequenceBatch(gaussianMatrix(rng, 5 * 2, 3), { batchSize: 2 }); // T = 5, B = 2
 * const pass = rnn.forward(xs);
 * const { dxs } = rnn.backward(pass.ys.data, pass); // dL/dh_t = h_t, say
 * console.assert(pass.trace.h.rows === 10 && pass.final[0].rows === 2 && dxs.cols === 3);
 * ```
 */
export class RNN extends TimeLayer<RNNCache, RNNCell> implements TorchMappable {
  /** `"rnn"`. */
  readonly kind = "rnn";
  /** `["h"]`. */
  readonly stateNames = ["h"] as const;
  readonly #scratch = new Scratch();

  /** Creates the layer and its cell. */
  constructor(options: RNNOptions) {
    super(new RNNCell(options), options.stateful ?? true);
  }

  /**
   * `a_t = x_t·Wxh + b` for every t at once; then `h_t = act(a_t + h_{t−1}·Whh)`,
   * the loop over time as one kernel call (the fast backend keeps `Whh` packed
   * for the whole sequence and runs the loop inside WebAssembly).
   */
  protected run(xs: Matrix, B: number, initial: RecurrentState): TimeRun<RNNCache> {
    const { Wxh, Whh, b, activation, recurrent } = this.cell;
    const hs = addBias(matmul(xs, Wxh.value), b.value);
    const seq: RNNSequence = {
      steps: xs.rows / B,
      batch: B,
      hidden: this.hiddenSize,
      activation,
      hs: hs.data,
      h0: initial[0].data,
      Whh: recurrent ? Whh.value.data : undefined,
    };
    kernels().rnnForward(seq);
    return { states: [hs], cache: { xs, hs, h0: initial[0], seq } };
  }

  /**
   * Walks time in reverse (one kernel call): `dh_t` = (gradient from outside
   * at t) + (gradient from step t+1), `da_t = dh_t ⊙ act'`, `dh_{t−1} =
   * da_t·Whhᵀ`; then the shared weights' gradients, each one product over all
   * steps.
   */
  protected runBackward(
    cache: RNNCache,
    dStates: (Matrix | undefined)[],
    B: number,
  ): RecurrentGradients {
    const { xs, hs, h0, seq } = cache;
    const { Wxh, Whh, b, recurrent } = this.cell;
    const da = this.#scratch.matrix("da", hs.rows, hs.cols, hs.dtype); // ∂L/∂h in, ∂L/∂a out
    if (dStates[0]) da.copyFrom(dStates[0]);
    else da.zero();
    const dh0 = new Matrix(B, hs.cols, hs.dtype);
    kernels().rnnBackward(seq, da.data, dh0.data);
    // Σ_t h_{t−1}ᵀ·da_t = h0ᵀ·da_0 + [h_0 … h_{T−2}]ᵀ·[da_1 … da_{T−1}].
    if (recurrent) addPrevStatesProduct(h0, hs, da, Whh.grad);
    matmul(xs, da, { transA: true, out: Wxh.grad, accumulate: true });
    sumRowsInto(da, b.grad);
    return { dxs: matmul(da, Wxh.value, { transB: true }), dInitial: [dh0] };
  }

  /**
   * `weight_ih = Wxhᵀ`, `weight_hh = Whhᵀ`, `bias_ih = b`, `bias_hh = 0`:
   * PyTorch adds two biases where the course has one, `b = bias_ih + bias_hh`.
   */
  toTorch(): TorchTensors {
    const { Wxh, Whh, b } = this.cell;
    return {
      weight_ih: transpose(Wxh.value),
      weight_hh: transpose(Whh.value),
      bias_ih: b.value.clone(),
      bias_hh: new Matrix(1, this.hiddenSize, this.dtype),
    };
  }

  /** The gradients as PyTorch reports them; both biases get `∂L/∂b`. */
  gradToTorch(): TorchTensors {
    const { Wxh, Whh, b } = this.cell;
    return {
      weight_ih: transpose(Wxh.grad),
      weight_hh: transpose(Whh.grad),
      bias_ih: b.grad.clone(),
      bias_hh: b.grad.clone(),
    };
  }

  /** Sets `Wxh`, `Whh` and `b = bias_ih + bias_hh` (biases optional: PyTorch's `bias=False`). */
  fromTorch(tensors: TorchTensors): void {
    const { weight_ih, weight_hh, bias_ih, bias_hh } = tensors;
    const H = this.hiddenSize;
    assertShape("rnn weight_ih", weight_ih, H, this.inputSize);
    assertShape("rnn weight_hh", weight_hh, H, H);
    if ((bias_ih === undefined) !== (bias_hh === undefined)) {
      throw new RangeError("rnn: bias_ih and bias_hh come together (both or neither)");
    }
    if (bias_ih) assertShape("rnn bias_ih", bias_ih, 1, H);
    if (bias_hh) assertShape("rnn bias_hh", bias_hh, 1, H);
    const { Wxh, Whh, b, recurrent } = this.cell;
    if (!recurrent && weight_hh.data.some((w) => w !== 0)) {
      throw new RangeError(
        "rnn: this layer has no recurrent weight (recurrent: false), but weight_hh is not zero",
      );
    }
    Wxh.value.copyFrom(transpose(weight_ih));
    Whh.value.copyFrom(transpose(weight_hh));
    b.value.zero();
    if (bias_ih && bias_hh) {
      for (let j = 0; j < H; j++) b.value.data[j] = bias_ih.data[j] + bias_hh.data[j];
    }
  }
}
