/**
 * When training has diverged, and the error that says so.
 *
 * Training counts as diverged at the first step where
 * - the loss is NaN or infinite,
 * - the gradient norm (before clipping) is NaN or infinite, or
 * - the loss exceeds `factor` × max(first loss, 1) (default factor 100): a
 *   loss a hundred times its starting value means the weights are running
 *   away even while every number is still finite (e.g. a learning rate of
 *   1e37 gives a loss of 1e37).
 * The check runs before the optimizer step, so the bad step never touches the
 * weights.
 *
 * @module
 */

/** Thrown when the loss or gradient stops being a sensible finite number. */
export class TrainingDivergedError extends Error {
  /** The step at which it happened (1-based). */
  readonly step: number;
  /** The offending value. */
  readonly value: number;

  /** Builds the message with the step, what went wrong, the value and a hint. */
  constructor(step: number, what: string, value: number, lr: number) {
    super(
      `training diverged at step ${step}: the ${what} is ${value}. ` +
        `Try clipping gradients (clipNorm: 5) or a lower learning rate (now ${lr}).`,
    );
    this.name = "TrainingDivergedError";
    this.step = step;
    this.value = value;
  }
}

/** Watches losses and gradient norms step by step; throws when training diverges. */
export class DivergenceGuard {
  /** Loss limit as a multiple of max(first loss, 1). */
  readonly factor: number;
  #limit = Infinity;

  /** `factor` > 1 (default 100). */
  constructor(factor = 100) {
    if (!(factor > 1) || !Number.isFinite(factor)) {
      throw new RangeError(`divergenceFactor must be a finite number > 1, got ${factor}`);
    }
    this.factor = factor;
  }

  /** Checks one step's loss and gradient norm (either may be omitted). */
  check(step: number, lr: number, loss: number, gradNorm = 0): void {
    if (!Number.isFinite(loss)) throw new TrainingDivergedError(step, "loss", loss, lr);
    if (!Number.isFinite(gradNorm)) {
      throw new TrainingDivergedError(step, "gradient norm", gradNorm, lr);
    }
    if (this.#limit === Infinity) this.#limit = this.factor * Math.max(loss, 1);
    else if (loss > this.#limit) {
      throw new TrainingDivergedError(
        step,
        `loss (over ${this.factor}× its start, the limit ${this.#limit.toPrecision(3)})`,
        loss,
        lr,
      );
    }
  }
}
