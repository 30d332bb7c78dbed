/**
 * Hyperparameter checks shared by the optimizers, clipping and schedules.
 * Every message names the owner, the option and the value it got.
 *
 * @module
 */

/** Throws unless `value` is a finite number greater than 0. */
export function assertPositive(owner: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${owner}: ${name} must be a finite number > 0, got ${String(value)}`);
  }
}

/** Throws unless `value` is a number in [0, 1) (a decay or momentum factor). */
export function assertFraction(owner: string, name: string, value: number): void {
  if (typeof value !== "number" || !(value >= 0 && value < 1)) {
    throw new RangeError(`${owner}: ${name} must be in [0, 1), got ${String(value)}`);
  }
}

/** Throws unless `value` is a number in (0, 1) (a multiplicative decay). */
export function assertOpenFraction(owner: string, name: string, value: number): void {
  if (typeof value !== "number" || !(value > 0 && value < 1)) {
    throw new RangeError(`${owner}: ${name} must be in (0, 1), got ${String(value)}`);
  }
}

/** Throws unless `value` is an integer ≥ 1. */
export function assertPositiveInteger(owner: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${owner}: ${name} must be a positive integer, got ${String(value)}`);
  }
}

/** Throws unless `value` is a finite number ≥ 0. */
export function assertNonNegative(owner: string, name: string, value: number): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${owner}: ${name} must be a finite number ≥ 0, got ${String(value)}`);
  }
}
