/**
 * The output-recurrence network: the only path from one step to the next
 * goes through the output.
 *
 * ```
 * h_t = tanh(x_t·Wxh + y_{t−1}·Wyh + b)      y_{t−1}: one-hot previous output (0 at t = 0)
 * z_t = h_t·Why + by                         p_t = softmax(z_t)
 * ```
 *
 * With teacher forcing, `y_{t−1}` is the *true* previous target, known in
 * advance: no step depends on another, so all steps are computed at once
 * (one matrix product over time) and there is no backpropagation through
 * time at all. At test time it must feed its own previous output. What it
 * cannot do: remember anything it did not write out.
 *
 * @module
 */

import { requireInteger } from "../core/guards.ts";
import { type DType, type Matrix, zeros } from "../core/matrix.ts";
import { activate, activateBackward, addBias, matmul, sumRowsInto } from "../core/ops.ts";
import type { TokenBatch } from "../core/sequence_batch.ts";
import type { AlignedBatch } from "../data/batches.ts";
import { oneHot } from "../layers/embedding.ts";
import { type HasParams, type Param, param } from "../layers/param.ts";
import { type LossPass, SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import { Random, xavierMatrix } from "../random.ts";
import { argmaxRows } from "../sampling/pick.ts";
import type { Model, ModelPass, Predictor } from "./model.ts";

/** Options of {@link OutputRecurrentNet}. */
export interface OutputRecurrentOptions {
  /** Number of input symbols (one-hot inputs). */
  inputSize: number;
  /** Number of output classes. */
  outputSize: number;
  /** Hidden units. */
  hiddenSize: number;
  /** Element type (default float64). */
  dtype?: DType;
  /** Seed of the initialisation (default 0). */
  seed?: number;
}

/** The scores of every step given the previous outputs, and what backward needs. */
export interface OutputRecurrentScores {
  /** Logits `[T·B × outputs]`. */
  readonly logits: Matrix;
  /** One-hot inputs. */
  readonly x: Matrix;
  /** One-hot previous outputs (zero rows where there is none). */
  readonly yPrev: Matrix;
  /** Hidden states. */
  readonly h: Matrix;
}

/** A forward pass of {@link OutputRecurrentNet}. */
export interface OutputRecurrentPass extends ModelPass, OutputRecurrentScores {
  /** The loss layer's pass. */
  readonly lossPass: LossPass;
}

/**
 * A network whose recurrence runs only through its output (Goodfellow,
 * Bengio and Courville, *Deep Learning*, §10.2.1), trained with teacher
 * forcing. Parameters: `Wxh`, `Wyh`, `b`, `Why`, `by`.
 *
 * @example
 * ```ts
 * import { OutputRecurrentNet, SequenceBatch } from "../mod.ts";
 * const net = new OutputRecurrentNet({ inputSize: 2, outputSize: 2, hiddenSize: 4 });
 * const pass = net.forward({ inputs: SequenceBatch.tokens([0, 1, 1], 1), targets: SequenceBatch.tokens([1, 0, 0], 1) });
 * net.backward(pass);
 * console.assert(pass.loss > 0 && net.params.length === 5);
 * ```
 */
export class OutputRecurrentNet
  implements
    HasParams,
    Model<AlignedBatch, OutputRecurrentPass>,
    Predictor<TokenBatch, Int32Array> {
  /** Input → hidden. */
  readonly Wxh: Param;
  /** Previous output → hidden: the only recurrent path. */
  readonly Wyh: Param;
  /** Hidden bias. */
  readonly b: Param;
  /** Hidden → output logits. */
  readonly Why: Param;
  /** Output bias. */
  readonly by: Param;
  /** The loss layer. */
  readonly loss = new SoftmaxCrossEntropy();
  /** Number of input symbols. */
  readonly inputSize: number;
  /** Number of output classes. */
  readonly outputSize: number;
  /** Element type. */
  readonly dtype: DType;

  /** Builds the network with Xavier-initialised weights. */
  constructor(options: OutputRecurrentOptions) {
    const { inputSize, outputSize, hiddenSize, dtype = "float64" } = options;
    const rng = new Random(options.seed ?? 0);
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    this.dtype = dtype;
    this.Wxh = param("Wxh", xavierMatrix(rng, inputSize, hiddenSize, dtype));
    this.Wyh = param("Wyh", xavierMatrix(rng, outputSize, hiddenSize, dtype));
    this.b = param("b", zeros(1, hiddenSize, dtype));
    this.Why = param("Why", xavierMatrix(rng, hiddenSize, outputSize, dtype));
    this.by = param("by", zeros(1, outputSize, dtype));
  }

  /** `[Wxh, Wyh, b, Why, by]`. */
  get params(): Param[] {
    return [this.Wxh, this.Wyh, this.b, this.Why, this.by];
  }

  /**
   * Logits for `inputs`, given the previous outputs `previous` (ids in the
   * same layout; −1 means "none", as at t = 0). All steps at once: nothing
   * here depends on another step's result.
   */
  scoresGiven(inputs: ArrayLike<number>, previous: ArrayLike<number>): OutputRecurrentScores {
    if (previous.length !== inputs.length) {
      throw new RangeError(
        `OutputRecurrentNet: ${previous.length} previous outputs for ${inputs.length} inputs`,
      );
    }
    const x = oneHot(inputs, this.inputSize, this.dtype);
    const yPrev = zeros(inputs.length, this.outputSize, this.dtype);
    for (let r = 0; r < previous.length; r++) {
      const y = requireInteger(`previous output ${r}`, previous[r], {
        min: -1,
        max: this.outputSize - 1,
      });
      if (y >= 0) yPrev.set(r, y, 1);
    }
    const a = matmul(x, this.Wxh.value);
    matmul(yPrev, this.Wyh.value, { out: a, accumulate: true });
    addBias(a, this.b.value);
    const h = activate("tanh", a, a);
    return { logits: addBias(matmul(h, this.Why.value), this.by.value), x, yPrev, h };
  }

  /**
   * Teacher forcing: the previous output of step t is the true target of step
   * t − 1. Returns the mean cross-entropy (nats) over the targets' mask.
   */
  forward(batch: AlignedBatch): OutputRecurrentPass {
    const { inputs, targets } = batch;
    const scores = this.scoresGiven(inputs.data, previousTargets(targets));
    const lossPass = this.loss.forward(scores.logits, targets.data, targets.mask);
    return { ...scores, loss: lossPass.loss, count: lossPass.count, lossPass };
  }

  /** Backward through loss, output layer and hidden layer (no walk through time). */
  backward(pass: OutputRecurrentPass): void {
    const { x, yPrev, h } = pass;
    const dz = this.loss.backward(pass.lossPass);
    matmul(h, dz, { transA: true, out: this.Why.grad, accumulate: true });
    sumRowsInto(dz, this.by.grad);
    const da = activateBackward("tanh", h, matmul(dz, this.Why.value, { transB: true }));
    matmul(x, da, { transA: true, out: this.Wxh.grad, accumulate: true });
    matmul(yPrev, da, { transA: true, out: this.Wyh.grad, accumulate: true });
    sumRowsInto(da, this.b.grad);
  }

  /**
   * Free-running prediction: one step at a time, each step fed the network's
   * own previous choice (argmax). Returns the predicted ids, time-major.
   */
  predict(inputs: TokenBatch): Int32Array {
    const B = inputs.batchSize;
    const out = new Int32Array(inputs.rows);
    let previous: Int32Array = new Int32Array(B).fill(-1);
    for (let t = 0; t < inputs.steps; t++) {
      previous = argmaxRows(this.scoresGiven(inputs.at(t), previous).logits);
      out.set(previous, t * B);
    }
    return out;
  }
}

/** The previous target of every position (−1 at t = 0), in the same layout. */
export function previousTargets(targets: TokenBatch): Int32Array {
  const B = targets.batchSize, ids = targets.data;
  const prev = new Int32Array(ids.length).fill(-1);
  for (let r = B; r < ids.length; r++) prev[r] = ids[r - B];
  return prev;
}
