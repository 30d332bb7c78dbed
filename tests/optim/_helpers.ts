/**
 * Shared fixtures of the optimizer tests.
 *
 * @module
 */

import { type DType, fromArray } from "../../lib/core/matrix.ts";
import { type Param, param } from "../../lib/layers/param.ts";

/** A parameter with the given value and gradient (same shape). */
export function makeParam(
  name: string,
  value: number[][],
  grad: number[][],
  dtype: DType = "float64",
): Param {
  const p = param(name, fromArray(value, dtype));
  p.grad.copyFrom(fromArray(grad, dtype));
  return p;
}

/** Sets a parameter's gradient from nested arrays. */
export function setGrad(p: Param, grad: number[][]): void {
  p.grad.copyFrom(fromArray(grad, p.grad.dtype));
}

/** Asserts two flat number lists agree element-wise within `tol` (absolute). */
export function assertAllClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  tol = 1e-12,
): void {
  if (actual.length !== expected.length) {
    throw new Error(`length ${actual.length} vs expected ${expected.length}`);
  }
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs(actual[i] - expected[i]);
    if (!(diff <= tol)) {
      throw new Error(
        `element ${i}: got ${actual[i]}, expected ${expected[i]} (|diff| ${diff} > ${tol})`,
      );
    }
  }
}

/** The two gradients used for the two hand-computed steps on a 2×2 parameter. */
export const W0 = [[0.5, -1.5], [2, 0.25]];
/** First gradient. */
export const G1 = [[0.3, -0.8], [1.2, -0.05]];
/** Second gradient (different signs and sizes, so state matters). */
export const G2 = [[-0.6, -0.2], [0.9, 0.4]];

/** Flattens nested arrays row by row. */
export function flat(m: number[][]): number[] {
  return m.flat();
}
