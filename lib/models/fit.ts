/**
 * The minibatch training loop of the supervised sequence models
 * (classifier, tagger, encoder–decoder, conditional generator):
 * for each epoch, for each batch: forward → loss → backward → clip →
 * optimizer step. Every batch starts from a zero state (no truncated BPTT).
 *
 * @module
 */

import { type HasParams, zeroGrads } from "../layers/param.ts";
import { clipGradNorm, gradNorm } from "../optim/clip.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import { Random } from "../random.ts";
import { TrainingDivergedError } from "./train.ts";

/** A model trained on whole batches: what {@link fit} needs. */
export interface SupervisedModel<B> extends HasParams {
  /** Runs the model on a batch and returns its mean loss. */
  forward(batch: B): number;
  /** Backward from the last forward's loss, adding into the parameter gradients. */
  backward(): void;
}

/** What {@link fit} reports after each epoch. */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean of the batch losses of this epoch. */
  loss: number;
  /** Mean gradient norm before clipping. */
  gradNorm: number;
  /** Optimizer steps so far. */
  steps: number;
  /** Wall-clock seconds since the start of training. */
  seconds: number;
}

/** Options of {@link fit}. */
export interface FitOptions {
  /** Passes over the batches. */
  epochs: number;
  /** The update rule. */
  optimizer: Optimizer;
  /** Clip the global gradient norm to this value (recommended: 5). */
  clipNorm?: number;
  /** Visit the batches in a new random order each epoch (default true). */
  shuffle?: boolean;
  /** Seed of that order (default 0). */
  seed?: number;
  /**
   * Called after every epoch (validation accuracy, charts, schedules).
   * Return `false` to stop early.
   */
  onEpoch?: (record: EpochRecord) => void | boolean;
}

/**
 * Trains `model` on `batches` for `options.epochs` epochs and returns one
 * record per epoch. Stops with a {@link TrainingDivergedError} when a loss or
 * gradient norm becomes NaN or infinite, before the bad step touches the
 * weights.
 *
 * @example
 * ```ts
 * import { Adam } from "../optim/adam.ts";
 * import { classificationBatches, SequenceClassifier } from "./classifier.ts";
 * import { fit } from "./fit.ts";
 * const model = new SequenceClassifier({ vocabSize: 3, numClasses: 2, hiddenSize: 8 });
 * const batches = classificationBatches([[0, 1], [2], [1, 2, 2]], [0, 1, 1], { batchSize: 2 });
 * const history = fit(model, batches, { epochs: 20, optimizer: new Adam({ lr: 0.05 }) });
 * console.assert(history.at(-1)!.loss < history[0].loss);
 * ```
 */
export function fit<B>(
  model: SupervisedModel<B>,
  batches: readonly B[],
  options: FitOptions,
): EpochRecord[] {
  const { epochs, optimizer, clipNorm, shuffle = true, seed = 0, onEpoch } = options;
  if (!Number.isInteger(epochs) || epochs < 0) {
    throw new RangeError(`epochs must be a non-negative integer, got ${epochs}`);
  }
  if (batches.length === 0) throw new RangeError("fit: no batches to train on");
  const rng = new Random(seed);
  const params = model.params;
  const history: EpochRecord[] = [];
  const started = performance.now();
  let steps = 0;
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const order = shuffle ? rng.permutation(batches.length) : Array.from(batches, (_, i) => i);
    let lossSum = 0, normSum = 0;
    for (const i of order) {
      const loss = model.forward(batches[i]);
      if (!Number.isFinite(loss)) {
        throw new TrainingDivergedError(steps + 1, "loss", loss, optimizer.lr);
      }
      zeroGrads(params);
      model.backward();
      const norm = gradNorm(params);
      if (!Number.isFinite(norm)) {
        throw new TrainingDivergedError(steps + 1, "gradient norm", norm, optimizer.lr);
      }
      if (clipNorm !== undefined) clipGradNorm(params, clipNorm);
      optimizer.step(params);
      steps++;
      lossSum += loss;
      normSum += norm;
    }
    const record: EpochRecord = {
      epoch,
      loss: lossSum / batches.length,
      gradNorm: normSum / batches.length,
      steps,
      seconds: (performance.now() - started) / 1000,
    };
    history.push(record);
    if (onEpoch?.(record) === false) break;
  }
  return history;
}

/** Options of {@link batchIndices}. */
export interface BatchIndexOptions {
  /** Examples per batch (the last batch may be smaller). */
  batchSize: number;
  /** Shuffle the examples before splitting (default true). */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  seed?: number;
}

/**
 * Splits example indices `0 … n−1` into batches, shuffled with a seed.
 *
 * @example
 * ```ts
 * import { batchIndices } from "./fit.ts";
 * const groups = batchIndices(5, { batchSize: 2, shuffle: false });
 * console.assert(JSON.stringify(groups) === "[[0,1],[2,3],[4]]");
 * ```
 */
export function batchIndices(n: number, options: BatchIndexOptions): number[][] {
  const { batchSize, shuffle = true, seed = 0 } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`batchIndices: need at least one example, got ${n}`);
  }
  const order = shuffle ? new Random(seed).permutation(n) : Array.from({ length: n }, (_, i) => i);
  const groups: number[][] = [];
  for (let i = 0; i < n; i += batchSize) groups.push(order.slice(i, i + batchSize));
  return groups;
}

/** Throws unless every label is an integer in `[0, count)`, naming the first bad one. */
export function assertLabels(what: string, labels: ArrayLike<number>, count: number): void {
  for (let i = 0; i < labels.length; i++) {
    const y = labels[i];
    if (!Number.isInteger(y) || y < 0 || y >= count) {
      throw new RangeError(`${what}: label ${y} of example ${i} is outside [0, ${count})`);
    }
  }
}
