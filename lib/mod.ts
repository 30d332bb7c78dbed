/**
 * The course engine: matrices, layers with explicit forward and backward
 * passes, optimizers, models, data, gradient checks, checkpoints and charts.
 *
 * @module
 */

export * from "./core/matrix.ts";
export * from "./core/kernels.ts";
export * from "./core/ops.ts";
export * from "./random.ts";
export * from "./layers/param.ts";
