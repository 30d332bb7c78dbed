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
 * The module also has the two binary sequence tasks that show this, and a
 * training loop for them.
 *
 * @module
 */

import { assertShape, type DType, type Matrix, zeros } from "../core/matrix.ts";
import { activate, activateBackward, addBias, matmul, sumRowsInto } from "../core/ops.ts";
import { type Ids, oneHot } from "../layers/embedding.ts";
import { type HasParams, type Param, param, zeroGrads } from "../layers/param.ts";
import { SoftmaxCrossEntropy } from "../layers/softmax_loss.ts";
import { clipGradNorm } from "../optim/clip.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { Random, xavierMatrix } from "../random.ts";
import { CharLM } from "./char_lm.ts";
import { argmax } from "./free_running.ts";

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

/**
 * A network whose recurrence runs only through its output (Goodfellow,
 * Bengio and Courville, *Deep Learning*, §10.2.1), trained with teacher
 * forcing. Parameters: `Wxh`, `Wyh`, `b`, `Why`, `by`.
 *
 * @example
 * ```ts
 * import { OutputRecurrentNet } from "./output_recurrence.ts";
 * const net = new OutputRecurrentNet({ inputSize: 2, outputSize: 2, hiddenSize: 4 });
 * const loss = net.forward([0, 1, 1], [1, 0, 0], 1);
 * net.backward();
 * console.assert(loss > 0 && net.params.length === 5);
 * ```
 */
export class OutputRecurrentNet implements HasParams {
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
  #cache: { x: Matrix; yPrev: Matrix; h: Matrix } | undefined;

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
   * Logits `[T·B × outputs]` for time-major `inputs`, given the previous
   * outputs `prevOutputs` (time-major ids; −1 means "none", at t = 0). All
   * steps at once: nothing here depends on another step's result.
   */
  logitsGiven(inputs: Ids, prevOutputs: Ids): Matrix {
    if (prevOutputs.length !== inputs.length) {
      throw new RangeError(
        `OutputRecurrentNet: ${prevOutputs.length} previous outputs for ${inputs.length} inputs`,
      );
    }
    const x = oneHot(inputs, this.inputSize, this.dtype);
    const yPrev = zeros(inputs.length, this.outputSize, this.dtype);
    for (let r = 0; r < prevOutputs.length; r++) {
      const y = prevOutputs[r];
      if (y >= 0) yPrev.set(r, y, 1);
    }
    const a = matmul(x, this.Wxh.value);
    matmul(yPrev, this.Wyh.value, { out: a, accumulate: true });
    addBias(a, this.b.value);
    const h = activate("tanh", a, a);
    this.#cache = { x, yPrev, h };
    return addBias(matmul(h, this.Why.value), this.by.value);
  }

  /**
   * Teacher forcing: the previous output of step t is the true target of step
   * t − 1. Returns the mean cross-entropy (nats), optionally masked.
   */
  forward(inputs: Ids, targets: Ids, batchSize: number, mask?: ArrayLike<number>): number {
    return this.loss.forward(
      this.logitsGiven(inputs, shiftedTargets(targets, batchSize)),
      targets,
      mask,
    );
  }

  /** Backward through loss, output layer and hidden layer (no walk through time). */
  backward(): void {
    const cache = this.#cache;
    if (!cache) throw new Error("OutputRecurrentNet.backward called before forward");
    const { x, yPrev, h } = cache;
    const dz = this.loss.backward();
    assertShape("OutputRecurrentNet logits gradient", dz, h.rows, this.outputSize);
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
  predictFreeRunning(inputs: Ids, batchSize: number): Int32Array {
    const T = inputs.length / batchSize;
    const out = new Int32Array(inputs.length);
    let prev = new Int32Array(batchSize).fill(-1);
    for (let t = 0; t < T; t++) {
      const xt = Array.from(inputs).slice(t * batchSize, (t + 1) * batchSize);
      const z = this.logitsGiven(xt, prev);
      prev = new Int32Array(batchSize);
      for (let b = 0; b < batchSize; b++) prev[b] = out[t * batchSize + b] = argmax(z.row(b));
    }
    return out;
  }

  /** Stateless: nothing to forget (for the common training loop). */
  resetState(): void {}
}

/** The previous target of every position (−1 at t = 0), time-major. */
export function shiftedTargets(targets: Ids, batchSize: number): Int32Array {
  const prev = new Int32Array(targets.length).fill(-1);
  for (let r = batchSize; r < targets.length; r++) prev[r] = targets[r - batchSize];
  return prev;
}

// ---------------------------------------------------------------------------
// Binary sequence tasks
// ---------------------------------------------------------------------------

/** A batch of a sequence task, time-major. */
export interface TaskBatch {
  /** Input bits, length `T·B`. */
  inputs: Int32Array;
  /** Target bits, same layout. */
  targets: Int32Array;
  /** 1 where the target counts, 0 where it is undefined. */
  mask: Float64Array;
  /** Rows per time step. */
  batchSize: number;
}

/** The two tasks: `"delay"` (y_t = x_{t−delay}) and `"parity"` (y_t = x_0 ⊕ … ⊕ x_t). */
export type BinaryTask = "delay" | "parity";

/**
 * Random bit sequences and their targets. `"delay"`: `y_t = x_{t−delay}`
 * (masked for `t < delay`); `"parity"`: `y_t` is the parity of the bits so
 * far, i.e. `y_t = y_{t−1} ⊕ x_t`.
 *
 * @example
 * ```ts
 * import { binaryTaskBatch } from "./output_recurrence.ts";
 * import { Random } from "../random.ts";
 * const b = binaryTaskBatch("parity", 5, 1, new Random(0));
 * console.assert(b.targets.length === 5);
 * ```
 */
export function binaryTaskBatch(
  task: BinaryTask,
  steps: number,
  batchSize: number,
  rng: Random,
  delay = 2,
): TaskBatch {
  const n = steps * batchSize;
  const inputs = new Int32Array(n), targets = new Int32Array(n);
  const mask = new Float64Array(n).fill(1);
  for (let r = 0; r < n; r++) inputs[r] = rng.int(2);
  for (let t = 0; t < steps; t++) {
    for (let b = 0; b < batchSize; b++) {
      const r = t * batchSize + b;
      if (task === "delay") {
        if (t < delay) mask[r] = 0;
        else targets[r] = inputs[r - delay * batchSize];
      } else {
        targets[r] = (t === 0 ? 0 : targets[r - batchSize]) ^ inputs[r];
      }
    }
  }
  return { inputs, targets, mask, batchSize };
}

/** A model the task loop can train: the char LM and the output-recurrence net both qualify. */
export interface TaskModel extends HasParams {
  /** Mean masked loss over the batch. */
  forward(inputs: Ids, targets: Ids, batchSize: number, mask?: ArrayLike<number>): number;
  /** Backward from the last forward. */
  backward(): void;
  /** Forgets any carried state (each batch is new sequences). */
  resetState(): void;
}

/** Options of {@link trainBinaryTask}. */
export interface BinaryTaskTrainOptions {
  /** Which task. */
  task: BinaryTask;
  /** Steps per sequence. */
  steps: number;
  /** Sequences per batch. */
  batchSize: number;
  /** Optimizer steps. */
  updates: number;
  /** The update rule. */
  optimizer: Optimizer;
  /** Delay of the "delay" task (default 2). */
  delay?: number;
  /** Seed of the data (default 0). */
  seed?: number;
}

/** Trains on fresh random batches of a {@link BinaryTask}; returns the loss after each update. */
export function trainBinaryTask(model: TaskModel, options: BinaryTaskTrainOptions): number[] {
  const { task, steps, batchSize, updates, optimizer, delay = 2, seed = 0 } = options;
  const rng = new Random(seed);
  const losses: number[] = [];
  for (let u = 0; u < updates; u++) {
    const batch = binaryTaskBatch(task, steps, batchSize, rng, delay);
    model.resetState();
    const loss = model.forward(batch.inputs, batch.targets, batchSize, batch.mask);
    zeroGrads(model.params);
    model.backward();
    clipGradNorm(model.params, 5);
    optimizer.step(model.params);
    losses.push(loss);
  }
  model.resetState();
  return losses;
}

/** Accuracy of predicted ids against a batch's targets, over masked-in positions. */
export function maskedAccuracy(predicted: ArrayLike<number>, batch: TaskBatch): number {
  let right = 0, count = 0;
  for (let r = 0; r < batch.targets.length; r++) {
    if (batch.mask[r] === 0) continue;
    count++;
    if (predicted[r] === batch.targets[r]) right++;
  }
  return right / count;
}

/** Argmax of every row of `logits`. */
export function argmaxRows(logits: Matrix): Int32Array {
  const out = new Int32Array(logits.rows);
  for (let r = 0; r < logits.rows; r++) out[r] = argmax(logits.row(r));
  return out;
}

/** One row of {@link compareOnBinaryTasks}. */
export interface TaskComparisonRow {
  /** The task. */
  task: BinaryTask;
  /** `"hidden-state RNN"` or `"output recurrence"`. */
  model: string;
  /** Training loss after each update (nats). */
  losses: number[];
  /** Mean loss of the last 50 updates (nats). */
  finalLoss: number;
  /** Accuracy on fresh test sequences, given the true history (teacher forcing). */
  accuracy: number;
  /**
   * Accuracy when the network feeds its own previous outputs (output
   * recurrence only; for the hidden-state RNN, whose inputs never include its
   * outputs, it equals `accuracy`).
   */
  freeRunningAccuracy: number;
}

/** Options of {@link compareOnBinaryTasks}. */
export interface TaskComparisonOptions {
  /** Tasks to run. */
  tasks: readonly BinaryTask[];
  /** Hidden units of both networks. */
  hiddenSize: number;
  /** Steps per sequence. */
  steps: number;
  /** Sequences per batch. */
  batchSize: number;
  /** Optimizer steps. */
  updates: number;
  /** Adam learning rate is built by this factory for each run. */
  optimizer: () => Optimizer;
  /** Test sequences (default 500). */
  testSequences?: number;
  /** Seed (default 1). */
  seed?: number;
}

/**
 * Trains a hidden-state RNN (`h_t = tanh(x_t·Wxh + h_{t−1}·Whh + b)`, the
 * char LM with 2 symbols) and an {@link OutputRecurrentNet} of the same
 * hidden size on each task, and tests both on fresh sequences.
 */
export function compareOnBinaryTasks(options: TaskComparisonOptions): TaskComparisonRow[] {
  const { tasks, hiddenSize, steps, batchSize, updates, testSequences = 500, seed = 1 } = options;
  const rows: TaskComparisonRow[] = [];
  for (const task of tasks) {
    const test = binaryTaskBatch(task, steps, testSequences, new Random(seed + 1000));
    const rnn = new CharLM({ vocabSize: 2, hiddenSize, seed });
    rnn.rnn.stateful = false;
    const net = new OutputRecurrentNet({ inputSize: 2, outputSize: 2, hiddenSize, seed });
    for (const [name, model] of [["hidden-state RNN", rnn], ["output recurrence", net]] as const) {
      const losses = trainBinaryTask(model, {
        task,
        steps,
        batchSize,
        updates,
        optimizer: options.optimizer(),
        seed,
      });
      let accuracy: number, freeRunningAccuracy: number;
      if (model instanceof OutputRecurrentNet) {
        const given = model.logitsGiven(test.inputs, shiftedTargets(test.targets, testSequences));
        accuracy = maskedAccuracy(argmaxRows(given), test);
        freeRunningAccuracy = maskedAccuracy(
          model.predictFreeRunning(test.inputs, testSequences),
          test,
        );
      } else {
        accuracy = freeRunningAccuracy = maskedAccuracy(
          argmaxRows(model.logits(test.inputs, testSequences)),
          test,
        );
      }
      const tail = losses.slice(-50);
      rows.push({
        task,
        model: name,
        losses,
        finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
        accuracy,
        freeRunningAccuracy,
      });
    }
  }
  return rows;
}
