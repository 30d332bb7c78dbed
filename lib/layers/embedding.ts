/**
 * Token ids in, vectors out: the embedding lookup and the one-hot encoding.
 *
 * An embedding is a one-hot vector times a weight matrix, computed as a row
 * lookup instead of a product with mostly zeros.
 *
 * @module
 */

import { assertSize, type DType, Matrix } from "../core/matrix.ts";
import { gaussianMatrix, type Random } from "../random.ts";
import { type HasParams, type Param, param } from "./param.ts";

/** Token ids: one per row of the batch (time-major sequences are flattened). */
export type Ids = ArrayLike<number>;

/** Throws unless every id is an integer in [0, vocabSize), naming the first bad one. */
export function assertIds(what: string, ids: Ids, vocabSize: number): void {
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id) || id < 0 || id >= vocabSize) {
      throw new RangeError(
        `${what}: id ${id} at position ${i} is outside the vocabulary [0, ${vocabSize})`,
      );
    }
  }
}

/**
 * One-hot encoding: row r is all zeros except a 1 at column `ids[r]`, so each
 * symbol gets its own vector (no two symbols share one).
 *
 * @example
 * ```ts
 * import { oneHot } from "../mod.ts";
 * console.assert(oneHot([2], 4).toArray()[0].join() === "0,0,1,0");
 * ```
 */
export function oneHot(ids: Ids, vocabSize: number, dtype: DType = "float64"): Matrix {
  assertSize("vocabSize", vocabSize);
  assertIds("oneHot", ids, vocabSize);
  const out = new Matrix(ids.length, vocabSize, dtype);
  for (let r = 0; r < ids.length; r++) out.data[r * vocabSize + ids[r]] = 1;
  return out;
}

/** Options of {@link Embedding}. */
export interface EmbeddingOptions {
  /** Number of distinct tokens. */
  vocabSize: number;
  /** Length of each token's vector. */
  embeddingSize: number;
  /** Generator for the Gaussian initialisation. */
  rng: Random;
  /** Element type (default float64). */
  dtype?: DType;
  /** Standard deviation of the initial weights (default 0.1). */
  initStd?: number;
  /** Name of the table (default `E`). */
  name?: string;
}

/** `y[r] = W[ids[r]]`: a lookup table [vocab × embedding]. */
export class Embedding implements HasParams {
  /** The table, one row per token. */
  readonly W: Param;
  #ids: Ids | undefined;

  /** Creates the table with Gaussian initial values. */
  constructor(options: EmbeddingOptions) {
    const { vocabSize, embeddingSize, rng, dtype = "float64", initStd = 0.1 } = options;
    assertSize("vocabSize", vocabSize);
    assertSize("embeddingSize", embeddingSize);
    this.W = param(
      options.name ?? "E",
      gaussianMatrix(rng, vocabSize, embeddingSize, initStd, dtype),
    );
  }

  /** `[W]`. */
  get params(): Param[] {
    return [this.W];
  }

  /** Looks up each id's row; keeps the ids for backward. */
  forward(ids: Ids): Matrix {
    const { rows: vocab, cols: dim } = this.W.value;
    assertIds("Embedding", ids, vocab);
    this.#ids = ids;
    const out = new Matrix(ids.length, dim, this.W.value.dtype);
    for (let r = 0; r < ids.length; r++) {
      out.data.set(this.W.value.row(ids[r]), r * dim);
    }
    return out;
  }

  /** Adds each row of `dy` into the gradient row of its id (repeated ids add up). */
  backward(dy: Matrix): void {
    const ids = this.#ids;
    if (!ids) throw new Error("Embedding.backward called before forward");
    const dim = this.W.value.cols;
    if (dy.rows !== ids.length || dy.cols !== dim) {
      throw new RangeError(
        `Embedding output gradient: expected shape ${ids.length}×${dim}, got ${dy.rows}×${dy.cols}`,
      );
    }
    const g = this.W.grad.data;
    for (let r = 0; r < ids.length; r++) {
      const base = ids[r] * dim, src = r * dim;
      for (let j = 0; j < dim; j++) g[base + j] += dy.data[src + j];
    }
  }
}
