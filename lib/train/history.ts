/**
 * What the trainer records: one entry per step, per epoch and per validation.
 *
 * @module
 */

/**
 * One optimizer step. (A type rather than an interface so that a record can
 * be passed to anything that takes a record of numbers.)
 */
export type StepRecord = {
  /** 1-based step number. */
  step: number;
  /** 1-based epoch the step belongs to. */
  epoch: number;
  /** Mean loss of this batch (nats per token for cross-entropy). */
  loss: number;
  /** Global gradient norm before clipping (NaN for a model that learns online). */
  gradNorm: number;
  /** Learning rate used by this step. */
  lr: number;
  /** Real tokens seen so far (sequences, for a model with one label per sequence). */
  tokens: number;
  /** Seconds since training started. */
  seconds: number;
  /** `tokens / seconds`. */
  tokensPerSecond: number;
};

/** One epoch (the last may be partial when training stops by steps). */
export type EpochRecord = {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean loss over the epoch's real tokens. */
  loss: number;
  /** Mean gradient norm of its steps, before clipping (NaN for a model that learns online). */
  gradNorm: number;
  /** Optimizer steps so far. */
  steps: number;
  /** Seconds since training started. */
  seconds: number;
  /** The validation metrics measured at its end, if any. */
  validation?: Record<string, number>;
};

/** One held-out measurement. */
export type ValidationRecord = {
  /** Steps done when it was measured. */
  step: number;
  /** The epoch it was measured in. */
  epoch: number;
  /** Real tokens seen so far. */
  tokens: number;
  /** Seconds since training started. */
  seconds: number;
  /** The values, e.g. `{ loss: 1.93 }` or `{ accuracy: 0.91 }`. */
  metrics: Record<string, number>;
};

/** Everything {@link train} recorded. */
export interface TrainingHistory {
  /** One record per step. */
  steps: StepRecord[];
  /** One record per epoch. */
  epochs: EpochRecord[];
  /** Every validation measurement. */
  validation: ValidationRecord[];
  /** Wall-clock seconds of the whole run. */
  seconds: number;
}
