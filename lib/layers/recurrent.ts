/**
 * The recurrent-layer interface: what every recurrent layer of the course
 * offers (the Elman RNN, the LSTM, the GRU, and the stacked and bidirectional
 * wrappers around any of them), so that every model takes any of them.
 *
 * ```
 * const pass = layer.forward(xs);          // xs: [T·B × input], a SequenceBatch
 * pass.ys                                  // outputs [T·B × outputSize], same layout
 * pass.final                               // the state at each sequence's last real step
 * pass.trace.h                             // per-step values for charts (c, gates, …)
 * const { dxs, dInitial } = layer.backward(dys, pass);   // BPTT, adds into the gradients
 * ```
 *
 * A state is a list of matrices `[B × H]` named by `stateNames`: `["h"]` for
 * the RNN and GRU, `["h", "c"]` for the LSTM, one group per layer (and per
 * direction) for the wrappers.
 *
 * **Carrying state (truncated BPTT).** `forward(xs)` without an initial state
 * starts from the carried state when the layer is `stateful` (zeros the first
 * time and after `resetState()`), and a stateful layer carries its final state
 * into the next such call: the state flows forward forever, gradients stop at
 * the call boundary. `forward(xs, initial)` starts from `initial` and leaves
 * the carried state alone, so sampling or evaluating in the middle of training
 * cannot disturb it.
 *
 * **One caching discipline.** `forward` returns a pass that holds its outputs
 * and everything `backward` needs; `backward(dys, pass)` reads only that pass.
 * A layer keeps nothing between the two, so any number of other forward calls
 * (a prediction, an evaluation) may run in between.
 *
 * @module
 */

import type { DType, Matrix } from "../core/matrix.ts";
import type { SequenceBatch } from "../core/sequence_batch.ts";
import type { HasParams } from "./param.ts";

/** A recurrent state: one `[B × H]` matrix per name in `stateNames`. */
export type RecurrentState = readonly Matrix[];

/** What one forward pass over a batch of sequences returns. */
export interface RecurrentPass {
  /** The outputs `[T·B × outputSize]` in the input's layout. */
  readonly ys: SequenceBatch;
  /** The state the pass started from. */
  readonly initial: RecurrentState;
  /** The state at each sequence's last real step (the next call's start). */
  readonly final: RecurrentState;
  /**
   * Per-step values for charts and analysis, each `[T·B × H]`: `h` always,
   * and for gated cells the cell state and the gates (`c`, `i`, `f`, …).
   */
  readonly trace: Readonly<Record<string, Matrix>>;
  /** The layer that made this pass (backward checks it). */
  readonly layer: RecurrentLayer;
}

/** What {@link RecurrentLayer.backward} returns. */
export interface RecurrentGradients {
  /** ∂loss/∂xs, `[T·B × inputSize]`. */
  readonly dxs: Matrix;
  /** ∂loss/∂(initial state): for whatever produced it (an encoder, say). */
  readonly dInitial: RecurrentState;
}

/** A layer that runs over a batch of sequences, step by step, with a state. */
export interface RecurrentLayer extends HasParams {
  /** What it is, e.g. `"rnn"`, `"lstm"`, `"gru"`, `"stacked(2×lstm)"`, `"bidirectional(gru)"`. */
  readonly kind: string;
  /** Features per input step. */
  readonly inputSize: number;
  /** Features per output step. */
  readonly outputSize: number;
  /** Element type of the parameters and states. */
  readonly dtype: DType;
  /** Names of the parts of a state, e.g. `["h", "c"]`. */
  readonly stateNames: readonly string[];
  /** Units of each part of the state. */
  readonly stateSize: number;
  /** Carry the final state into the next `forward(xs)` call. */
  stateful: boolean;
  /** The carried state (undefined: start from zeros). */
  state: RecurrentState | undefined;
  /** Forgets the carried state (a new text, a new epoch). */
  resetState(): void;
  /** A zero state for `batchSize` sequences. */
  zeroState(batchSize: number): RecurrentState;
  /** Runs over `xs`; see the module documentation for `initial` and carrying. */
  forward(xs: SequenceBatch, initial?: RecurrentState): RecurrentPass;
  /**
   * Backward through time from `dys` (∂loss/∂outputs, `[T·B × outputSize]`)
   * and optionally `dFinal` (∂loss/∂final state). Adds into the parameter
   * gradients.
   */
  backward(dys: Matrix, pass: RecurrentPass, dFinal?: RecurrentState): RecurrentGradients;
}

/**
 * A single-direction layer's parameters as PyTorch's `nn.RNN`/`nn.LSTM`/
 * `nn.GRU` name and lay them out, without the layer suffix (`weight_ih`,
 * `weight_hh`, `bias_ih`, `bias_hh`; the io module adds `_l0`, `_reverse`).
 * Weights are `[G·H × input]` (gates stacked along rows, in PyTorch's order),
 * biases `1 × G·H`.
 */
export type TorchTensors = Readonly<Record<string, Matrix>>;

/** A layer that maps its parameters to and from PyTorch's names and layout. */
export interface TorchMappable {
  /** The parameter values as PyTorch names and lays them out. */
  toTorch(): TorchTensors;
  /**
   * The gradients in the same names and layout (PyTorch reports one gradient
   * per bias; where the course keeps one bias for two, both get its gradient).
   */
  gradToTorch(): TorchTensors;
  /** Sets the parameters from PyTorch's tensors; checks every shape before writing any. */
  fromTorch(tensors: TorchTensors): void;
}
