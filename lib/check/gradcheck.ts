/**
 * Numerical gradient checking: compare a backward pass with centred
 * differences of the loss.
 *
 * Use float64: in float32 the differences drown in round-off.
 *
 * @module
 */

import type { Data, Matrix } from "../core/matrix.ts";
import type { Param } from "../layers/param.ts";
import { Random } from "../random.ts";

/**
 * The relative error of cs231n: `max_i |a_i − b_i| / max(floor, |a_i| + |b_i|)`.
 * Below 1e-7 the two gradients agree to about seven significant digits. The
 * floor (default 1e-8) keeps entries that are zero from dividing by zero.
 *
 * @example
 * ```ts
 * import { relativeError } from "./gradcheck.ts";
 * console.assert(relativeError([1, 2], [1, 2]) === 0);
 * ```
 */
export function relativeError(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  floor = 1e-8,
): number {
  if (a.length !== b.length) {
    throw new RangeError(`relativeError: lengths differ, ${a.length} vs ${b.length}`);
  }
  let worst = 0;
  for (let i = 0; i < a.length; i++) {
    const err = Math.abs(a[i] - b[i]) / Math.max(floor, Math.abs(a[i]) + Math.abs(b[i]));
    if (err > worst || Number.isNaN(err)) worst = err;
  }
  return worst;
}

/**
 * The numerical derivative of `f` with respect to `x[i]` by the five-point
 * centred difference `(−f(x+2ε) + 8f(x+ε) − 8f(x−ε) + f(x−2ε)) / 12ε`, whose
 * truncation error is O(ε⁴) instead of the O(ε²) of the two-point one, so
 * even small gradient entries can be checked to 1e-7. `x[i]` is restored.
 */
export function centredDifference(f: () => number, x: Data, i: number, eps = 1e-3): number {
  const original = x[i];
  const at = (delta: number) => {
    x[i] = original + delta;
    return f();
  };
  // Differences first: when f does not depend on x[i], the result is exactly 0.
  const near = at(eps) - at(-eps), far = at(2 * eps) - at(-2 * eps);
  const d = (8 * near - far) / (12 * eps);
  x[i] = original;
  return d;
}

/** The numerical gradient of `f` with respect to every element of `x`. */
export function numericalGradient(f: () => number, x: Matrix, eps = 1e-3): Float64Array {
  const g = new Float64Array(x.size);
  for (let i = 0; i < x.size; i++) g[i] = centredDifference(f, x.data, i, eps);
  return g;
}

/** Options of {@link checkGradients}. */
export interface GradCheckOptions {
  /** Step of the centred difference (default 1e-3 with the five-point stencil). */
  eps?: number;
  /** Check at most this many entries per parameter, chosen at random (default: all). */
  maxEntries?: number;
  /** Seed for choosing entries. */
  seed?: number;
  /**
   * Denominator floor of {@link relativeError} (default 1e-8). A whole model's
   * loss is a mean over tokens, so some entries of its gradient are ~1e-7 while
   * the loss's round-off makes every numerical entry uncertain by ~2e-13; with a
   * floor of 1e-5 and a bound of 1e-7, entries below 1e-5 must agree to 1e-12.
   */
  floor?: number;
}

/** The result of checking one parameter. */
export interface GradCheckResult {
  /** The parameter's name. */
  name: string;
  /** {@link relativeError} between analytic and numerical gradient. */
  error: number;
  /** How many entries were compared. */
  entries: number;
}

/**
 * Checks the analytic gradients of `params` against numerical ones.
 *
 * `loss()` runs a forward pass and returns the loss; `backward()` runs the
 * backward pass after a forward, adding into each `param.grad`. Gradients are
 * zeroed first. Both must be deterministic (no dropout, no carried state).
 *
 * @example
 * ```ts
 * import { checkGradients } from "./gradcheck.ts";
 * import { fromArray, param } from "../mod.ts";
 * const w = param("w", fromArray([[3]]));
 * const loss = () => w.value.data[0] ** 2;
 * const backward = () => { w.grad.data[0] += 2 * w.value.data[0]; };
 * const [r] = checkGradients([w], loss, backward);
 * console.assert(r.error < 1e-7);
 * ```
 */
export function checkGradients(
  params: readonly Param[],
  loss: () => number,
  backward: () => void,
  options: GradCheckOptions = {},
): GradCheckResult[] {
  const { eps = 1e-3, maxEntries = Infinity, seed = 0, floor = 1e-8 } = options;
  for (const p of params) {
    if (p.value.dtype !== "float64") {
      throw new TypeError(
        `checkGradients: parameter ${p.name} is ${p.value.dtype}; gradient checks need float64`,
      );
    }
    p.grad.zero();
  }
  loss();
  backward();
  const rng = new Random(seed);
  return params.map((p) => {
    const n = p.value.size;
    const indices = n <= maxEntries
      ? Array.from({ length: n }, (_, i) => i)
      : rng.permutation(n).slice(0, maxEntries);
    const analytic = indices.map((i) => p.grad.data[i]);
    const numeric = indices.map((i) => centredDifference(loss, p.value.data, i, eps));
    return {
      name: p.name,
      error: relativeError(analytic, numeric, floor),
      entries: indices.length,
    };
  });
}
