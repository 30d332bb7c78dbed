/**
 * The bidirectional RNN: one RNN reads each sequence left to right, another
 * right to left, and each step's output is both states side by side.
 *
 * ```
 * h→_t = act(x_t·Wxh→ + h→_{t−1}·Whh→ + b→)     t = 0 … len−1
 * h←_t = act(x_t·Wxh← + h←_{t+1}·Whh← + b←)     t = len−1 … 0
 * y_t  = [h→_t | h←_t]                           [T·B × 2H]
 * ```
 *
 * The right-to-left pass is a plain {@link TimeRNN} run on each sequence
 * reversed *within its length* ({@link reversePadded}), so it starts at the
 * sequence's last real token, never in the padding; its outputs are reversed
 * back so that row `t·B + b` of both halves belongs to the same token.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import { addScaled } from "../core/ops.ts";
import type { Random } from "../random.ts";
import { type Param, prefixed } from "./param.ts";
import type { HiddenActivation } from "./rnn_cell.ts";
import {
  concatColumns,
  lengthsOrFull,
  reversePadded,
  type SequenceLayer,
  splitColumns,
} from "./sequence.ts";
import { TimeRNN } from "./time_rnn.ts";

/** Options of {@link BidirectionalRNN}. */
export interface BidirectionalRNNOptions {
  /** Features per time step. */
  inputSize: number;
  /** Hidden units of *each* direction (the output has twice as many). */
  hiddenSize: number;
  /** Generator for the initialisation (left-to-right weights first). */
  rng: Random;
  /** Hidden nonlinearity (default tanh). */
  activation?: HiddenActivation;
  /** Element type (default float64). */
  dtype?: DType;
}

/**
 * Two stateless {@link TimeRNN}s, outputs concatenated `[T·B × 2H]`.
 * Parameters: `fwd.Wxh`, `fwd.Whh`, `fwd.b`, `bwd.Wxh`, `bwd.Whh`, `bwd.b`.
 *
 * @example
 * ```ts
 * import { gaussianMatrix, Random } from "../random.ts";
 * import { BidirectionalRNN } from "./bidirectional.ts";
 * const rng = new Random(0);
 * const birnn = new BidirectionalRNN({ inputSize: 3, hiddenSize: 4, rng });
 * const xs = gaussianMatrix(rng, 5 * 2, 3); // T = 5 steps, B = 2
 * const ys = birnn.forward(xs, 2, [5, 3]);  // the second sequence has 2 padding steps
 * console.assert(ys.rows === 10 && ys.cols === 8);
 * ```
 */
export class BidirectionalRNN implements SequenceLayer {
  /** Reads left to right. */
  readonly forwardRNN: TimeRNN;
  /** Reads right to left (on reversed sequences). */
  readonly backwardRNN: TimeRNN;
  #lengths: ArrayLike<number> | undefined;

  /** Creates both directions, stateless. */
  constructor(options: BidirectionalRNNOptions) {
    this.forwardRNN = new TimeRNN({ ...options, stateful: false });
    this.backwardRNN = new TimeRNN({ ...options, stateful: false });
  }

  /** Left-to-right parameters prefixed `fwd.`, then right-to-left ones prefixed `bwd.`. */
  get params(): Param[] {
    return [
      ...prefixed("fwd", this.forwardRNN.params),
      ...prefixed("bwd", this.backwardRNN.params),
    ];
  }

  /** Features per input step. */
  get inputSize(): number {
    return this.forwardRNN.cell.inputSize;
  }

  /** Hidden units per direction. */
  get hiddenSize(): number {
    return this.forwardRNN.cell.hiddenSize;
  }

  /** `2 · hiddenSize`. */
  get outputSize(): number {
    return 2 * this.hiddenSize;
  }

  /** Element type of the parameters. */
  get dtype(): DType {
    return this.forwardRNN.cell.Wxh.value.dtype;
  }

  /** `[h→ | h←]` for every step; `lengths` default to all T (no padding). */
  forward(xs: Matrix, batchSize: number, lengths?: ArrayLike<number>): Matrix {
    const lens = lengthsOrFull(lengths, xs.rows, batchSize);
    const hf = this.forwardRNN.forward(xs, batchSize);
    const hbReversed = this.backwardRNN.forward(reversePadded(xs, lens), batchSize);
    this.#lengths = lens;
    return concatColumns(hf, reversePadded(hbReversed, lens));
  }

  /** Splits `dys` into the two halves, runs both backward, adds their input gradients. */
  backward(dys: Matrix): Matrix {
    const lens = this.#lengths;
    if (!lens) throw new Error("BidirectionalRNN.backward called before forward");
    if (dys.cols !== this.outputSize) {
      throw new RangeError(
        `BidirectionalRNN gradient: expected ${this.outputSize} columns, got ${dys.cols}`,
      );
    }
    const [dhf, dhb] = splitColumns(dys, this.hiddenSize);
    const dxs = this.forwardRNN.backward(dhf);
    const dxsReversed = this.backwardRNN.backward(reversePadded(dhb, lens));
    return addScaled(dxs, reversePadded(dxsReversed, lens));
  }
}
