/**
 * Saving and loading: the safetensors format, model checkpoints, and PyTorch
 * interop (a recurrent layer, stack, bidirectional layer or model ↔ a
 * PyTorch `state_dict`, in one call).
 *
 * @module
 */

export * from "./safetensors.ts";
export * from "./checkpoint.ts";
export * from "./pytorch.ts";
