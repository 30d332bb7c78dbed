/**
 * The error an exercise stub throws until the learner writes its code.
 *
 * @module
 */

/**
 * Thrown by the stub of an exercise (`exercises/…`) that has not been written
 * yet. Check cells and the grader recognise it and report "not implemented yet:
 * <exercise>" instead of a failure deep inside the engine.
 *
 * @example
 * ```ts
 * import { NotImplementedError } from "./not_implemented.ts";
 * const e = new NotImplementedError("rnn_step_forward");
 * console.assert(e.message === "not implemented yet: rnn_step_forward");
 * ```
 */
export class NotImplementedError extends Error {
  /** The exercise id, e.g. `rnn_step_forward`. */
  readonly exercise: string;

  /** Makes the error for `exercise` (its id, as in the exercise catalog). */
  constructor(exercise: string) {
    super(`not implemented yet: ${exercise}`);
    this.name = "NotImplementedError";
    this.exercise = exercise;
  }
}

/** Whether `e` is a {@link NotImplementedError}, also one from another copy of this module. */
export function isNotImplemented(e: unknown): e is NotImplementedError {
  return e instanceof Error && e.name === "NotImplementedError";
}
