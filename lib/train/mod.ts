/**
 * The one training loop: batches in, optimizer, clipping, schedule,
 * validation, live progress, the divergence stop, the history out.
 *
 * @module
 */

export * from "./trainer.ts";
export * from "./history.ts";
export * from "./sources.ts";
export * from "./divergence.ts";
