/**
 * Learning-rate schedules. Each one acts on anything with a mutable `lr`
 * (every `Optimizer`) and also returns the rate it set.
 *
 * @module
 */

import type { Data } from "../core/matrix.ts";
import type { HasParams } from "../layers/param.ts";
import type { HasLearningRate } from "./optimizer.ts";
import { assertNonNegative, assertOpenFraction, assertPositiveInteger } from "./_validate.ts";

/**
 * What the trainer calls on a schedule: after every optimizer step, and after
 * every epoch with that epoch's validation loss (when the training measures
 * one). Returning `false` from `afterEpoch` stops training.
 */
export interface LearningRateSchedule {
  /** After optimizer step `step` (1-based). */
  afterStep?(step: number): void;
  /** After epoch `epoch` (1-based); `false` stops training. */
  afterEpoch?(epoch: number, validationLoss: number | undefined): boolean | void;
}

/** Options of {@link StepDecay}. */
export interface StepDecayOptions {
  /** Factor γ in (0, 1) the rate is multiplied by every `every` steps. */
  gamma: number;
  /** How many calls of `step()` (epochs, or batches) between two decays; a positive integer. */
  every: number;
  /** What the trainer counts: epochs (default) or optimizer steps. */
  per?: "epoch" | "step";
}

/**
 * Step decay: `lr(t) = lr₀ · γ^⌊t / every⌋`, where `lr₀` is the target's
 * learning rate when the schedule is created and `t` counts the calls of
 * {@link StepDecay.step}. Call `step()` once per epoch (or per batch, if
 * `every` counts batches), after the updates of that epoch, as with
 * PyTorch's `StepLR`.
 *
 * @example
 * ```ts
 * import { SGD } from "./sgd.ts";
 * import { StepDecay } from "./schedule.ts";
 * const opt = new SGD({ lr: 1 });
 * const schedule = new StepDecay(opt, { gamma: 0.5, every: 2 });
 * const rates = [1, 2, 3, 4].map(() => schedule.step());
 * console.assert(rates.join() === "1,0.5,0.5,0.25" && opt.lr === 0.25);
 * ```
 */
export class StepDecay implements LearningRateSchedule {
  /** The learning rate at t = 0. */
  readonly initialLr: number;
  /** The decay factor γ. */
  readonly gamma: number;
  /** Steps between two decays. */
  readonly every: number;
  /** What the trainer counts. */
  readonly per: "epoch" | "step";
  readonly #target: HasLearningRate;
  #t = 0;

  /** Reads the initial rate from `target.lr`; throws on γ outside (0, 1) or a bad `every`. */
  constructor(target: HasLearningRate, options: StepDecayOptions) {
    assertOpenFraction("StepDecay", "gamma", options.gamma);
    assertPositiveInteger("StepDecay", "every", options.every);
    this.#target = target;
    this.initialLr = target.lr;
    this.gamma = options.gamma;
    this.every = options.every;
    this.per = options.per ?? "epoch";
    if (this.per !== "epoch" && this.per !== "step") {
      throw new RangeError(`StepDecay: per must be "epoch" or "step", got ${String(this.per)}`);
    }
  }

  /** How many times {@link StepDecay.step} has been called. */
  get t(): number {
    return this.#t;
  }

  /** The rate after `t` steps, `lr₀ · γ^⌊t / every⌋` (computed, not accumulated, so no drift). */
  lrAt(t: number): number {
    return this.initialLr * this.gamma ** Math.floor(t / this.every);
  }

  /** Counts one step, sets `target.lr` to the rate for the next one and returns it. */
  step(): number {
    this.#t++;
    const lr = this.lrAt(this.#t);
    this.#target.lr = lr;
    return lr;
  }

  /** The trainer's hook when counting optimizer steps. */
  afterStep(): void {
    if (this.per === "step") this.step();
  }

  /** The trainer's hook when counting epochs. */
  afterEpoch(): void {
    if (this.per === "epoch") this.step();
  }
}

/** Options of {@link HalveOnPlateau}. */
export interface HalveOnPlateauOptions {
  /**
   * Smallest relative improvement of the validation loss that counts as
   * significant: an epoch is significant when `previous > loss·(1 + minImprovement)`.
   * Default 0.003 (the RNNLM toolkit's `min_improvement = 1.003`).
   */
  minImprovement?: number;
  /** Factor in (0, 1) applied to the rate each epoch once halving began. Default 0.5. */
  factor?: number;
  /**
   * The model whose weights go back to the previous epoch's when an epoch
   * made the validation loss worse (the RNNLM toolkit's `restoreWeights`;
   * it saves them after every epoch that did not). The weights are copied
   * when the schedule is made (the start of training) and after every epoch
   * that was no worse. Default: none, the weights are left as they are.
   */
  restoreWeights?: HasParams;
}

/** What {@link HalveOnPlateau.update} decided after one epoch. */
export interface PlateauDecision {
  /** The learning rate for the next epoch (also set on the target). */
  lr: number;
  /** Whether the rate is now being halved every epoch. */
  halving: boolean;
  /** Whether training should stop: a second plateau after halving began. */
  done: boolean;
  /** Whether this epoch improved the validation loss significantly. */
  significant: boolean;
  /**
   * Whether this epoch's loss is no worse than the previous epoch's. The
   * RNNLM toolkit keeps the new weights only then, and otherwise restores
   * the previous epoch's weights before going on.
   */
  improved: boolean;
  /** Whether the weights were put back to the previous epoch's (`restoreWeights` given, not improved). */
  restored: boolean;
}

/**
 * The learning-rate schedule of Mikolov, Karafiát, Burget, Černocký &
 * Khudanpur, "Recurrent neural network based language model"
 * (Interspeech 2010), section 3.1:
 *
 * > "If log-likelihood of validation data increases, training continues in
 * > new epoch. If no significant improvement is observed, learning rate α is
 * > halved at start of each new epoch. After there is again no significant
 * > improvement, training is finished."
 *
 * After each epoch, pass the validation loss (cross-entropy, mean or total,
 * in any log base: the test is a ratio, so the scale does not matter; not
 * perplexity, which is its exponential) to {@link HalveOnPlateau.update}:
 *
 * 1. while each epoch improves significantly (`previous > loss·(1 + minImprovement)`),
 *    the rate stays;
 * 2. at the first insignificant epoch, halving begins: the rate is halved now
 *    and after every following epoch;
 * 3. at the next insignificant epoch after that, `done` is reported and the
 *    rate is left alone.
 *
 * This follows the RNNLM toolkit's `trainNet` (`min_improvement = 1.003`,
 * `alpha_divide`), which compares each epoch with the one before it. The
 * paper starts at α = 0.1 with plain SGD. With `restoreWeights`, an epoch
 * whose validation loss is worse than the previous epoch's is undone (its
 * weights replaced by the previous epoch's), as the toolkit does; the worse
 * loss still becomes the one the next epoch is compared with, as there.
 *
 * @example
 * ```ts
 * import { SGD } from "./sgd.ts";
 * import { HalveOnPlateau } from "./schedule.ts";
 * const opt = new SGD({ lr: 0.1 });
 * const schedule = new HalveOnPlateau(opt);
 * schedule.update(5.0); // first epoch: significant, lr stays 0.1
 * schedule.update(4.0); // 20 % better: lr stays 0.1
 * const d = schedule.update(3.999); // < 0.3 % better: halving begins
 * console.assert(d.halving && !d.done && opt.lr === 0.05);
 * console.assert(schedule.update(3.5).lr === 0.025); // halves every epoch now
 * console.assert(schedule.update(3.499).done); // second plateau: stop
 * ```
 */
export class HalveOnPlateau implements LearningRateSchedule {
  /** The relative improvement that counts as significant. */
  readonly minImprovement: number;
  /** The factor applied to the rate once halving began. */
  readonly factor: number;
  readonly #target: HasLearningRate;
  readonly #model: HasParams | undefined;
  readonly #saved: Data[] | undefined;
  #previous = Infinity;
  #best = Infinity;
  #epochs = 0;
  #halving = false;
  #done = false;

  /** Acts on `target.lr` (e.g. an `Optimizer`); throws on bad options. */
  constructor(target: HasLearningRate, options: HalveOnPlateauOptions = {}) {
    const { minImprovement = 0.003, factor = 0.5 } = options;
    assertNonNegative("HalveOnPlateau", "minImprovement", minImprovement);
    assertOpenFraction("HalveOnPlateau", "factor", factor);
    this.#target = target;
    this.minImprovement = minImprovement;
    this.factor = factor;
    this.#model = options.restoreWeights;
    this.#saved = this.#model?.params.map((p) => p.value.data.slice());
  }

  /** Whether the rate is being halved every epoch. */
  get halving(): boolean {
    return this.#halving;
  }

  /** Whether training should stop. */
  get done(): boolean {
    return this.#done;
  }

  /** How many validation losses {@link HalveOnPlateau.update} has seen. */
  get epochs(): number {
    return this.#epochs;
  }

  /** The lowest validation loss seen so far (Infinity before the first update). */
  get best(): number {
    return this.#best;
  }

  /** The trainer's hook: {@link HalveOnPlateau.update}; `false` once done. */
  afterEpoch(epoch: number, validationLoss: number | undefined): boolean {
    if (validationLoss === undefined) {
      throw new RangeError(
        `HalveOnPlateau needs a validation loss after every epoch (epoch ${epoch} had none): ` +
          `give train() a validate option with every: "epoch"`,
      );
    }
    return !this.update(validationLoss).done;
  }

  /**
   * Takes the validation loss after an epoch, adjusts the target's rate for
   * the next epoch and says whether to go on. Once `done`, further calls
   * change nothing and report `done` again. Throws on a loss that is not a
   * finite number ≥ 0 (a NaN loss means training diverged).
   */
  update(validationLoss: number): PlateauDecision {
    if (
      typeof validationLoss !== "number" || !Number.isFinite(validationLoss) || validationLoss < 0
    ) {
      throw new RangeError(
        `HalveOnPlateau.update: validationLoss must be a finite number ≥ 0, got ${
          String(validationLoss)
        }; a NaN or infinite loss means training diverged (lower the learning rate or clip)`,
      );
    }
    const loss = validationLoss, previous = this.#previous;
    const significant = previous > loss * (1 + this.minImprovement);
    const improved = loss <= previous;
    const decision = { significant, improved, restored: false };
    if (this.#done) {
      return { lr: this.#target.lr, halving: this.#halving, done: true, ...decision };
    }
    this.#epochs++;
    this.#best = Math.min(this.#best, loss);
    this.#previous = loss;
    decision.restored = this.#keepOrRestore(improved);
    if (!significant) {
      if (this.#halving) {
        this.#done = true;
        return { lr: this.#target.lr, halving: true, done: true, ...decision };
      }
      this.#halving = true;
    }
    if (this.#halving) this.#target.lr = this.#target.lr * this.factor;
    return { lr: this.#target.lr, halving: this.#halving, done: false, ...decision };
  }

  /** Saves the weights after an epoch that was no worse, else puts the saved ones back. */
  #keepOrRestore(improved: boolean): boolean {
    if (!this.#model || !this.#saved) return false;
    const params = this.#model.params, saved = this.#saved;
    if (params.length !== saved.length) {
      throw new RangeError(
        `HalveOnPlateau: the model now has ${params.length} parameters, ${saved.length} were saved`,
      );
    }
    params.forEach((p, i) => improved ? saved[i].set(p.value.data) : p.value.data.set(saved[i]));
    return !improved;
  }
}
