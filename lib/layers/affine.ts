/**
 * The affine (fully connected) layer: `y = x·W + b`, batches as rows.
 *
 * @module
 */

import { assertShape, assertSize, type DType, type Matrix, zeros } from "../core/matrix.ts";
import { addBias, matmul, sumRowsInto } from "../core/ops.ts";
import { type Random, xavierMatrix } from "../random.ts";
import { type HasParams, type Param, param } from "./param.ts";

/** Options of {@link Affine}. */
export interface AffineOptions {
  /** Input features. */
  inputSize: number;
  /** Output features. */
  outputSize: number;
  /** Generator for the Xavier initialisation of `W`. */
  rng: Random;
  /** Element type (default float64). */
  dtype?: DType;
  /** Name of the weight (default `W`; the char LM calls it `Why`). */
  weightName?: string;
  /** Name of the bias (default `b`; the char LM calls it `by`). */
  biasName?: string;
}

/** What {@link Affine.forward} returns: the output and what backward needs. */
export interface AffinePass {
  /** The input `x` [batch × in]. */
  readonly x: Matrix;
  /** The output `y = x·W + b` [batch × out]. */
  readonly y: Matrix;
}

/**
 * `y = x·W + b` with `x` [batch × in], `W` [in × out], `b` [1 × out].
 *
 * @example
 * ```ts
 * import { Affine, fromArray, Random } from "../mod.ts";
 * const layer = new Affine({ inputSize: 2, outputSize: 3, rng: new Random(0) });
 * const pass = layer.forward(fromArray([[1, 2]]));
 * const dx = layer.backward(fromArray([[1, 0, 0]]), pass);
 * console.assert(pass.y.cols === 3 && dx.cols === 2);
 * ```
 */
export class Affine implements HasParams {
  /** Weight [in × out]. */
  readonly W: Param;
  /** Bias [1 × out]. */
  readonly b: Param;

  /** Creates the layer with Xavier-initialised `W` and zero `b`. */
  constructor(options: AffineOptions) {
    const { inputSize, outputSize, rng, dtype = "float64", weightName = "W", biasName = "b" } =
      options;
    assertSize("inputSize", inputSize);
    assertSize("outputSize", outputSize);
    this.W = param(weightName, xavierMatrix(rng, inputSize, outputSize, dtype));
    this.b = param(biasName, zeros(1, outputSize, dtype));
  }

  /** `[W, b]`. */
  get params(): Param[] {
    return [this.W, this.b];
  }

  /** `y = x·W + b`. */
  forward(x: Matrix): AffinePass {
    assertShape("Affine input", x, x.rows, this.W.value.rows);
    return { x, y: addBias(matmul(x, this.W.value), this.b.value) };
  }

  /** Adds `xᵀ·dy` to dW and column sums of `dy` to db; returns `dx = dy·Wᵀ`. */
  backward(dy: Matrix, pass: AffinePass): Matrix {
    const { x } = pass;
    assertShape("Affine output gradient", dy, x.rows, this.W.value.cols);
    matmul(x, dy, { transA: true, out: this.W.grad, accumulate: true });
    sumRowsInto(dy, this.b.grad);
    return matmul(dy, this.W.value, { transB: true });
  }
}

/**
 * The output layer of a recurrent model: hidden states → one score per token
 * or class, `y = h·Why + by`, with the weights named as in the math.
 *
 * @example
 * ```ts
 * import { outputLayer, Random } from "../mod.ts";
 * const head = outputLayer(8, 4, new Random(0));
 * console.assert(head.params.map((p) => p.name).join() === "Why,by");
 * ```
 */
export function outputLayer(
  hiddenSize: number,
  outputSize: number,
  rng: Random,
  dtype: DType = "float64",
): Affine {
  return new Affine({
    inputSize: hiddenSize,
    outputSize,
    rng,
    dtype,
    weightName: "Why",
    biasName: "by",
  });
}
