/**
 * Assertions for exercise tests. Each failure throws a {@link CheckFailure}
 * whose message says what is wrong in the learner's terms: which value, which
 * shape, which gradient, by how much, against which tolerance.
 *
 * @module
 */

import type { Matrix } from "../../core/matrix.ts";
import { relativeError } from "../gradcheck.ts";

/** A wrong result (as opposed to a crash): the test ran and the answer did not match. */
export class CheckFailure extends Error {
  /** Makes a failure with a message for the learner. */
  constructor(message: string) {
    super(message);
    this.name = "CheckFailure";
  }
}

/** Throws a {@link CheckFailure} with `message`. */
export function fail(message: string): never {
  throw new CheckFailure(message);
}

/** Throws a {@link CheckFailure} with `message` unless `condition` holds. */
export function expect(condition: boolean, message: string): asserts condition {
  if (!condition) fail(message);
}

/** Whether `value` looks like an engine matrix (rows, cols and a typed array of rows × cols). */
export function isMatrix(value: unknown): value is Matrix {
  if (typeof value !== "object" || value === null) return false;
  const m = value as Partial<Matrix>;
  return typeof m.rows === "number" && typeof m.cols === "number" &&
    (m.data instanceof Float64Array || m.data instanceof Float32Array) &&
    m.data.length === m.rows * m.cols;
}

/** `3×4`. */
export function shapeOf(m: { rows: number; cols: number }): string {
  return `${m.rows}×${m.cols}`;
}

/** Describes a value for a message: `undefined`, `a number (3)`, `an object`, `Matrix 3×4`. */
export function describe(value: unknown): string {
  if (isMatrix(value)) return `a ${shapeOf(value)} matrix`;
  if (value === null || value === undefined) return String(value);
  if (typeof value === "number") return `the number ${fmt(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return `a value of type ${typeof value}`;
}

/** Asserts `got` is a matrix of `expected`'s shape ("h: expected shape 3×4, got 4×3"). */
export function expectShape(what: string, got: unknown, expected: Matrix): asserts got is Matrix {
  if (!isMatrix(got)) fail(`${what}: expected a ${shapeOf(expected)} matrix, got ${describe(got)}`);
  if (got.rows !== expected.rows || got.cols !== expected.cols) {
    fail(`${what}: expected shape ${shapeOf(expected)}, got ${shapeOf(got)}`);
  }
}

/**
 * Asserts `got` has `expected`'s shape and values: every element within
 * `tolerance · max(1, |expected|)`. The message names the first element off.
 */
export function expectMatrix(what: string, got: unknown, expected: Matrix, tolerance = 1e-9): void {
  expectShape(what, got, expected);
  for (let i = 0; i < expected.data.length; i++) {
    const g = got.data[i], e = expected.data[i];
    if (!(Math.abs(g - e) <= tolerance * Math.max(1, Math.abs(e)))) {
      const r = Math.floor(i / expected.cols), c = i % expected.cols;
      fail(
        `${what}: wrong value at row ${r}, column ${c}: got ${fmt(g)}, expected ${fmt(e)} ` +
          `(tolerance ${tolerance.toExponential(0)})`,
      );
    }
  }
}

/** Asserts `got` is a number within `tolerance · max(1, |expected|)` of `expected` (exactly it when not finite). */
export function expectNumber(what: string, got: unknown, expected: number, tolerance = 1e-9): void {
  if (typeof got !== "number") fail(`${what}: expected a number, got ${describe(got)}`);
  const ok = Number.isNaN(expected) ? Number.isNaN(got) : got === expected ||
    (Number.isFinite(expected) && // an infinite tolerance would let any number pass
      Math.abs(got - expected) <= tolerance * Math.max(1, Math.abs(expected)));
  if (!ok) {
    fail(
      `${what}: got ${fmt(got)}, expected ${fmt(expected)} (tolerance ${
        tolerance.toExponential(0)
      })`,
    );
  }
}

/**
 * Asserts an analytic gradient matches a numerical one: same shape, and
 * relative error (cs231n's, see `relativeError`) at most `tolerance`.
 */
export function expectGradient(
  what: string,
  analytic: unknown,
  numeric: Matrix,
  tolerance = 1e-6,
): void {
  expectShape(what, analytic, numeric);
  const error = relativeError(analytic.data, numeric.data);
  if (!(error <= tolerance)) {
    fail(
      `${what}: relative error ${fmt(error)} against the numerical gradient, ` +
        `above the tolerance ${tolerance.toExponential(0)}`,
    );
  }
}

/** Asserts `m` still equals its earlier copy `before` (the learner's code must not change its inputs). */
export function expectUnchanged(what: string, m: Matrix, before: Matrix): void {
  for (let i = 0; i < m.data.length; i++) {
    if (m.data[i] !== before.data[i]) fail(`${what} was changed; leave the inputs as they are`);
  }
}

/** A number for messages: 4 significant digits, exponent form when tiny or huge. */
export function fmt(x: number): string {
  if (!Number.isFinite(x) || x === 0) return String(x);
  const a = Math.abs(x);
  return a < 1e-3 || a >= 1e6 ? x.toExponential(2) : String(Number(x.toPrecision(4)));
}
