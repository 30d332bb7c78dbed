/**
 * One-line input checks for the whole engine. Each throws a `RangeError` (or
 * `TypeError`) whose message names the argument, what was expected and what
 * it got, so that algorithms read as algorithms: one guard line per input.
 *
 * @example
 * ```ts
 * import { requireIds, requireInteger } from "./guards.ts";
 * requireInteger("steps", 3, { min: 1 });
 * const ids = requireIds("inputs", [0, 2, 1], 3);
 * console.assert(ids instanceof Int32Array && ids[1] === 2);
 * ```
 *
 * @module
 */

/** Bounds for {@link requireInteger} and {@link requireNumber} (inclusive). */
export interface Bounds {
  /** Smallest allowed value. */
  min?: number;
  /** Largest allowed value. */
  max?: number;
}

function range({ min, max }: Bounds): string {
  if (min !== undefined && max !== undefined) return ` in [${min}, ${max}]`;
  if (min !== undefined) return ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return "";
}

function shown(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** Throws unless `value` is an integer within `bounds`; returns it. */
export function requireInteger(name: string, value: number, bounds: Bounds = {}): number {
  const { min = -Infinity, max = Infinity } = bounds;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer${range(bounds)}, got ${shown(value)}`);
  }
  return value;
}

/** Throws unless `value` is an integer ≥ 1; returns it. */
export function requirePositiveInteger(name: string, value: number): number {
  return requireInteger(name, value, { min: 1 });
}

/** Throws unless `value` is a finite number within `bounds`; returns it. */
export function requireNumber(name: string, value: number, bounds: Bounds = {}): number {
  const { min = -Infinity, max = Infinity } = bounds;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a finite number${range(bounds)}, got ${shown(value)}`);
  }
  return value;
}

/** Throws unless `value` is a finite number > 0; returns it. */
export function requirePositive(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${name} must be a finite number > 0, got ${shown(value)}`);
  }
  return value;
}

/** Throws unless `value` is one of `choices`; returns it. */
export function requireOneOf<T extends string>(
  name: string,
  value: string,
  choices: readonly T[],
): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new RangeError(
      `${name} must be one of ${choices.map((c) => `"${c}"`).join(", ")}, got ${shown(value)}`,
    );
  }
  return value as T;
}

/**
 * Token ids as an `Int32Array`, after checking that every one is an integer
 * in `[0, vocabSize)` (any integer ≥ 0 when `vocabSize` is omitted). The
 * message names the first bad position and value: an `Int32Array` would
 * silently turn NaN into 0, 1.5 into 1 and 2³² + 1 into 1.
 */
export function requireIds(
  name: string,
  values: ArrayLike<number>,
  vocabSize?: number,
): Int32Array {
  const limit = vocabSize ?? 2 ** 31;
  for (let i = 0; i < values.length; i++) {
    const id = values[i];
    if (!Number.isInteger(id) || id < 0 || id >= limit) {
      const expected = vocabSize === undefined
        ? "a non-negative integer id"
        : `an integer id in [0, ${vocabSize})`;
      throw new RangeError(`${name}: position ${i} holds ${shown(id)}, expected ${expected}`);
    }
  }
  return values instanceof Int32Array ? values : Int32Array.from(values);
}

/**
 * Loss weights (a mask) as a `Float64Array`, after checking that every one is
 * finite and ≥ 0 and that there is one per row.
 */
export function requireWeights(
  name: string,
  values: ArrayLike<number>,
  rows: number,
): Float64Array {
  if (values.length !== rows) {
    throw new RangeError(`${name} has ${values.length} entries, expected one per row (${rows})`);
  }
  for (let i = 0; i < values.length; i++) {
    const w = values[i];
    if (typeof w !== "number" || !Number.isFinite(w) || w < 0) {
      throw new RangeError(
        `${name}: entry ${i} is ${shown(w)}, expected a finite weight ≥ 0 (1 real, 0 padding)`,
      );
    }
  }
  return values instanceof Float64Array ? values : Float64Array.from(values);
}
