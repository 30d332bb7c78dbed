/**
 * Long-range tasks, trained and measured for any cell: the adding problem
 * (mean squared error against predicting 1), the copy task (loss against the
 * memoryless baseline, and the accuracy of the copied symbols), and recall of
 * one symbol across a gap of blanks (accuracy against the gap). Every run
 * reports its parameter count, its speed in time steps per second (held-out
 * measurements left out) and how often clipping was active.
 *
 * @module
 */

import { type Matrix, zeros } from "../core/matrix.ts";
import type { AlignedBatch } from "../data/batches.ts";
import { ADDING_BASELINE_MSE, addingBatch } from "../data/tasks/adding.ts";
import {
  copyBaseline,
  copyBatch,
  type CopyTaskOptions,
  copyVocabulary,
} from "../data/tasks/copy.ts";
import type { CellSpec } from "../layers/cells.ts";
import { countParams } from "../layers/param.ts";
import type { RecurrentLayer } from "../layers/recurrent.ts";
import { LanguageModel } from "../models/language_model.ts";
import type { Model, ModelPass } from "../models/model.ts";
import { SequenceRegressor } from "../models/regression.ts";
import { Adam } from "../optim/adam.ts";
import { Random, xavierMatrix } from "../random.ts";
import type { StepRecord } from "../train/history.ts";
import { TrainingDivergedError } from "../train/divergence.ts";
import { train } from "../train/trainer.ts";
import { cellLabel } from "./char_lm.ts";
import { scaledOrthogonal } from "./jacobians.ts";

/** How `Whh` of an Elman RNN starts: Xavier (the engine's default), identity, or orthogonal. */
export type RecurrentInit = "xavier" | "identity" | "orthogonal";

/**
 * A starting `Whh` (`hiddenSize` square, float64): Xavier-uniform (the
 * engine's default for the Elman RNN), the identity (the IRNN of Le, Jaitly &
 * Hinton 2015, with ReLU units), or a random orthogonal matrix (Saxe et al.
 * 2014), drawn from `seed`.
 *
 * @example
 * ```ts
 * import { initialRecurrentWeight, spectralNorm } from "../mod.ts";
 * const Q = initialRecurrentWeight("orthogonal", 8, 1);
 * console.assert(Math.abs(spectralNorm(Q) - 1) < 1e-9);
 * console.assert(initialRecurrentWeight("identity", 3).get(2, 2) === 1);
 * ```
 */
export function initialRecurrentWeight(init: RecurrentInit, hiddenSize: number, seed = 0): Matrix {
  const H = hiddenSize;
  if (init === "orthogonal") return scaledOrthogonal(H, 1, new Random(seed));
  if (init === "xavier") return xavierMatrix(new Random(seed), H, H, "float64");
  const W = zeros(H, H, "float64");
  for (let i = 0; i < H; i++) W.data[i * H + i] = 1;
  return W;
}

/**
 * Sets the recurrent weight `Whh` of an Elman RNN layer to the identity or
 * to a random orthogonal matrix (see {@link initialRecurrentWeight});
 * `"xavier"` leaves the layer's own Xavier draw as it is.
 *
 * @example
 * ```ts
 * import { initRecurrentWeight, RNN, Random } from "../mod.ts";
 * const rnn = new RNN({ inputSize: 2, hiddenSize: 3, rng: new Random(0) });
 * initRecurrentWeight(rnn, "identity");
 * console.assert(rnn.cell.Whh.value.get(1, 1) === 1 && rnn.cell.Whh.value.get(0, 1) === 0);
 * ```
 */
export function initRecurrentWeight(layer: RecurrentLayer, init: RecurrentInit, seed = 0): void {
  if (init === "xavier") return;
  const Whh = layer.params.find((p) => p.name === "Whh");
  if (!Whh) throw new RangeError(`initRecurrentWeight: a ${layer.kind} layer has no Whh`);
  Whh.value.data.set(initialRecurrentWeight(init, Whh.value.rows, seed).data);
}

/** Options shared by the task runs. */
export interface TaskRunOptions {
  /** The cell type and its options. */
  cell: string | CellSpec;
  /** Units of the state. */
  hiddenSize: number;
  /** Optimizer steps. */
  steps: number;
  /** Sequences per batch (default 32). */
  batchSize?: number;
  /** Adam's learning rate (default 0.01). */
  lr?: number;
  /** Global gradient-norm clipping (default 1; `Infinity` for none). */
  clipNorm?: number;
  /** Seed of the weights and of the training data (default 1). */
  seed?: number;
  /** How `Whh` starts (Elman RNN only; default Xavier). */
  init?: RecurrentInit;
  /** Held-out measurement every this many steps (default 50). */
  evalEvery?: number;
  /** Held-out sequences (default 500). */
  testSize?: number;
  /** The live display's title, or false. */
  progress?: string | false;
}

/** One trained run of a task. */
export interface TaskRun<M> {
  /** The cell, e.g. `"lstm, forgetBias 0"`. */
  readonly label: string;
  /** The trained model. */
  readonly model: M;
  /** Its parameter count. */
  readonly params: number;
  /** The held-out metric (MSE, or nats per step) by step, from step 0. */
  readonly curve: readonly { x: number; y: number }[];
  /** The held-out metric at the end. */
  readonly final: number;
  /** What a model without memory scores on the same metric. */
  readonly baseline: number;
  /** Training loss of every step. */
  readonly losses: readonly number[];
  /** Seconds of training, held-out measurements left out. */
  readonly trainSeconds: number;
  /** Sequence steps (tokens) trained per second. */
  readonly tokensPerSecond: number;
  /** Fraction of steps whose gradient norm was above `clipNorm` (clipping active). */
  readonly clippedFraction: number;
  /**
   * The step at which the trainer stopped the run as diverged (its loss ran
   * away), if it did; the model then keeps the weights from before that step.
   */
  readonly divergedAt?: number;
}

interface RunParts<B, P extends ModelPass, M extends Model<B, P>> {
  model: M;
  batch: (rng: Random) => B;
  metric: () => number;
  baseline: number;
  tokensPerStep: number;
}

/** The shared loop: train with held-out measurements (timed apart) and summarise. */
async function run<B, P extends ModelPass, M extends Model<B, P>>(
  options: TaskRunOptions,
  parts: RunParts<B, P, M>,
): Promise<TaskRun<M>> {
  const { steps, lr = 0.01, clipNorm = 1, seed = 1, evalEvery = 50 } = options;
  const { model, metric } = parts;
  const rng = new Random(seed + 1);
  let heldOutSeconds = 0;
  const measure = () => {
    const start = performance.now();
    const value = metric();
    heldOutSeconds += (performance.now() - start) / 1000;
    return value;
  };
  const curve = [{ x: 0, y: measure() }];
  heldOutSeconds = 0;
  const records: StepRecord[] = [];
  const started = performance.now();
  let divergedAt: number | undefined, current = 0;
  const batches = (step: number) => {
    current = step; // the step about to run (a held-out measurement follows it)
    return parts.batch(rng);
  };
  try {
    await train(model, batches, {
      steps,
      optimizer: new Adam({ lr }),
      clipNorm: Number.isFinite(clipNorm) ? clipNorm : undefined,
      progress: options.progress ?? false,
      validate: {
        every: evalEvery,
        name: "metric",
        run: () => {
          const y = measure();
          curve.push({ x: current, y });
          return y;
        },
      },
      onStep: (r) => void records.push(r),
    });
  } catch (e) {
    if (!(e instanceof TrainingDivergedError)) throw e;
    divergedAt = e.step; // the weights are those before the diverged step
  }
  const trainSeconds = (performance.now() - started) / 1000 - heldOutSeconds;
  if (curve.at(-1)!.x !== records.length) curve.push({ x: records.length, y: measure() });
  return {
    label: cellLabel(options.cell),
    model,
    params: countParams(model.params),
    curve,
    final: curve.at(-1)!.y,
    baseline: parts.baseline,
    losses: records.map((r) => r.loss),
    trainSeconds,
    tokensPerSecond: (records.length * parts.tokensPerStep) / trainSeconds,
    clippedFraction: records.filter((r) => r.gradNorm > clipNorm).length / records.length,
    divergedAt,
  };
}

/**
 * Trains a {@link SequenceRegressor} of `cell` on the adding problem of
 * `length` steps (float32, Adam) and measures the mean squared error on
 * held-out sequences against the baseline 1/6 of predicting 1.
 */
export function trainOnAdding(
  options: TaskRunOptions & { length: number },
): Promise<TaskRun<SequenceRegressor>> {
  const { length, hiddenSize, cell, seed = 1, batchSize = 32, testSize = 500 } = options;
  const model = new SequenceRegressor({ inputSize: 2, hiddenSize, cell, dtype: "float32", seed });
  initRecurrentWeight(model.rnn, options.init ?? "xavier", seed);
  const test = addingBatch(length, testSize, new Random(seed + 1000), "float32");
  return run(options, {
    model,
    batch: (rng) => addingBatch(length, batchSize, rng, "float32"),
    metric: () => model.evaluate(test),
    baseline: ADDING_BASELINE_MSE,
    tokensPerStep: batchSize * length,
  });
}

/** A copy-task run: also the accuracy of the copied symbols at the end. */
export interface CopyRun extends TaskRun<LanguageModel> {
  /** Fraction of copied symbols right (argmax) on the held-out sequences. */
  readonly accuracy: number;
}

/**
 * The fraction of the last `length` targets of each sequence (the copied
 * symbols) that the model's argmax gets right.
 */
export function copyAccuracy(model: LanguageModel, batch: AlignedBatch, length: number): number {
  const predicted = model.predict(batch.inputs);
  const B = batch.inputs.batchSize, T = predicted.length / B;
  let right = 0;
  for (let t = T - length; t < T; t++) {
    for (let b = 0; b < B; b++) if (predicted[t * B + b] === batch.targets.data[t * B + b]) right++;
  }
  return right / (length * B);
}

/**
 * Trains a (stateless, one-hot) language model of `cell` on the copy task
 * and measures its held-out loss per step against the memoryless baseline,
 * and the accuracy of the copied symbols.
 */
export async function trainOnCopy(
  options: TaskRunOptions & CopyTaskOptions,
): Promise<CopyRun> {
  const { hiddenSize, cell, seed = 1, batchSize = 32, testSize = 500 } = options;
  const task: CopyTaskOptions = {
    delay: options.delay,
    length: options.length ?? 10,
    symbols: options.symbols ?? 8,
  };
  const vocabSize = copyVocabulary(task.symbols).size;
  const model = new LanguageModel({
    vocabSize,
    hiddenSize,
    cell,
    dtype: "float32",
    seed,
    stateful: false,
  });
  initRecurrentWeight(model.rnn, options.init ?? "xavier", seed);
  const test = copyBatch(task, testSize, new Random(seed + 1000));
  const result = await run(options, {
    model,
    batch: (rng) => copyBatch(task, batchSize, rng),
    metric: () => model.forward(test, model.zeroState(testSize)).loss,
    baseline: copyBaseline(task),
    tokensPerStep: batchSize * (task.delay + 2 * task.length!),
  });
  return { ...result, accuracy: copyAccuracy(model, test, task.length!) };
}

/** One gap of {@link recallByGap}. */
export interface RecallRow {
  /** Steps between seeing the symbol and writing it. */
  readonly gap: number;
  /** Fraction of held-out sequences whose symbol is recalled. */
  readonly accuracy: number;
  /** Guessing: 1 / symbols. */
  readonly chance: number;
  /** Fraction of training steps in which clipping was active. */
  readonly clippedFraction: number;
  /** The run. */
  readonly run: CopyRun;
}

/**
 * Recall of one symbol across a gap: the copy task with `length: 1` and
 * `delay = gap − 1` (the symbol comes first, the answer `gap` steps later),
 * trained afresh for every gap.
 */
export async function recallByGap(
  options: Omit<TaskRunOptions, "progress"> & {
    gaps: readonly number[];
    symbols?: number;
    progress?: (gap: number) => string | false;
  },
): Promise<RecallRow[]> {
  const rows: RecallRow[] = [];
  const symbols = options.symbols ?? 8;
  for (const gap of options.gaps) {
    const run = await trainOnCopy({
      ...options,
      delay: gap - 1,
      length: 1,
      symbols,
      progress: options.progress?.(gap) ?? false,
    });
    rows.push({
      gap,
      accuracy: run.accuracy,
      chance: 1 / symbols,
      clippedFraction: run.clippedFraction,
      run,
    });
  }
  return rows;
}
