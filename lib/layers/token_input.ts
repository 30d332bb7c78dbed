/**
 * Token ids → input vectors, the first layer of every sequence model: a
 * learned embedding, or fixed one-hot vectors when no embedding size is given.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import type { SequenceBatch, TokenBatch } from "../core/sequence_batch.ts";
import type { Random } from "../random.ts";
import { Embedding, type EmbeddingPass, oneHot } from "./embedding.ts";
import type { HasParams, Param } from "./param.ts";

/** What {@link TokenInput.forward} returns. */
export interface TokenInputPass {
  /** The vectors `[T·B × size]`, in the tokens' layout. */
  readonly xs: SequenceBatch<Matrix>;
  /** The embedding's pass (undefined for one-hot inputs). */
  readonly embedding: EmbeddingPass | undefined;
}

/**
 * An embedding table `E`, or fixed one-hot vectors (no parameters).
 *
 * @example
 * ```ts
 * import { Random, SequenceBatch, TokenInput } from "../mod.ts";
 * const input = new TokenInput({ vocabSize: 4, rng: new Random(0) }); // one-hot
 * const { xs } = input.forward(SequenceBatch.pad([[1, 3]]));
 * console.assert(xs.data.cols === 4 && xs.data.get(1, 3) === 1 && input.params.length === 0);
 * ```
 */
export class TokenInput implements HasParams {
  /** The table, or undefined for one-hot inputs. */
  readonly embedding: Embedding | undefined;
  /** Number of distinct tokens. */
  readonly vocabSize: number;
  /** Element type of the vectors. */
  readonly dtype: DType;

  /** One-hot when `embeddingSize` is undefined. */
  constructor(options: {
    vocabSize: number;
    embeddingSize?: number;
    rng: Random;
    dtype?: DType;
    name?: string;
  }) {
    const { vocabSize, embeddingSize, rng, dtype = "float64", name = "E" } = options;
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

  /** One vector per token, in the tokens' layout. */
  forward(tokens: TokenBatch): TokenInputPass {
    if (this.embedding) {
      const pass = this.embedding.forward(tokens.data);
      return { xs: tokens.with(pass.y), embedding: pass };
    }
    return {
      xs: tokens.with(oneHot(tokens.data, this.vocabSize, this.dtype)),
      embedding: undefined,
    };
  }

  /** Adds into `E`'s gradient (one-hot inputs have none). */
  backward(dxs: Matrix, pass: TokenInputPass): void {
    if (this.embedding && pass.embedding) this.embedding.backward(dxs, pass.embedding);
  }
}
