/**
 * The stacked (deep) RNN: L recurrent layers, where the hidden states of
 * layer l are the inputs of layer l + 1.
 *
 * ```
 * h⁽⁰⁾_t = act(x_t·Wxh⁽⁰⁾ + h⁽⁰⁾_{t−1}·Whh⁽⁰⁾ + b⁽⁰⁾)
 * h⁽ˡ⁾_t = act(h⁽ˡ⁻¹⁾_t·Wxh⁽ˡ⁾ + h⁽ˡ⁾_{t−1}·Whh⁽ˡ⁾ + b⁽ˡ⁾)      l = 1 … L−1
 * ```
 *
 * Backward runs the layers in reverse: the input gradient of layer l + 1 is
 * the output gradient of layer l. Each layer may itself be bidirectional.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import type { Random } from "../random.ts";
import { BidirectionalRNN } from "./bidirectional.ts";
import { type Param, prefixed } from "./param.ts";
import type { HiddenActivation } from "./rnn_cell.ts";
import { lengthsOrFull, type SequenceLayer } from "./sequence.ts";
import { TimeRNN } from "./time_rnn.ts";

/** Options of {@link StackedRNN}. */
export interface StackedRNNOptions {
  /** Features per time step of the first layer's input. */
  inputSize: number;
  /** Hidden units of every layer (of each direction when bidirectional). */
  hiddenSize: number;
  /** Number of layers L (default 1). */
  numLayers?: number;
  /** Make every layer a {@link BidirectionalRNN} (default false). */
  bidirectional?: boolean;
  /** Generator for the initialisation (layer 0 first). */
  rng: Random;
  /** Hidden nonlinearity (default tanh). */
  activation?: HiddenActivation;
  /** Element type (default float64). */
  dtype?: DType;
}

/** A stateless left-to-right {@link TimeRNN} seen as a {@link SequenceLayer}. */
class ForwardOnly implements SequenceLayer {
  constructor(readonly rnn: TimeRNN) {}
  get params(): Param[] {
    return this.rnn.params;
  }
  get inputSize(): number {
    return this.rnn.cell.inputSize;
  }
  get outputSize(): number {
    return this.rnn.cell.hiddenSize;
  }
  get dtype(): DType {
    return this.rnn.cell.Wxh.value.dtype;
  }
  // Padding comes after the real steps, so a left-to-right pass needs no lengths.
  forward(xs: Matrix, batchSize: number, lengths?: ArrayLike<number>): Matrix {
    lengthsOrFull(lengths, xs.rows, batchSize);
    return this.rnn.forward(xs, batchSize);
  }
  backward(dhs: Matrix): Matrix {
    return this.rnn.backward(dhs);
  }
}

/**
 * L recurrent layers on top of each other, stateless (each batch starts from
 * zeros). With one layer the parameters keep their plain names (`Wxh`, or
 * `fwd.Wxh` when bidirectional); with more, layer l's are prefixed `l0.`,
 * `l1.`, … (`l1.Wxh`, `l0.fwd.Whh`).
 *
 * @example
 * ```ts
 * import { gaussianMatrix, Random } from "../random.ts";
 * import { StackedRNN } from "./stacked.ts";
 * const rng = new Random(0);
 * const deep = new StackedRNN({ inputSize: 3, hiddenSize: 4, numLayers: 2, rng });
 * const hs = deep.forward(gaussianMatrix(rng, 6, 3), 2); // T = 3, B = 2
 * console.assert(hs.cols === 4 && deep.params[3].name === "l1.Wxh");
 * ```
 */
export class StackedRNN implements SequenceLayer {
  /** The layers, bottom (reads the input) first. */
  readonly layers: readonly SequenceLayer[];

  /** Creates the L layers; layer l > 0 reads layer l − 1's outputs. */
  constructor(options: StackedRNNOptions) {
    const { numLayers = 1, bidirectional = false, hiddenSize, rng, activation, dtype } = options;
    if (!Number.isInteger(numLayers) || numLayers < 1) {
      throw new RangeError(`numLayers must be a positive integer, got ${numLayers}`);
    }
    const layers: SequenceLayer[] = [];
    let inputSize = options.inputSize;
    for (let l = 0; l < numLayers; l++) {
      const common = { inputSize, hiddenSize, rng, activation, dtype };
      const layer = bidirectional
        ? new BidirectionalRNN(common)
        : new ForwardOnly(new TimeRNN({ ...common, stateful: false }));
      layers.push(layer);
      inputSize = layer.outputSize;
    }
    this.layers = layers;
  }

  /** Every layer's parameters, bottom first, prefixed `l<index>.` when L > 1. */
  get params(): Param[] {
    if (this.layers.length === 1) return [...this.layers[0].params];
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

  /** The top layer's states `[T·B × outputSize]`. */
  forward(xs: Matrix, batchSize: number, lengths?: ArrayLike<number>): Matrix {
    let h = xs;
    for (const layer of this.layers) h = layer.forward(h, batchSize, lengths);
    return h;
  }

  /** Backward through the layers top to bottom; returns `dxs` of the bottom input. */
  backward(dhs: Matrix): Matrix {
    let d = dhs;
    for (let l = this.layers.length - 1; l >= 0; l--) d = this.layers[l].backward(d);
    return d;
  }
}
