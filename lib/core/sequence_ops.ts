/**
 * Moving rows of a sequence batch around: the last real step of each
 * sequence (many-to-one) and its backward, and reversal within each length
 * (the right-to-left half of a bidirectional RNN).
 *
 * @module
 */

import { Matrix, shapeString } from "./matrix.ts";
import { type SequenceBatch, type SequenceData } from "./sequence_batch.ts";

/**
 * Many-to-one: row b of the result is sequence b's row at its last real step,
 * `(lengths[b] − 1)·B + b`. `[T·B × H]` in, `[B × H]` out.
 *
 * @example
 * ```ts
 * import { fromArray } from "./matrix.ts";
 * import { SequenceBatch } from "./sequence_batch.ts";
 * import { gatherLast } from "./sequence_ops.ts";
 * const hs = new SequenceBatch(fromArray([[1], [2], [3], [4]]), { batchSize: 2, lengths: [2, 1] });
 * console.assert(gatherLast(hs).data.join() === "3,2");
 * ```
 */
export function gatherLast(hs: SequenceBatch<Matrix>): Matrix {
  const B = hs.batchSize, H = hs.data.cols;
  const out = new Matrix(B, H, hs.data.dtype);
  for (let b = 0; b < B; b++) {
    const r = hs.lastIndex(b);
    out.data.set(hs.data.data.subarray(r * H, (r + 1) * H), b * H);
  }
  return out;
}

/**
 * The backward of {@link gatherLast}: a `[T·B × H]` gradient with row b of
 * `dLast` at sequence b's last real step and zeros elsewhere (`into` adds
 * into an existing matrix instead).
 */
export function scatterLast(
  dLast: Matrix,
  layout: SequenceBatch<SequenceData>,
  into?: Matrix,
): Matrix {
  const B = layout.batchSize, H = dLast.cols;
  if (dLast.rows !== B) {
    throw new RangeError(`scatterLast: gradient is ${shapeString(dLast)}, expected ${B} rows`);
  }
  const out = into ?? new Matrix(layout.rows, H, dLast.dtype);
  if (out.rows !== layout.rows || out.cols !== H) {
    throw new RangeError(
      `scatterLast: target is ${shapeString(out)}, expected ${layout.rows}×${H}`,
    );
  }
  for (let b = 0; b < B; b++) {
    const r = layout.lastIndex(b);
    for (let j = 0; j < H; j++) out.data[r * H + j] += dLast.data[b * H + j];
  }
  return out;
}

/**
 * The row each output row reads when every sequence is reversed within its
 * length: for `t < len_b`, row `t·B + b` ← row `(len_b − 1 − t)·B + b`;
 * padding rows stay in place. The permutation is its own inverse.
 */
export function reversalIndex(layout: SequenceBatch<SequenceData>): Int32Array {
  const B = layout.batchSize, T = layout.steps;
  const index = new Int32Array(T * B);
  for (let b = 0; b < B; b++) {
    const n = layout.lengths[b];
    for (let t = 0; t < T; t++) index[t * B + b] = (t < n ? n - 1 - t : t) * B + b;
  }
  return index;
}

/**
 * Reverses each sequence within its own length, leaving padding at the end.
 * Applying it twice gives back the batch; it is also its own backward (a
 * permutation of rows, applied to gradients).
 *
 * @example
 * ```ts
 * import { fromArray } from "./matrix.ts";
 * import { SequenceBatch } from "./sequence_batch.ts";
 * import { reverseInTime } from "./sequence_ops.ts";
 * // B=2: sequence 0 = 1,3,5 (length 3); sequence 1 = 2,4 then padding 6
 * const xs = new SequenceBatch(fromArray([[1], [2], [3], [4], [5], [6]]), { batchSize: 2, lengths: [3, 2] });
 * console.assert(reverseInTime(xs).data.data.join() === "5,4,3,2,1,6");
 * ```
 */
export function reverseInTime<D extends SequenceData>(xs: SequenceBatch<D>): SequenceBatch<D> {
  const index = reversalIndex(xs);
  const data = xs.data;
  if (data instanceof Matrix) {
    const F = data.cols, out = new Matrix(data.rows, F, data.dtype);
    for (let r = 0; r < index.length; r++) {
      out.data.set(data.data.subarray(index[r] * F, (index[r] + 1) * F), r * F);
    }
    return xs.with(out as D);
  }
  return xs.with(Int32Array.from(index, (i) => (data as Int32Array)[i]) as D);
}
