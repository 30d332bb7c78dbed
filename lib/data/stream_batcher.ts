/**
 * Batches for truncated BPTT over one long token stream.
 *
 * The stream is cut into `batchSize` equal parallel streams (rows of a
 * notional `B × L` grid); each batch takes the next `seqLength` steps of every
 * stream, so the state one batch leaves is the right start for the next.
 * Batches are {@link AlignedBatch}es: inputs and next-token targets, both
 * full-length token batches (time-major: position `t·B + b` is stream b at
 * step t).
 *
 * @module
 */

import { requireIds, requirePositiveInteger } from "../core/guards.ts";
import { SequenceBatch } from "../core/sequence_batch.ts";
import type { AlignedBatch } from "./batches.ts";

/** Options of {@link StreamBatcher}. */
export interface StreamBatcherOptions {
  /** Parallel streams per batch. */
  batchSize: number;
  /** Steps of truncated BPTT per batch. */
  seqLength: number;
  /** Refuse ids ≥ this (default: any non-negative integer). */
  vocabSize?: number;
}

/**
 * Serves consecutive batches from a token stream, epoch after epoch. The
 * first batch of each epoch asks the model to reset its carried state.
 *
 * @example
 * ```ts
 * import { StreamBatcher } from "./stream_batcher.ts";
 * const b = new StreamBatcher([0, 1, 2, 3, 4], { batchSize: 1, seqLength: 4 }).next();
 * console.assert(b.inputs.data.join() === "0,1,2,3" && b.targets.data.join() === "1,2,3,4");
 * console.assert(b.resetState === true);
 * ```
 */
export class StreamBatcher {
  readonly #ids: Int32Array;
  /** Parallel streams per batch. */
  readonly batchSize: number;
  /** Steps of truncated BPTT per batch. */
  readonly seqLength: number;
  /** Length of each parallel stream (inputs). */
  readonly streamLength: number;
  #position = 0;
  /** Completed epochs. */
  epoch = 0;

  /** Cuts `ids` (checked: integers ≥ 0, below `vocabSize` when given) into parallel streams. */
  constructor(ids: ArrayLike<number>, options: StreamBatcherOptions) {
    this.batchSize = requirePositiveInteger("batchSize", options.batchSize);
    this.seqLength = requirePositiveInteger("seqLength", options.seqLength);
    this.#ids = requireIds("StreamBatcher ids", ids, options.vocabSize);
    this.streamLength = Math.floor((ids.length - 1) / this.batchSize);
    if (this.streamLength < 1) {
      throw new RangeError(
        `StreamBatcher: ${ids.length} tokens are too few for batchSize ${this.batchSize} ` +
          `(need at least ${this.batchSize + 1})`,
      );
    }
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.streamLength / this.seqLength);
  }

  /** The next batch; wraps to a new epoch at the end of the streams. */
  next(): AlignedBatch {
    const B = this.batchSize, L = this.streamLength;
    if (this.#position >= L) {
      this.#position = 0;
      this.epoch++;
    }
    const start = this.#position;
    const steps = Math.min(this.seqLength, L - start);
    const inputs = new Int32Array(steps * B), targets = new Int32Array(steps * B);
    for (let t = 0; t < steps; t++) {
      for (let b = 0; b < B; b++) {
        const src = b * L + start + t;
        inputs[t * B + b] = this.#ids[src];
        targets[t * B + b] = this.#ids[src + 1];
      }
    }
    this.#position += steps;
    return {
      inputs: new SequenceBatch(inputs, { batchSize: B }),
      targets: new SequenceBatch(targets, { batchSize: B }),
      resetState: start === 0,
    };
  }

  /** One whole epoch from the start, without disturbing this batcher's position. */
  epochBatches(): AlignedBatch[] {
    const copy = new StreamBatcher(this.#ids, this);
    return Array.from({ length: copy.batchesPerEpoch }, () => copy.next());
  }
}
