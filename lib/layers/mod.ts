/**
 * Layers with explicit forward and backward passes: parameters, the affine
 * and input layers, the loss, and the recurrent layers (one cell, over time,
 * stacked, bidirectional, by name).
 *
 * @module
 */

export * from "./param.ts";
export * from "./affine.ts";
export * from "./embedding.ts";
export * from "./token_input.ts";
export * from "./softmax_loss.ts";
export * from "./mse_loss.ts";
export * from "./word_classes.ts";
export * from "./class_softmax.ts";
export * from "./rnn_cell.ts";
export * from "./recurrent.ts";
export * from "./time_layer.ts";
export * from "./rnn.ts";
export * from "./lstm_cell.ts";
export * from "./lstm.ts";
export * from "./gru_cell.ts";
export * from "./gru.ts";
export * from "./stacked.ts";
export * from "./bidirectional.ts";
export * from "./cells.ts";
