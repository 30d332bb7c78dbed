/**
 * The one value for a batch of sequences, everywhere in the engine.
 *
 * A batch holds `B` sequences of up to `T` steps, **time-major**: row (or
 * entry) `t·B + b` is sequence `b` at step `t`. Sequences shorter than `T`
 * are padded at the end; `lengths[b]` is sequence b's real length and `mask`
 * weighs the rows (1 real, 0 padding, or a loss weight per step).
 *
 * The payload is either token ids (`SequenceBatch<Int32Array>`, a
 * {@link TokenBatch}) or vectors (`SequenceBatch<Matrix>`, `[T·B × features]`).
 * Layers map one to the other and keep the layout with {@link SequenceBatch.with},
 * so nothing in the engine passes a batch size beside a matrix. A language
 * model's batch is the full-length case: every length is T.
 *
 * Padding at the *end* is what makes it harmless: a left-to-right RNN has seen
 * every real step before it reaches padding, so real states do not depend on
 * it; a masked loss gives padding rows zero gradient, so BPTT carries nothing
 * from them into real steps.
 *
 * @module
 */

import { requireIds, requireInteger, requirePositiveInteger, requireWeights } from "./guards.ts";
import { Matrix, shapeString } from "./matrix.ts";
import { rowSlice } from "./ops.ts";

/** What a sequence batch can carry: token ids or row vectors. */
export type SequenceData = Matrix | Int32Array;

/** A batch of token-id sequences. */
export type TokenBatch = SequenceBatch<Int32Array>;

/** The layout of a batch: how many sequences, how long each is. */
export interface SequenceLayout {
  /** Number of sequences B. */
  batchSize: number;
  /** Padded length T (default: the rows divided by B). */
  steps?: number;
  /** Real length of each sequence, 1 … T (default: all T). */
  lengths?: ArrayLike<number>;
  /**
   * Weight of each row `[T·B]`, finite and ≥ 0 (default: 1 for real steps, 0
   * for padding). A task may weigh real steps 0 too (e.g. "no target yet").
   */
  mask?: ArrayLike<number>;
}

/** Options of {@link SequenceBatch.pad}. */
export interface PadOptions {
  /** Id written into padding positions (default 0; never read by a masked loss). */
  padId?: number;
  /** Pad to this many steps instead of the longest sequence. */
  steps?: number;
  /** Refuse ids ≥ this (default: any non-negative integer). */
  vocabSize?: number;
}

/**
 * B sequences of up to T steps, time-major, with their real lengths.
 *
 * @example
 * ```ts
 * import { SequenceBatch } from "./sequence_batch.ts";
 * const batch = SequenceBatch.pad([[5, 6, 7], [8]]);
 * // time-major: t=0 → 5, 8; t=1 → 6, pad; t=2 → 7, pad
 * console.assert(batch.data.join() === "5,8,6,0,7,0" && batch.mask.join() === "1,1,1,0,1,0");
 * console.assert(batch.steps === 3 && batch.batchSize === 2 && batch.tokens === 4);
 * ```
 */
export class SequenceBatch<D extends SequenceData = Matrix> {
  /** The payload: `[T·B]` ids or `[T·B × features]` rows, time-major. */
  readonly data: D;
  /** Padded length T. */
  readonly steps: number;
  /** Number of sequences B. */
  readonly batchSize: number;
  /** Real length of each sequence. */
  readonly lengths: Int32Array;
  /** Weight of each row: 1 real, 0 padding (or as given). */
  readonly mask: Float64Array;
  /** True when every sequence has all T steps and no row is masked out. */
  readonly isFull: boolean;

  /** Wraps `data` with a layout; checks that the pieces agree. */
  constructor(data: D, layout: SequenceLayout) {
    const rows = data instanceof Matrix ? data.rows : data.length;
    const B = requirePositiveInteger("batchSize", layout.batchSize);
    const T = layout.steps ?? rows / B;
    if (!Number.isInteger(T) || T < 1 || T * B !== rows) {
      throw new RangeError(
        `SequenceBatch: ${rows} rows do not make ${
          layout.steps ?? "whole"
        } steps of ${B} sequences`,
      );
    }
    this.data = data;
    this.steps = T;
    this.batchSize = B;
    this.lengths = layout.lengths === undefined
      ? new Int32Array(B).fill(T)
      : checkedLengths(layout.lengths, T, B);
    this.mask = layout.mask === undefined
      ? maskOf(this.lengths, T)
      : checkedMask(layout.mask, this.lengths, T);
    this.isFull = this.lengths.every((n) => n === T) && this.mask.every((w) => w === 1);
  }

  /**
   * Pads id sequences at the end to a common length, time-major. Every
   * sequence needs at least one token; every id must be an integer ≥ 0.
   */
  static pad(sequences: readonly ArrayLike<number>[], options: PadOptions = {}): TokenBatch {
    const { padId = 0, vocabSize } = options;
    const B = sequences.length;
    if (B === 0) {
      throw new RangeError("SequenceBatch.pad: no sequences; a batch needs at least one");
    }
    requireInteger("padId", padId, { min: 0 });
    const lengths = Int32Array.from(sequences, (s, b) => {
      if (s.length === 0) throw new RangeError(`SequenceBatch.pad: sequence ${b} is empty`);
      return s.length;
    });
    const longest = Math.max(...lengths);
    const T = options.steps ?? longest;
    requireInteger("steps", T, { min: longest });
    const ids = new Int32Array(T * B).fill(padId);
    sequences.forEach((s, b) => {
      const checked = requireIds(`SequenceBatch.pad: sequence ${b}`, s, vocabSize);
      for (let t = 0; t < checked.length; t++) ids[t * B + b] = checked[t];
    });
    return new SequenceBatch(ids, { batchSize: B, steps: T, lengths });
  }

  /** A full-length token batch from time-major ids (`ids[t·B + b]`), checked. */
  static tokens(ids: ArrayLike<number>, batchSize: number, vocabSize?: number): TokenBatch {
    return new SequenceBatch(requireIds("token ids", ids, vocabSize), { batchSize });
  }

  /** Number of rows `T·B`. */
  get rows(): number {
    return this.steps * this.batchSize;
  }

  /** Number of real (unpadded) steps over all sequences. */
  get tokens(): number {
    return this.lengths.reduce((n, len) => n + len, 0);
  }

  /** The same layout around other data (e.g. a layer's output). */
  with<E extends SequenceData>(data: E): SequenceBatch<E> {
    const rows = data instanceof Matrix ? data.rows : data.length;
    if (rows !== this.rows) {
      const what = data instanceof Matrix ? shapeString(data) : `${rows} ids`;
      throw new RangeError(`SequenceBatch.with: ${what} for a batch of ${this.rows} rows`);
    }
    return new SequenceBatch(data, this);
  }

  /** Row index of sequence `b` at step `t`: `t·B + b`. */
  index(t: number, b: number): number {
    return t * this.batchSize + b;
  }

  /** Row index of sequence `b`'s last real step. */
  lastIndex(b: number): number {
    return (this.lengths[b] - 1) * this.batchSize + b;
  }

  /** The B rows (or ids) of step `t`, sharing storage. */
  at(t: number): D {
    requireInteger("step", t, { min: 0, max: this.steps - 1 });
    const B = this.batchSize;
    const data = this.data;
    return (data instanceof Matrix
      ? rowSlice(data, t * B, B)
      : data.subarray(t * B, (t + 1) * B)) as D;
  }

  /** The real part of each id sequence, as plain arrays (the inverse of {@link SequenceBatch.pad}). */
  sequences(): number[][] {
    const ids: SequenceData = this.data, B = this.batchSize;
    if (ids instanceof Matrix) throw new TypeError("sequences() needs a batch of token ids");
    return Array.from(this.lengths, (n, b) => Array.from({ length: n }, (_, t) => ids[t * B + b]));
  }
}

/** Checked lengths: one per sequence, each an integer in [1, T]. */
function checkedLengths(lengths: ArrayLike<number>, T: number, B: number): Int32Array {
  if (lengths.length !== B) {
    throw new RangeError(`lengths has ${lengths.length} entries for a batch of ${B} sequences`);
  }
  for (let b = 0; b < B; b++) {
    requireInteger(`length of sequence ${b}`, lengths[b], { min: 1, max: T });
  }
  return Int32Array.from(lengths);
}

/** 1 for real steps, 0 for padding. */
function maskOf(lengths: Int32Array, T: number): Float64Array {
  const B = lengths.length;
  const mask = new Float64Array(T * B);
  for (let b = 0; b < B; b++) for (let t = 0; t < lengths[b]; t++) mask[t * B + b] = 1;
  return mask;
}

/** A given mask: finite weights ≥ 0, and 0 wherever a sequence is padded. */
function checkedMask(mask: ArrayLike<number>, lengths: Int32Array, T: number): Float64Array {
  const B = lengths.length;
  const weights = requireWeights("mask", mask, T * B);
  for (let b = 0; b < B; b++) {
    for (let t = lengths[b]; t < T; t++) {
      if (weights[t * B + b] !== 0) {
        throw new RangeError(
          `mask: row ${t * B + b} (sequence ${b}, step ${t}) is padding but weighs ${
            weights[t * B + b]
          }`,
        );
      }
    }
  }
  return weights;
}
