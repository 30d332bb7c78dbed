/**
 * The parameter protocol every layer follows: named values with a gradient of
 * the same shape beside them.
 *
 * Backward passes *add* into `grad` (never overwrite), because the same
 * parameter serves every time step and BPTT sums their contributions. Call
 * {@link zeroGrads} before each backward pass.
 *
 * @module
 */

import { type Matrix, zeros } from "../core/matrix.ts";

/** A trainable tensor and its gradient. */
export interface Param {
  /** The name used in the math of the course, e.g. `Wxh`, `Whh`, `b`. */
  readonly name: string;
  /** The current value. */
  readonly value: Matrix;
  /** ∂loss/∂value, accumulated by backward passes. */
  readonly grad: Matrix;
}

/** Anything that owns parameters: a layer or a whole model. */
export interface HasParams {
  /** The parameters, in a fixed order. */
  readonly params: readonly Param[];
}

/** Makes a parameter from an initial value, with a zero gradient beside it. */
export function param(name: string, value: Matrix): Param {
  return { name, value, grad: zeros(value.rows, value.cols, value.dtype) };
}

/** Sets every gradient to zero. */
export function zeroGrads(params: readonly Param[]): void {
  for (const p of params) p.grad.zero();
}

/**
 * Prefixes parameter names (`rnn.` + `Wxh`) so a model's parameters stay
 * unique when it combines layers; the objects themselves are shared.
 */
export function prefixed(prefix: string, params: readonly Param[]): Param[] {
  return params.map((p) => ({ name: `${prefix}.${p.name}`, value: p.value, grad: p.grad }));
}

/** Total number of scalar parameters. */
export function countParams(params: readonly Param[]): number {
  return params.reduce((n, p) => n + p.value.size, 0);
}
