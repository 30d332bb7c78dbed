/**
 * Matrices, the checks and operations layers need, the kernels that run the
 * arithmetic and the one place that picks them, and the sequence batch that
 * every time layer, model and loss takes.
 *
 * @module
 */

export * from "./matrix.ts";
export * from "./guards.ts";
export * from "./ops.ts";
export * from "./kernels.ts";
export * from "./backend.ts";
export type { WasmFlavor } from "./wasm/module.ts";
export * from "./sequence_batch.ts";
export * from "./sequence_ops.ts";
