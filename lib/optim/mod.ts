/**
 * Training: optimizers, gradient clipping and learning-rate schedules.
 *
 * @module
 */

export * from "./optimizer.ts";
export * from "./sgd.ts";
export * from "./momentum.ts";
export * from "./adagrad.ts";
export * from "./rmsprop.ts";
export * from "./adam.ts";
export * from "./clip.ts";
export * from "./schedule.ts";
