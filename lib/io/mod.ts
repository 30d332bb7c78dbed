/**
 * Saving and loading: the safetensors format, model checkpoints, and PyTorch
 * interop for recurrent layers.
 *
 * @module
 */

export * from "./safetensors.ts";
export * from "./checkpoint.ts";
export * from "./pytorch.ts";
