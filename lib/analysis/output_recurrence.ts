/**
 * Hidden-state recurrence against output recurrence, on the two binary tasks
 * (notebook 04): a network that can remember only what it wrote out solves
 * running parity but not a delay.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { AlignedBatch } from "../data/batches.ts";
import { type BinaryTask, binaryTaskBatch } from "../data/tasks/binary.ts";
import { accuracy } from "../eval/metrics.ts";
import { LanguageModel } from "../models/language_model.ts";
import type { Model, ModelPass } from "../models/model.ts";
import { OutputRecurrentNet } from "../models/output_recurrence.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { Random } from "../random.ts";
import { argmaxRows } from "../sampling/pick.ts";
import { train } from "../train/trainer.ts";

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
  /** Makes a fresh optimizer for each run. */
  optimizer: () => Optimizer;
  /** Test sequences (default 500). */
  testSequences?: number;
  /** Seed (default 1). */
  seed?: number;
  /** Live progress title (default: none). */
  progress?: string;
}

/** A model of aligned batches whose pass exposes its logits. */
type ScoringModel = Model<AlignedBatch, ModelPass & { readonly logits: Matrix }>;

/**
 * Trains a hidden-state RNN (`h_t = tanh(x_t·Wxh + h_{t−1}·Whh + b)`, a
 * language model over 2 symbols, stateless) and an {@link OutputRecurrentNet}
 * of the same hidden size on each task, on fresh random batches, and tests
 * both on fresh sequences.
 */
export async function compareOnBinaryTasks(
  options: TaskComparisonOptions,
): Promise<TaskComparisonRow[]> {
  const { tasks, hiddenSize, steps, batchSize, updates, testSequences = 500, seed = 1 } = options;
  const rows: TaskComparisonRow[] = [];
  for (const task of tasks) {
    const test = binaryTaskBatch(task, steps, testSequences, new Random(seed + 1000));
    const models: [string, ScoringModel][] = [
      ["hidden-state RNN", new LanguageModel({ vocabSize: 2, hiddenSize, seed, stateful: false })],
      [
        "output recurrence",
        new OutputRecurrentNet({ inputSize: 2, outputSize: 2, hiddenSize, seed }),
      ],
    ];
    for (const [name, model] of models) {
      const rng = new Random(seed);
      const title = options.progress ? `${options.progress}: ${task}, ${name}` : false;
      const history = await train(model, () => binaryTaskBatch(task, steps, batchSize, rng), {
        steps: updates,
        optimizer: options.optimizer(),
        clipNorm: 5,
        progress: title,
      });
      const losses = history.steps.map((r) => r.loss);
      const { data: truth, mask } = test.targets;
      const teacherForced = accuracy(argmaxRows(model.forward(test).logits), truth, mask);
      const freeRunning = model instanceof OutputRecurrentNet
        ? accuracy(model.predict(test.inputs), truth, mask)
        : teacherForced;
      const tail = losses.slice(-50);
      rows.push({
        task,
        model: name,
        losses,
        finalLoss: tail.reduce((a, b) => a + b, 0) / tail.length,
        accuracy: teacherForced,
        freeRunningAccuracy: freeRunning,
      });
    }
  }
  return rows;
}
