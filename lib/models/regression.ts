/**
 * Many-to-one regression: a whole sequence of vectors in, real numbers out
 * (e.g. the adding problem: the sum of two marked numbers).
 *
 * ```
 * h_t = cell(x_t, h_{t−1})            (RNN, LSTM, GRU, stacks)
 * y   = h_{len−1}·Why + by            loss = mean squared error against the targets
 * ```
 *
 * As in the classifier, the prediction is read from each sequence's *last
 * real* state, so padding after it changes nothing.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import { gatherLast, scatterLast } from "../core/sequence_ops.ts";
import type { SequenceBatch } from "../core/sequence_batch.ts";
import type { RegressionBatch } from "../data/tasks/adding.ts";
import { type Affine, type AffinePass, outputLayer } from "../layers/affine.ts";
import { type CellSpec, makeRecurrent } from "../layers/cells.ts";
import { MeanSquaredError, type MSEPass } from "../layers/mse_loss.ts";
import type { Param } from "../layers/param.ts";
import type { RecurrentLayer, RecurrentPass } from "../layers/recurrent.ts";
import { Random } from "../random.ts";
import type { Model, ModelPass, Predictor } from "./model.ts";

/** Options of {@link SequenceRegressor}. */
export interface SequenceRegressorOptions {
  /** Features per input step. */
  inputSize: number;
  /** Numbers predicted per sequence (default 1). */
  outputSize?: number;
  /** Units of each recurrent layer's state. */
  hiddenSize: number;
  /** The cell type (`"rnn"`, `"lstm"`, `"gru"`, with options) or a layer (default `"rnn"`). */
  cell?: string | CellSpec | RecurrentLayer;
  /** Recurrent layers stacked (default 1). */
  numLayers?: number;
  /** float64 (default) or float32. */
  dtype?: Matrix["dtype"];
  /** Seed of the initialisation (default 0). */
  seed?: number;
}

/** A forward pass of {@link SequenceRegressor}. */
export interface RegressorPass extends ModelPass {
  /** The predictions `[B × outputs]`. */
  readonly predictions: Matrix;
  /** The recurrent layer's pass. */
  readonly hidden: RecurrentPass;
  /** The output layer's pass. */
  readonly head: AffinePass;
  /** The loss layer's pass. */
  readonly lossPass: MSEPass;
}

/**
 * Recurrent layer(s) → last real state → affine, trained by mean squared
 * error. Parameters: the recurrent layer's, then `Why`, `by`.
 *
 * @example
 * ```ts
 * import { Adam, addingBatch, Random, SequenceRegressor, train } from "../mod.ts";
 * const model = new SequenceRegressor({ inputSize: 2, hiddenSize: 8, cell: "lstm" });
 * const rng = new Random(1);
 * const history = await train(model, () => addingBatch(10, 16, rng), {
 *   steps: 30,
 *   optimizer: new Adam({ lr: 0.01 }),
 *   progress: false,
 * });
 * console.assert(history.steps.length === 30 && model.predict(addingBatch(10, 3, rng).inputs).rows === 3);
 * ```
 */
export class SequenceRegressor
  implements Model<RegressionBatch, RegressorPass>, Predictor<SequenceBatch<Matrix>, Matrix> {
  /** The recurrent layers (stateless: every sequence starts from zeros). */
  readonly rnn: RecurrentLayer;
  /** Last state → predictions. */
  readonly head: Affine;
  /** The loss. */
  readonly loss = new MeanSquaredError();

  /** Builds the model with deterministic initial weights from `seed`. */
  constructor(options: SequenceRegressorOptions) {
    const { inputSize, hiddenSize, outputSize = 1, dtype = "float64" } = options;
    const rng = new Random(options.seed ?? 0);
    this.rnn = makeRecurrent({
      cell: options.cell,
      inputSize,
      hiddenSize,
      numLayers: options.numLayers,
      rng,
      dtype,
      stateful: false,
    });
    if (this.rnn.dtype !== dtype) {
      throw new TypeError(`the given recurrent layer is ${this.rnn.dtype}, the model ${dtype}`);
    }
    this.head = outputLayer(this.rnn.outputSize, outputSize, rng, dtype);
  }

  /** The recurrent layer's parameters, then the output layer's. */
  get params(): Param[] {
    return [...this.rnn.params, ...this.head.params];
  }

  #run(inputs: SequenceBatch<Matrix>): { hidden: RecurrentPass; head: AffinePass } {
    const hidden = this.rnn.forward(inputs, this.rnn.zeroState(inputs.batchSize));
    return { hidden, head: this.head.forward(gatherLast(hidden.ys)) };
  }

  /** Mean squared error of the batch's targets. */
  forward(batch: RegressionBatch): RegressorPass {
    const { inputs, targets } = batch;
    if (targets.rows !== inputs.batchSize) {
      throw new RangeError(
        `SequenceRegressor: ${targets.rows} target rows for a batch of ${inputs.batchSize}`,
      );
    }
    const { hidden, head } = this.#run(inputs);
    const lossPass = this.loss.forward(head.y, targets);
    return {
      loss: lossPass.loss,
      count: lossPass.count,
      predictions: head.y,
      hidden,
      head,
      lossPass,
    };
  }

  /** Backward: loss → head → last states → through time. */
  backward(pass: RegressorPass): void {
    const dLast = this.head.backward(this.loss.backward(pass.lossPass), pass.head);
    this.rnn.backward(scatterLast(dLast, pass.hidden.ys), pass.hidden);
  }

  /** The predictions `[B × outputs]` for a batch of sequences. */
  predict(inputs: SequenceBatch<Matrix>): Matrix {
    return this.#run(inputs).head.y;
  }

  /** Mean squared error of the predictions on batches (weighted by their sizes). */
  evaluate(batches: RegressionBatch | readonly RegressionBatch[]): number {
    const list = "inputs" in batches ? [batches] : batches;
    let total = 0, count = 0;
    for (const b of list) {
      const { loss, count: n } = this.loss.forward(this.predict(b.inputs), b.targets);
      total += loss * n;
      count += n;
    }
    return count > 0 ? total / count : 0;
  }
}
