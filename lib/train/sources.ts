/**
 * Where the trainer's batches come from: a fixed list (visited in a new
 * shuffled order every epoch), a batcher over a stream (e.g. truncated-BPTT
 * batches of a text, epoch after epoch), or a function that makes a fresh
 * batch for every step (synthetic tasks).
 *
 * @module
 */

import { Random } from "../random.ts";

/** A stream of batches with epochs (e.g. `StreamBatcher`). */
export interface Batcher<B> {
  /** The next batch; wraps to a new epoch at the end. */
  next(): B;
  /** Completed epochs. */
  readonly epoch: number;
  /** Batches per epoch. */
  readonly batchesPerEpoch: number;
}

/** Anything the trainer can draw batches from. */
export type BatchSource<B> = readonly B[] | Batcher<B> | ((step: number) => B);

/** A source seen one way: the next batch, and the epoch it belongs to. */
export interface BatchStream<B> {
  /** Batches per epoch (undefined: a generator, no epochs). */
  readonly batchesPerEpoch: number | undefined;
  /** The batch for 1-based `step` and the 1-based epoch it belongs to. */
  next(step: number): { batch: B; epoch: number };
}

/** Wraps any {@link BatchSource}; `shuffle`/`seed` apply to lists. */
export function batchStream<B>(
  source: BatchSource<B>,
  options: { shuffle?: boolean; seed?: number } = {},
): BatchStream<B> {
  if (typeof source === "function") {
    return { batchesPerEpoch: undefined, next: (step) => ({ batch: source(step), epoch: 1 }) };
  }
  if (Array.isArray(source)) return listStream(source as readonly B[], options);
  const batcher = source as Batcher<B>;
  return {
    batchesPerEpoch: batcher.batchesPerEpoch,
    next: () => {
      const batch = batcher.next();
      return { batch, epoch: batcher.epoch + 1 };
    },
  };
}

function listStream<B>(
  list: readonly B[],
  options: { shuffle?: boolean; seed?: number },
): BatchStream<B> {
  const { shuffle = true, seed = 0 } = options;
  if (list.length === 0) throw new RangeError("train: the list of batches is empty");
  const rng = new Random(seed);
  let order: number[] = [];
  let epoch = 0;
  return {
    batchesPerEpoch: list.length,
    next: (step) => {
      const i = (step - 1) % list.length;
      if (i === 0) {
        epoch++;
        order = shuffle ? rng.permutation(list.length) : list.map((_, k) => k);
      }
      return { batch: list[order[i]], epoch };
    },
  };
}
