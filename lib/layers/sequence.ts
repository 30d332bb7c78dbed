/**
 * Variable-length sequences in one batch: padding, masks, the last real step
 * of each row, and reversal within each row's length.
 *
 * Batches are time-major and flattened like everywhere in the course: row
 * `t·B + b` of a `[T·B × features]` matrix is sequence `b` at time `t`. A
 * batch of sequences of different lengths is padded at the end to the longest
 * one, `T = max length`, and keeps the real `lengths` beside it.
 *
 * Padding at the *end* is what makes it harmless: a left-to-right RNN has
 * already seen every real step before it reaches padding, so its real hidden
 * states do not depend on the padding; the loss ignores padding rows (mask),
 * so their gradients are zero and BPTT carries nothing from them back into
 * real steps. A right-to-left RNN must therefore not simply read the rows
 * backwards (it would start in the padding): {@link reversePadded} reverses
 * each sequence *within its length* and leaves the padding where it is.
 *
 * @module
 */

import { assertSize, type DType, Matrix, shapeString } from "../core/matrix.ts";
import type { HasParams } from "./param.ts";

/** A batch of id sequences padded to a common length, time-major. */
export interface PaddedBatch {
  /** Ids `[T·B]`, time-major: `ids[t·B + b]` is token t of sequence b (padId after its end). */
  readonly ids: Int32Array;
  /** Real length of each sequence (≥ 1, ≤ steps). */
  readonly lengths: Int32Array;
  /** Padded length T (the longest sequence, unless asked for more). */
  readonly steps: number;
  /** Number of sequences B. */
  readonly batchSize: number;
  /** `[T·B]`: 1 for real steps, 0 for padding (the loss mask). */
  readonly mask: Float64Array;
}

/** Options of {@link padSequences}. */
export interface PadOptions {
  /** Id written into padding positions (default 0; never read by a masked loss). */
  padId?: number;
  /** Pad to this many steps instead of the longest sequence. */
  steps?: number;
}

/**
 * Pads id sequences at the end to a common length and lays them out
 * time-major. Every sequence needs at least one token.
 *
 * @example
 * ```ts
 * import { padSequences } from "./sequence.ts";
 * const batch = padSequences([[5, 6, 7], [8]], { padId: 0 });
 * // time-major: t=0 → 5, 8; t=1 → 6, pad; t=2 → 7, pad
 * console.assert(Array.from(batch.ids).join() === "5,8,6,0,7,0");
 * console.assert(Array.from(batch.mask).join() === "1,1,1,0,1,0");
 * ```
 */
export function padSequences(
  sequences: readonly ArrayLike<number>[],
  options: PadOptions = {},
): PaddedBatch {
  const { padId = 0 } = options;
  const B = sequences.length;
  if (B === 0) throw new RangeError("padSequences: no sequences given; a batch needs at least one");
  if (!Number.isInteger(padId)) throw new RangeError(`padId must be an integer, got ${padId}`);
  const lengths = new Int32Array(B);
  let longest = 0;
  sequences.forEach((s, b) => {
    if (s.length === 0) {
      throw new RangeError(`padSequences: sequence ${b} is empty; every sequence needs a token`);
    }
    lengths[b] = s.length;
    longest = Math.max(longest, s.length);
  });
  const T = options.steps ?? longest;
  assertSize("steps", T);
  if (T < longest) {
    throw new RangeError(
      `padSequences: steps is ${T}, but sequence ${lengths.indexOf(longest)} has ${longest} tokens`,
    );
  }
  const ids = new Int32Array(T * B).fill(padId);
  const mask = new Float64Array(T * B);
  sequences.forEach((s, b) => {
    for (let t = 0; t < s.length; t++) {
      const id = s[t];
      if (!Number.isInteger(id)) {
        throw new RangeError(
          `padSequences: token ${t} of sequence ${b} is ${id}, not an integer id`,
        );
      }
      ids[t * B + b] = id;
      mask[t * B + b] = 1;
    }
  });
  return { ids, lengths, steps: T, batchSize: B, mask };
}

/**
 * Throws unless `lengths` has one entry per sequence, each an integer in
 * `[1, steps]`, naming the offending sequence and value.
 */
export function assertLengths(
  lengths: ArrayLike<number>,
  steps: number,
  batchSize: number,
): void {
  if (lengths.length !== batchSize) {
    throw new RangeError(`lengths has ${lengths.length} entries for a batch of ${batchSize}`);
  }
  for (let b = 0; b < batchSize; b++) {
    const n = lengths[b];
    if (!Number.isInteger(n) || n < 1) {
      throw new RangeError(`length ${n} of sequence ${b}: every sequence needs at least one step`);
    }
    if (n > steps) {
      throw new RangeError(
        `length ${n} of sequence ${b} is longer than the ${steps} padded steps of the batch`,
      );
    }
  }
}

/** The time-major mask `[T·B]` (1 real, 0 padding) of sequences with these lengths. */
export function sequenceMask(lengths: ArrayLike<number>, steps: number): Float64Array {
  const B = lengths.length;
  assertLengths(lengths, steps, B);
  const mask = new Float64Array(steps * B);
  for (let b = 0; b < B; b++) for (let t = 0; t < lengths[b]; t++) mask[t * B + b] = 1;
  return mask;
}

function stepsOf(what: string, rows: number, lengths: ArrayLike<number>): number {
  const B = lengths.length;
  if (B === 0 || rows % B !== 0) {
    throw new RangeError(`${what}: ${rows} rows do not split into ${B} sequences`);
  }
  const T = rows / B;
  assertLengths(lengths, T, B);
  return T;
}

/**
 * Many-to-one: row b of the result is `hs` at sequence b's last real step,
 * `hs[(lengths[b] − 1)·B + b]`. `hs` is `[T·B × H]`, the result `[B × H]`.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { gatherLast } from "./sequence.ts";
 * const hs = fromArray([[1], [2], [3], [4]]); // T=2, B=2
 * console.assert(gatherLast(hs, [2, 1]).data.join() === "3,2");
 * ```
 */
export function gatherLast(hs: Matrix, lengths: ArrayLike<number>): Matrix {
  stepsOf("gatherLast", hs.rows, lengths);
  const B = lengths.length, H = hs.cols;
  const out = new Matrix(B, H, hs.dtype);
  for (let b = 0; b < B; b++) {
    const r = (lengths[b] - 1) * B + b;
    out.data.set(hs.data.subarray(r * H, (r + 1) * H), b * H);
  }
  return out;
}

/**
 * The backward of {@link gatherLast}: a `[T·B × H]` gradient that is zero
 * except at each sequence's last real step, where it is row b of `dLast`.
 */
export function scatterLast(dLast: Matrix, lengths: ArrayLike<number>, steps: number): Matrix {
  const B = lengths.length, H = dLast.cols;
  if (dLast.rows !== B) {
    throw new RangeError(`scatterLast: gradient is ${shapeString(dLast)}, expected ${B} rows`);
  }
  assertLengths(lengths, steps, B);
  const out = new Matrix(steps * B, H, dLast.dtype);
  for (let b = 0; b < B; b++) {
    const r = (lengths[b] - 1) * B + b;
    out.data.set(dLast.data.subarray(b * H, (b + 1) * H), r * H);
  }
  return out;
}

/**
 * The row each output row reads when every sequence is reversed within its
 * length: for `t < len_b`, row `t·B + b` ← row `(len_b − 1 − t)·B + b`;
 * padding rows stay in place. The permutation is its own inverse.
 */
export function reversalIndex(lengths: ArrayLike<number>, steps: number): Int32Array {
  const B = lengths.length;
  assertLengths(lengths, steps, B);
  const index = new Int32Array(steps * B);
  for (let b = 0; b < B; b++) {
    const n = lengths[b];
    for (let t = 0; t < steps; t++) index[t * B + b] = (t < n ? n - 1 - t : t) * B + b;
  }
  return index;
}

/**
 * Reverses each sequence of a time-major `[T·B × F]` matrix within its own
 * length, leaving padding at the end. Applying it twice gives back `xs`; it
 * is also its own backward (a permutation of rows, applied to gradients).
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { reversePadded } from "./sequence.ts";
 * // B=2: sequence 0 = 1,3,5 (length 3); sequence 1 = 2,4 then padding 6
 * const xs = fromArray([[1], [2], [3], [4], [5], [6]]);
 * console.assert(reversePadded(xs, [3, 2]).data.join() === "5,4,3,2,1,6");
 * ```
 */
export function reversePadded(xs: Matrix, lengths: ArrayLike<number>): Matrix {
  const T = stepsOf("reversePadded", xs.rows, lengths);
  const index = reversalIndex(lengths, T);
  const F = xs.cols, out = new Matrix(xs.rows, F, xs.dtype);
  for (let r = 0; r < index.length; r++) {
    out.data.set(xs.data.subarray(index[r] * F, (index[r] + 1) * F), r * F);
  }
  return out;
}

/** {@link reversePadded} for a time-major id array `[T·B]`. */
export function reverseIds(ids: ArrayLike<number>, lengths: ArrayLike<number>): Int32Array {
  const T = stepsOf("reverseIds", ids.length, lengths);
  const index = reversalIndex(lengths, T);
  return Int32Array.from(index, (i) => ids[i]);
}

/**
 * The real part of each sequence of a time-major id array, as plain arrays:
 * the inverse of {@link padSequences}.
 */
export function unpad(ids: ArrayLike<number>, lengths: ArrayLike<number>): number[][] {
  stepsOf("unpad", ids.length, lengths);
  const B = lengths.length;
  return Array.from(lengths, (n, b) => Array.from({ length: n }, (_, t) => ids[t * B + b]));
}

/** `[A | B]`: the columns of `a` followed by those of `b` (same rows). */
export function concatColumns(a: Matrix, b: Matrix): Matrix {
  if (a.rows !== b.rows || a.dtype !== b.dtype) {
    throw new RangeError(
      `concatColumns: ${shapeString(a)} ${a.dtype} and ${shapeString(b)} ${b.dtype} ` +
        `need equal rows and dtype`,
    );
  }
  const out = new Matrix(a.rows, a.cols + b.cols, a.dtype);
  for (let r = 0; r < a.rows; r++) {
    out.data.set(a.data.subarray(r * a.cols, (r + 1) * a.cols), r * out.cols);
    out.data.set(b.data.subarray(r * b.cols, (r + 1) * b.cols), r * out.cols + a.cols);
  }
  return out;
}

/** The inverse of {@link concatColumns}: columns `[0, at)` and `[at, cols)`. */
export function splitColumns(m: Matrix, at: number): [Matrix, Matrix] {
  if (!Number.isInteger(at) || at < 0 || at > m.cols) {
    throw new RangeError(`splitColumns: column ${at} is outside [0, ${m.cols}]`);
  }
  const a = new Matrix(m.rows, at, m.dtype), b = new Matrix(m.rows, m.cols - at, m.dtype);
  for (let r = 0; r < m.rows; r++) {
    a.data.set(m.data.subarray(r * m.cols, r * m.cols + at), r * a.cols);
    b.data.set(m.data.subarray(r * m.cols + at, (r + 1) * m.cols), r * b.cols);
  }
  return [a, b];
}

/**
 * A recurrent layer over padded batches: `forward(xs, batchSize, lengths)`
 * returns one output row per input row (`[T·B × outputSize]`), `backward(dhs)`
 * adds into the parameter gradients and returns `dxs`. Outputs at padding
 * rows are not meaningful; give them zero gradient (masked loss, or
 * {@link scatterLast}).
 */
export interface SequenceLayer extends HasParams {
  /** Features per input step. */
  readonly inputSize: number;
  /** Features per output step. */
  readonly outputSize: number;
  /** Element type of the parameters. */
  readonly dtype: DType;
  /** Output states `[T·B × outputSize]`; `lengths` default to all T. */
  forward(xs: Matrix, batchSize: number, lengths?: ArrayLike<number>): Matrix;
  /** Gradient of the inputs from the gradient of the outputs. */
  backward(dhs: Matrix): Matrix;
}

/** `lengths`, or all `T` when omitted, checked against the batch. */
export function lengthsOrFull(
  lengths: ArrayLike<number> | undefined,
  rows: number,
  batchSize: number,
): ArrayLike<number> {
  if (!Number.isInteger(batchSize) || batchSize <= 0 || rows % batchSize !== 0) {
    throw new RangeError(
      `batchSize must be a positive integer dividing the ${rows} input rows, got ${batchSize}`,
    );
  }
  const T = rows / batchSize;
  if (lengths === undefined) return new Int32Array(batchSize).fill(T);
  assertLengths(lengths, T, batchSize);
  return lengths;
}
