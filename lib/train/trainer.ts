/**
 * The one training loop of the course. For every step:
 *
 * ```
 * batch → forward (loss) → divergence check → backward (through time)
 *       → clip → optimizer step → schedule → records, progress, validation
 * ```
 *
 * It takes any {@link Model}, batches from a list, a stream batcher or a
 * generator, and owns the live progress display. A model that learns online
 * (it has `learn(batch, optimizer)`, e.g. the RNNLM toolkit's word-by-word
 * SGD) is called with the batch and the optimizer instead, and updates
 * itself: no backward, clipping or optimizer step here, and the gradient
 * norm is recorded as NaN. It is `async`: when the
 * display is redrawn (at most every 250 ms) it waits until the update has
 * left, so a Jupyter front end shows progress while the cell runs, not after.
 *
 * @module
 */

import { flush, isJupyter } from "../viz/display.ts";
import { Progress, type ProgressUpdate } from "../viz/progress.ts";
import { zeroGrads } from "../layers/param.ts";
import { clipGradNorm, clipGradValue, gradNorm } from "../optim/clip.ts";
import type { Optimizer } from "../optim/optimizer.ts";
import type { LearningRateSchedule } from "../optim/schedule.ts";
import type { Model, ModelPass, Resettable } from "../models/model.ts";
import { requirePositive, requirePositiveInteger } from "../core/guards.ts";
import { DivergenceGuard } from "./divergence.ts";
import { type BatchSource, batchStream } from "./sources.ts";
import type { EpochRecord, StepRecord, TrainingHistory, ValidationRecord } from "./history.ts";

/** When and how to measure on held-out data. */
export interface Validation {
  /** Every this many steps, or at the end of every epoch (default `"epoch"`). */
  every?: number | "epoch";
  /** Computes the held-out metric(s); a number is recorded under `name`. */
  run: () => number | Record<string, number>;
  /** Name of a single-number result (default `"loss"`). */
  name?: string;
}

/** Options of {@link train}. */
export interface TrainOptions<B> {
  /** The update rule. */
  optimizer: Optimizer;
  /** Number of optimizer steps (give this or `epochs`). */
  steps?: number;
  /** Number of passes over the data (give this or `steps`). */
  epochs?: number;
  /** Clip the global gradient norm to this value (recommended: 5). */
  clipNorm?: number;
  /** Clip each gradient element to ±this value (min-char-rnn and rnnlm style). */
  clipValue?: number;
  /** Changes the learning rate after steps or epochs, and may stop training. */
  schedule?: LearningRateSchedule;
  /** Held-out measurements during training. */
  validate?: Validation;
  /**
   * The live display's title (default `"training"`), `false` for none, `true`
   * to show one even in logs and tests, or a `Progress` to draw on. A display
   * is shown in Jupyter and in a terminal, not in logs or tests unless forced.
   */
  progress?: boolean | string | Progress;
  /** Called after every step; return `false` to stop. */
  onStep?: (record: StepRecord) => void | boolean;
  /** Called after every epoch; return `false` to stop. */
  onEpoch?: (record: EpochRecord) => void | boolean;
  /** Visit a list of batches in a new random order every epoch (default true). */
  shuffle?: boolean;
  /** Seed of that order (default 0). */
  seed?: number;
  /** Changes each batch before the model sees it (e.g. feeding the model its own outputs). */
  prepare?: (batch: B) => B;
  /** Stop when the loss exceeds this multiple of its start (default 100; see `divergence.ts`). */
  divergenceFactor?: number;
}

/**
 * Trains `model` and returns what happened, step by step and epoch by epoch.
 * Stops with a `TrainingDivergedError` (naming the step, with a hint) before a
 * diverged step touches the weights.
 *
 * @example
 * ```ts
 * import { Adam, LanguageModel, StreamBatcher, train } from "../mod.ts";
 * const lm = new LanguageModel({ vocabSize: 3, hiddenSize: 8 });
 * const data = new StreamBatcher([0, 1, 2, 0, 1, 2, 0, 1, 2], { batchSize: 1, seqLength: 8 });
 * const history = await train(lm, data, { steps: 50, optimizer: new Adam({ lr: 0.05 }) });
 * console.assert(history.steps.at(-1)!.loss < history.steps[0].loss);
 * ```
 */
export async function train<B, P extends ModelPass>(
  model: Model<B, P>,
  data: BatchSource<B>,
  options: TrainOptions<B>,
): Promise<TrainingHistory> {
  const stream = batchStream(data, options);
  const total = totalSteps(options, stream.batchesPerEpoch);
  const loop = new Loop(model, options, total);
  let epoch = 1;
  for (let step = 1; step <= total; step++) {
    const next = stream.next(step);
    if (next.epoch !== epoch) {
      if (!(await loop.endEpoch(epoch))) break;
      epoch = next.epoch;
    }
    if (!(await loop.step(step, epoch, next.batch))) break;
  }
  if (!loop.stopped) await loop.endEpoch(epoch, true);
  return loop.finish();
}

function totalSteps(
  options: { steps?: number; epochs?: number },
  perEpoch: number | undefined,
): number {
  const { steps, epochs } = options;
  if ((steps === undefined) === (epochs === undefined)) {
    throw new RangeError("train: give either steps or epochs (exactly one)");
  }
  if (steps !== undefined) return requirePositiveInteger("steps", steps);
  requirePositiveInteger("epochs", epochs!);
  if (perEpoch === undefined) {
    throw new RangeError("train: a batch generator has no epochs; give steps instead");
  }
  return epochs! * perEpoch;
}

/** The state of one training run. */
class Loop<B, P extends ModelPass> {
  readonly history: TrainingHistory = { steps: [], epochs: [], validation: [], seconds: 0 };
  stopped = false;
  readonly #model: Model<B, P>;
  readonly #options: TrainOptions<B>;
  readonly #guard: DivergenceGuard;
  readonly #progress: Progress | undefined;
  readonly #started = performance.now();
  #tokens = 0;
  #epochLoss = 0;
  #epochCount = 0;
  #epochNorm = 0;
  #epochSteps = 0;

  constructor(model: Model<B, P>, options: TrainOptions<B>, total: number) {
    if (options.clipNorm !== undefined) requirePositive("clipNorm", options.clipNorm);
    if (options.clipValue !== undefined) requirePositive("clipValue", options.clipValue);
    if (model.learn && (options.clipNorm !== undefined || options.clipValue !== undefined)) {
      throw new RangeError(
        "train: clipNorm and clipValue clip a gradient the trainer applies, but this model " +
          "learns online (it has learn()) and updates itself: use its own clipping options",
      );
    }
    this.#model = model;
    this.#options = options;
    this.#guard = new DivergenceGuard(options.divergenceFactor);
    this.#progress = makeProgress(options.progress, total);
  }

  /** One optimizer step; false when training should stop. */
  async step(step: number, epoch: number, raw: B): Promise<boolean> {
    const { optimizer, prepare, schedule, onStep } = this.#options;
    const model = this.#model;
    if ((raw as Resettable).resetState === true) model.resetState?.();
    const batch = prepare ? prepare(raw) : raw;
    const lr = optimizer.lr;
    const { pass, norm } = model.learn
      ? this.#online(step, batch)
      : this.#gradientStep(step, batch);
    schedule?.afterStep?.(step);
    this.#tokens += pass.count;
    this.#epochLoss += pass.loss * pass.count;
    this.#epochCount += pass.count;
    this.#epochNorm += norm;
    this.#epochSteps++;
    const record = this.#record(step, epoch, pass, norm, lr);
    this.history.steps.push(record);
    const { validate } = this.#options;
    if (typeof validate?.every === "number" && step % validate.every === 0) {
      this.#validate(step, epoch);
    }
    if (this.#progress?.update(progressOf(record, this.history.validation.at(-1)))) {
      await this.#progress.flush();
    }
    if (onStep?.(record) === false) return this.#stop();
    return true;
  }

  /** forward → divergence check → backward → clip → optimizer step. */
  #gradientStep(step: number, batch: B): { pass: ModelPass; norm: number } {
    const { optimizer, clipNorm, clipValue } = this.#options;
    const model = this.#model, params = model.params;
    const pass = model.forward(batch);
    this.#guard.check(step, optimizer.lr, pass.loss);
    zeroGrads(params);
    model.backward(pass);
    const norm = gradNorm(params);
    this.#guard.check(step, optimizer.lr, pass.loss, norm);
    if (clipNorm !== undefined) clipGradNorm(params, clipNorm);
    if (clipValue !== undefined) clipGradValue(params, clipValue);
    optimizer.step(params);
    return { pass, norm };
  }

  /**
   * A model that learns online updates itself inside the batch; there is no
   * one gradient to measure (its norm is recorded as NaN), and the loss can
   * only be checked after the updates.
   */
  #online(step: number, batch: B): { pass: ModelPass; norm: number } {
    const { optimizer } = this.#options;
    const pass = this.#model.learn!(batch, optimizer);
    this.#guard.check(step, optimizer.lr, pass.loss);
    return { pass, norm: NaN };
  }

  /** Closes an epoch (validation, schedule, callback); false when training should stop. */
  async endEpoch(epoch: number, last = false): Promise<boolean> {
    if (this.#epochSteps === 0) return true;
    const { validate, schedule, onEpoch } = this.#options;
    const step = this.history.steps.length;
    const perEpoch = validate !== undefined && (validate.every ?? "epoch") === "epoch";
    const validation = perEpoch ? this.#validate(step, epoch) : undefined;
    const record: EpochRecord = {
      epoch,
      loss: this.#epochCount > 0 ? this.#epochLoss / this.#epochCount : 0,
      gradNorm: this.#epochNorm / this.#epochSteps,
      steps: step,
      seconds: this.#seconds(),
      validation: validation?.metrics,
    };
    this.history.epochs.push(record);
    this.#epochLoss =
      this.#epochCount =
      this.#epochNorm =
      this.#epochSteps =
        0;
    const firstMetric = validation ? Object.values(validation.metrics)[0] : undefined;
    const goOn = schedule?.afterEpoch?.(epoch, firstMetric) !== false;
    if (onEpoch?.(record) === false || (!goOn && !last)) return this.#stop();
    await Promise.resolve();
    return true;
  }

  async finish(): Promise<TrainingHistory> {
    this.history.seconds = this.#seconds();
    await this.#progress?.done();
    await flush(); // whatever callbacks printed leaves before the cell can end
    return this.history;
  }

  #stop(): false {
    this.stopped = true;
    return false;
  }

  #seconds(): number {
    return (performance.now() - this.#started) / 1000;
  }

  #record(step: number, epoch: number, pass: ModelPass, norm: number, lr: number): StepRecord {
    const seconds = this.#seconds();
    return {
      step,
      epoch,
      loss: pass.loss,
      gradNorm: norm,
      lr,
      tokens: this.#tokens,
      seconds,
      tokensPerSecond: seconds > 0 ? this.#tokens / seconds : 0,
    };
  }

  #validate(step: number, epoch: number): ValidationRecord {
    const { run, name = "loss" } = this.#options.validate!;
    const result = run();
    const metrics = typeof result === "number" ? { [name]: result } : { ...result };
    const record = { step, epoch, tokens: this.#tokens, seconds: this.#seconds(), metrics };
    this.history.validation.push(record);
    return record;
  }
}

function makeProgress(
  choice: boolean | string | Progress | undefined,
  total: number,
): Progress | undefined {
  if (choice instanceof Progress) {
    if (choice.total < total) {
      throw new RangeError(
        `train: the progress display counts ${choice.total} steps, training runs ${total}`,
      );
    }
    return choice;
  }
  if (choice === false) return undefined;
  const visible = choice === true || isJupyter() || Deno.stderr.isTerminal();
  if (!visible) return undefined;
  return new Progress({ total, title: typeof choice === "string" ? choice : "training" });
}

function progressOf(record: StepRecord, validation: ValidationRecord | undefined): ProgressUpdate {
  const shown: ProgressUpdate = {
    step: record.step,
    loss: record.loss,
    tokensPerSecond: record.tokensPerSecond,
  };
  if (record.epoch > 1) shown.epoch = record.epoch;
  for (const [name, value] of Object.entries(validation?.metrics ?? {})) {
    shown[`val ${name}`] = value;
  }
  return shown;
}
