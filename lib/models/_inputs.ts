/**
 * Token ids → input vectors, shared by the sequence models: a learned
 * embedding, or one-hot vectors when no embedding size is given.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import { Embedding, type Ids, oneHot } from "../layers/embedding.ts";
import type { Param } from "../layers/param.ts";
import { type Random, sampleCategorical } from "../random.ts";

/** An embedding table `E`, or fixed one-hot vectors (no parameters). */
export class TokenInput {
  /** The table, or undefined for one-hot inputs. */
  readonly embedding: Embedding | undefined;
  /** Number of distinct tokens. */
  readonly vocabSize: number;
  /** Element type of the vectors. */
  readonly dtype: DType;

  /** One-hot when `embeddingSize` is undefined. */
  constructor(
    vocabSize: number,
    embeddingSize: number | undefined,
    rng: Random,
    dtype: DType,
    name = "E",
  ) {
    this.vocabSize = vocabSize;
    this.dtype = dtype;
    this.embedding = embeddingSize === undefined
      ? undefined
      : new Embedding({ vocabSize, embeddingSize, rng, dtype, name });
  }

  /** `[E]` or `[]`. */
  get params(): Param[] {
    return this.embedding?.params ?? [];
  }

  /** Length of each input vector. */
  get size(): number {
    return this.embedding?.W.value.cols ?? this.vocabSize;
  }

  /** One row per id. */
  forward(ids: Ids): Matrix {
    return this.embedding ? this.embedding.forward(ids) : oneHot(ids, this.vocabSize, this.dtype);
  }

  /** Adds into `E`'s gradient (one-hot inputs have none). */
  backward(dxs: Matrix): void {
    this.embedding?.backward(dxs);
  }
}

/** Index of the largest value (the first on ties). */
export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let j = 1; j < values.length; j++) if (values[j] > values[best]) best = j;
  return best;
}

/**
 * A token from `logits`: the most likely at temperature 0, else a sample of
 * softmax(logits / temperature).
 */
export function pickToken(logits: ArrayLike<number>, temperature: number, rng: Random): number {
  if (!(temperature >= 0) || !Number.isFinite(temperature)) {
    throw new RangeError(`temperature must be a finite number ≥ 0, got ${temperature}`);
  }
  const best = argmax(logits);
  if (temperature === 0) return best;
  // softmax(z / T), shifted by the max so exp cannot overflow.
  const weights = new Float64Array(logits.length);
  for (let j = 0; j < logits.length; j++) {
    weights[j] = Math.exp((logits[j] - logits[best]) / temperature);
  }
  return sampleCategorical(rng, weights);
}
