/**
 * The batches of the course's sequence models, built from lists of examples.
 * Every batch is made of {@link SequenceBatch}es (time-major, padded at the
 * end, with lengths), plus labels where a model predicts one per sequence.
 *
 * @module
 */

import { requireInteger, requirePositiveInteger } from "../core/guards.ts";
import { SequenceBatch, type TokenBatch } from "../core/sequence_batch.ts";
import { Random } from "../random.ts";

/**
 * One target per input token (a language model's next tokens, a tagger's
 * tags): `targets` has the layout of `inputs`.
 */
export interface AlignedBatch {
  /** The input tokens. */
  readonly inputs: TokenBatch;
  /** The target of every input token, same layout (padding masked). */
  readonly targets: TokenBatch;
  /** True when a stateful model should forget its carried state first. */
  readonly resetState?: boolean;
}

/** One label per sequence (many-to-one). */
export interface ClassificationBatch {
  /** The sequences. */
  readonly inputs: TokenBatch;
  /** Class of each sequence `[B]`. */
  readonly labels: Int32Array;
}

/** Source sequences and teacher-forced decoder sequences (encoder–decoder). */
export interface Seq2SeqBatch {
  /** The input sequences. */
  readonly source: TokenBatch;
  /** Decoder inputs: `<s>` followed by the target. */
  readonly inputs: TokenBatch;
  /** Decoder targets: the target followed by `</s>`, aligned with `inputs`. */
  readonly targets: TokenBatch;
}

/** A label per sequence to generate from (one-to-many). */
export interface GenerationBatch {
  /** Label of each sequence `[B]`. */
  readonly labels: Int32Array;
  /** The sequences with `</s>` appended. */
  readonly targets: TokenBatch;
}

/** How examples are grouped into batches. */
export interface BatchingOptions {
  /** Examples per batch (the last batch may be smaller). */
  batchSize: number;
  /** Shuffle the examples before splitting (default true). */
  shuffle?: boolean;
  /** Seed of the shuffle (default 0). */
  seed?: number;
}

/**
 * Splits example indices `0 … n−1` into batches, shuffled with a seed.
 *
 * @example
 * ```ts
 * import { batchIndices } from "./batches.ts";
 * const groups = batchIndices(5, { batchSize: 2, shuffle: false });
 * console.assert(JSON.stringify(groups) === "[[0,1],[2,3],[4]]");
 * ```
 */
export function batchIndices(n: number, options: BatchingOptions): number[][] {
  const { batchSize, shuffle = true, seed = 0 } = options;
  requirePositiveInteger("batchSize", batchSize);
  requirePositiveInteger("number of examples", n);
  const order = shuffle ? new Random(seed).permutation(n) : Array.from({ length: n }, (_, i) => i);
  const groups: number[][] = [];
  for (let i = 0; i < n; i += batchSize) groups.push(order.slice(i, i + batchSize));
  return groups;
}

function sameCount(what: string, a: number, aName: string, b: number, bName: string): void {
  if (a !== b) throw new RangeError(`${what}: ${a} ${aName} but ${b} ${bName}`);
}

/** Labels as an Int32Array, each an integer ≥ 0. */
function labelArray(what: string, labels: ArrayLike<number>, group: number[]): Int32Array {
  const max = 2 ** 31 - 1; // the largest an Int32Array holds without wrapping
  return Int32Array.from(group, (i) => {
    return requireInteger(`${what} label of example ${i}`, labels[i], { min: 0, max });
  });
}

/**
 * Groups `(sequence, label)` examples into padded batches.
 *
 * @example
 * ```ts
 * import { classificationBatches } from "./batches.ts";
 * const [b] = classificationBatches([[1, 2], [3]], [0, 1], { batchSize: 2, shuffle: false });
 * console.assert(b.inputs.steps === 2 && b.labels.join() === "0,1");
 * ```
 */
export function classificationBatches(
  sequences: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  options: BatchingOptions & { padId?: number },
): ClassificationBatch[] {
  sameCount("classificationBatches", sequences.length, "sequences", labels.length, "labels");
  return batchIndices(sequences.length, options).map((group) => ({
    inputs: SequenceBatch.pad(group.map((i) => sequences[i]), { padId: options.padId }),
    labels: labelArray("classificationBatches", labels, group),
  }));
}

/**
 * Groups `(tokens, tags)` examples into padded aligned batches; each example
 * needs as many tags as tokens.
 *
 * @example
 * ```ts
 * import { taggingBatches } from "./batches.ts";
 * const [b] = taggingBatches([[5, 6], [7]], [[1, 2], [3]], { batchSize: 2, shuffle: false });
 * console.assert(b.targets.data.join() === "1,3,2,0" && b.targets.mask.join() === "1,1,1,0");
 * ```
 */
export function taggingBatches(
  sequences: readonly ArrayLike<number>[],
  tags: readonly ArrayLike<number>[],
  options: BatchingOptions & { padId?: number },
): AlignedBatch[] {
  sameCount("taggingBatches", sequences.length, "sequences", tags.length, "tag lists");
  sequences.forEach((s, i) =>
    sameCount(`taggingBatches: sequence ${i}`, s.length, "tokens", tags[i].length, "tags")
  );
  return batchIndices(sequences.length, options).map((group) => ({
    inputs: SequenceBatch.pad(group.map((i) => sequences[i]), { padId: options.padId }),
    targets: SequenceBatch.pad(group.map((i) => tags[i])),
  }));
}

/**
 * Groups `(source, target)` pairs into padded batches with the decoder's
 * teacher-forcing input (`<s>` + target) and output (target + `</s>`).
 *
 * @example
 * ```ts
 * import { seq2seqBatches } from "./batches.ts";
 * const [b] = seq2seqBatches([[1, 2]], [[3]], { batchSize: 1, bos: 0, eos: 1 });
 * console.assert(b.inputs.data.join() === "0,3" && b.targets.data.join() === "3,1");
 * ```
 */
export function seq2seqBatches(
  sources: readonly ArrayLike<number>[],
  targets: readonly ArrayLike<number>[],
  options: BatchingOptions & { bos: number; eos: number },
): Seq2SeqBatch[] {
  const { bos, eos } = options;
  sameCount("seq2seqBatches", sources.length, "sources", targets.length, "targets");
  return batchIndices(sources.length, options).map((group) => ({
    source: SequenceBatch.pad(group.map((i) => sources[i])),
    inputs: SequenceBatch.pad(group.map((i) => [bos, ...Array.from(targets[i])])),
    targets: SequenceBatch.pad(group.map((i) => [...Array.from(targets[i]), eos])),
  }));
}

/**
 * Groups `(label, sequence)` examples into batches, appending `</s>` to each
 * sequence.
 *
 * @example
 * ```ts
 * import { generationBatches } from "./batches.ts";
 * const [b] = generationBatches([[2, 3]], [1], { batchSize: 1, eos: 0 });
 * console.assert(b.targets.data.join() === "2,3,0");
 * ```
 */
export function generationBatches(
  sequences: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  options: BatchingOptions & { eos: number },
): GenerationBatch[] {
  sameCount("generationBatches", sequences.length, "sequences", labels.length, "labels");
  return batchIndices(sequences.length, options).map((group) => ({
    labels: labelArray("generationBatches", labels, group),
    targets: SequenceBatch.pad(group.map((i) => [...Array.from(sequences[i]), options.eos])),
  }));
}
