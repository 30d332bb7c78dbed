/**
 * Token ids in, vectors out: the embedding lookup and the one-hot encoding.
 *
 * An embedding is a one-hot vector times a weight matrix, computed as a row
 * lookup instead of a product with mostly zeros.
 *
 * @module
 */

import { requireIds, requirePositiveInteger } from "../core/guards.ts";
import { type DType, Matrix } from "../core/matrix.ts";
import { gaussianMatrix, type Random } from "../random.ts";
import { type HasParams, type Param, param } from "./param.ts";

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
export function oneHot(
  ids: ArrayLike<number>,
  vocabSize: number,
  dtype: DType = "float64",
): Matrix {
  requirePositiveInteger("vocabSize", vocabSize);
  const checked = requireIds("oneHot", ids, vocabSize);
  const out = new Matrix(checked.length, vocabSize, dtype);
  for (let r = 0; r < checked.length; r++) out.data[r * vocabSize + checked[r]] = 1;
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

/** What {@link Embedding.forward} returns. */
export interface EmbeddingPass {
  /** The ids looked up. */
  readonly ids: Int32Array;
  /** One row of the table per id. */
  readonly y: Matrix;
}

/**
 * `y[r] = E[ids[r]]`: a lookup table [vocab × embedding].
 *
 * @example
 * ```ts
 * import { Embedding, fromArray, Random } from "../mod.ts";
 * const E = new Embedding({ vocabSize: 3, embeddingSize: 2, rng: new Random(0) });
 * const pass = E.forward([2, 2]);
 * E.backward(fromArray([[1, 1], [1, 1]]), pass); // both rows add into row 2 of the gradient
 * console.assert(E.W.grad.get(2, 0) === 2 && E.W.grad.get(0, 0) === 0);
 * ```
 */
export class Embedding implements HasParams {
  /** The table, one row per token. */
  readonly W: Param;

  /** Creates the table with Gaussian initial values. */
  constructor(options: EmbeddingOptions) {
    const { vocabSize, embeddingSize, rng, dtype = "float64", initStd = 0.1 } = options;
    requirePositiveInteger("vocabSize", vocabSize);
    requirePositiveInteger("embeddingSize", embeddingSize);
    this.W = param(
      options.name ?? "E",
      gaussianMatrix(rng, vocabSize, embeddingSize, initStd, dtype),
    );
  }

  /** `[W]`. */
  get params(): Param[] {
    return [this.W];
  }

  /** Looks up each id's row. */
  forward(ids: ArrayLike<number>): EmbeddingPass {
    const { rows: vocab, cols: dim } = this.W.value;
    const checked = requireIds("Embedding", ids, vocab);
    const y = new Matrix(checked.length, dim, this.W.value.dtype);
    for (let r = 0; r < checked.length; r++) y.data.set(this.W.value.row(checked[r]), r * dim);
    return { ids: checked, y };
  }

  /** Adds each row of `dy` into the gradient row of its id (repeated ids add up). */
  backward(dy: Matrix, pass: EmbeddingPass): void {
    const { ids } = pass;
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
