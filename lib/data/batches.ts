/**
 * Batches for truncated BPTT over one long token stream.
 *
 * The stream is cut into `batchSize` equal parallel streams (rows of a
 * notional `B × L` grid); each batch takes the next `seqLength` steps of
 * every stream, so the hidden state left by one batch is the right start for
 * the next. Layout is time-major: position `t·B + b` holds stream b at step t.
 *
 * @module
 */

import { assertSize } from "../core/matrix.ts";

/** One batch of inputs and next-token targets, time-major. */
export interface Batch {
  /** Input ids, length `steps · batchSize`. */
  inputs: Int32Array;
  /** Target ids (the next token of each input), same layout. */
  targets: Int32Array;
  /** Time steps in this batch (the last batch of an epoch may be shorter). */
  steps: number;
  /** Rows per time step. */
  batchSize: number;
  /** True for the first batch of an epoch (the model should reset its state). */
  epochStart: boolean;
}

/** Serves consecutive batches from a token stream, epoch after epoch. */
export class StreamBatcher {
  readonly #ids: ArrayLike<number>;
  /** Parallel streams per batch. */
  readonly batchSize: number;
  /** Steps of truncated BPTT per batch. */
  readonly seqLength: number;
  /** Length of each parallel stream (inputs). */
  readonly streamLength: number;
  #position = 0;
  /** Completed epochs. */
  epoch = 0;

  /**
   * Cuts `ids` into `batchSize` parallel streams, served `seqLength` steps at a time.
   *
   * @example
   * ```ts
   * import { StreamBatcher } from "./batches.ts";
   * const b = new StreamBatcher([0, 1, 2, 3, 4], 1, 4).next();
   * console.assert(b.inputs.join() === "0,1,2,3" && b.targets.join() === "1,2,3,4");
   * ```
   */
  constructor(ids: ArrayLike<number>, batchSize: number, seqLength: number) {
    assertSize("batchSize", batchSize);
    assertSize("seqLength", seqLength);
    this.#ids = ids;
    this.batchSize = batchSize;
    this.seqLength = seqLength;
    this.streamLength = Math.floor((ids.length - 1) / batchSize);
    if (this.streamLength < 1) {
      throw new RangeError(
        `StreamBatcher: ${ids.length} tokens are too few for batchSize ${batchSize} (need at least ${
          batchSize + 1
        })`,
      );
    }
  }

  /** Batches per epoch. */
  get batchesPerEpoch(): number {
    return Math.ceil(this.streamLength / this.seqLength);
  }

  /** The next batch; wraps to a new epoch at the end of the streams. */
  next(): Batch {
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
    return { inputs, targets, steps, batchSize: B, epochStart: start === 0 };
  }
}
