/**
 * Non-finite values (NaN, ±Infinity) in tensors, described for error messages.
 * Private to the io modules.
 *
 * @module
 */

import { shapeText } from "./_shape.ts";

/**
 * `tensor "W" has 2 non-finite values (first: NaN at [0, 1])`, or undefined
 * when every value is finite.
 *
 * @example
 * ```ts
 * import { describeNonFinite } from "./_finite.ts";
 * const text = describeNonFinite("W", [2, 2], new Float64Array([1, NaN, 3, Infinity]));
 * console.assert(text === 'tensor "W" has 2 non-finite values (first: NaN at [0, 1])');
 * ```
 */
export function describeNonFinite(
  name: string,
  shape: readonly number[],
  data: ArrayLike<number>,
): string | undefined {
  let count = 0, first = -1;
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) {
      if (count++ === 0) first = i;
    }
  }
  if (count === 0) return undefined;
  const values = count === 1 ? "value" : "values";
  return `tensor "${name}" has ${count} non-finite ${values} ` +
    `(first: ${data[first]} at ${position(shape, first)})`;
}

/**
 * For float64 data about to be stored as float32: the finite values that
 * would become ±Infinity, described, or undefined when there are none.
 *
 * @example
 * ```ts
 * import { describeFloat32Overflow } from "./_finite.ts";
 * const text = describeFloat32Overflow("b", [3], new Float64Array([1, 1e39, -1e300]));
 * console.assert(text?.startsWith('tensor "b" has 2 values that overflow float32 (first: 1e+39'));
 * ```
 */
export function describeFloat32Overflow(
  name: string,
  shape: readonly number[],
  data: ArrayLike<number>,
): string | undefined {
  let count = 0, first = -1;
  for (let i = 0; i < data.length; i++) {
    if (Number.isFinite(data[i]) && !Number.isFinite(Math.fround(data[i]))) {
      if (count++ === 0) first = i;
    }
  }
  if (count === 0) return undefined;
  return `tensor "${name}" has ${count} value${count === 1 ? "" : "s"} that overflow float32 ` +
    `(first: ${data[first]} at ${position(shape, first)}; float32 ends near ±3.4e38)`;
}

/**
 * Throws, listing `problems` (from {@link describeNonFinite}), when a save
 * finds non-finite values; `what` names the saver.
 */
export function refuseNonFinite(what: string, problems: readonly string[]): void {
  if (problems.length === 0) return;
  throw new RangeError(
    `${what}: refusing to save non-finite weights (a diverged model?); ` +
      `pass { allowNonFinite: true } to save them anyway:\n  ${problems.join("\n  ")}`,
  );
}

/** The index `[i, j, …]` of flat position `flat` in a row-major `shape`. */
function position(shape: readonly number[], flat: number): string {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    index.unshift(flat % shape[d]);
    flat = Math.floor(flat / shape[d]);
  }
  return shapeText(index);
}
