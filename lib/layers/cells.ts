/**
 * Recurrent layers by name: every model builds its recurrent part here, from
 * `cell: "rnn"` (or `{ kind: "rnn", activation: "sigmoid" }`, or a layer
 * instance), a number of layers and a direction. A new cell type is one file
 * with its layer class plus one line in {@link CELLS}.
 *
 * @module
 */

import type { DType } from "../core/matrix.ts";
import { requireOneOf, requirePositiveInteger } from "../core/guards.ts";
import type { Random } from "../random.ts";
import { Bidirectional } from "./bidirectional.ts";
import { GRU } from "./gru.ts";
import type { GRUVariant } from "./gru_cell.ts";
import { LSTM } from "./lstm.ts";
import type { RecurrentLayer } from "./recurrent.ts";
import { RNN } from "./rnn.ts";
import type { HiddenActivation } from "./rnn_cell.ts";
import { Stacked } from "./stacked.ts";

/** What every cell factory receives. */
export interface CellShape {
  /** Features per input step. */
  inputSize: number;
  /** Units of the state. */
  hiddenSize: number;
  /** Generator for the initialisation. */
  rng: Random;
  /** Element type. */
  dtype: DType;
  /** Carry the state between calls. */
  stateful: boolean;
}

/** A cell type and its options, e.g. `{ kind: "rnn", activation: "relu" }`. */
export interface CellSpec {
  /** The cell type: one of {@link cellNames}. */
  kind: string;
  /** Elman RNN: the hidden nonlinearity (default tanh). */
  activation?: HiddenActivation;
  /** Elman RNN: `false` removes the recurrent weight (no memory). */
  recurrent?: boolean;
  /** LSTM: initial bias of the forget gate (default 1). */
  forgetBias?: number;
  /** LSTM: peephole connections from the cell state to the gates. */
  peephole?: boolean;
  /** LSTM: coupled input and forget gates, `i = 1 − f`. */
  coupled?: boolean;
  /** GRU: `"pytorch"` (reset after the recurrent product, default) or `"cho"` (before). */
  variant?: GRUVariant;
  /** Any option of another cell type. */
  [option: string]: unknown;
}

/** Builds one left-to-right layer of a cell type from its shape and options. */
export type CellFactory = (shape: CellShape, spec: CellSpec) => RecurrentLayer;

/** The cell types, by name. Adding a cell type adds one line here. */
export const CELLS: Readonly<Record<string, { options: readonly string[]; make: CellFactory }>> = {
  rnn: {
    options: ["activation", "recurrent"],
    make: (shape, spec) =>
      new RNN({ ...shape, activation: spec.activation, recurrent: spec.recurrent }),
  },
  lstm: {
    options: ["forgetBias", "peephole", "coupled"],
    make: (shape, { forgetBias, peephole, coupled }) =>
      new LSTM({ ...shape, forgetBias, peephole, coupled }),
  },
  gru: {
    options: ["variant"],
    make: (shape, spec) => new GRU({ ...shape, variant: spec.variant }),
  },
};

/** Names of the cell types, e.g. `["rnn", "lstm", "gru"]`. */
export function cellNames(): string[] {
  return Object.keys(CELLS);
}

/** Options of {@link makeRecurrent}. */
export interface RecurrentOptions {
  /** The cell type (default `"rnn"`), with options, or a layer to use as it is. */
  cell?: string | CellSpec | RecurrentLayer;
  /** Features per input step. */
  inputSize: number;
  /** Units of each layer's state (of each direction when bidirectional). */
  hiddenSize: number;
  /** Generator for the initialisation (bottom layer first). */
  rng: Random;
  /** Element type (default float64). */
  dtype?: DType;
  /** Layers stacked (default 1). */
  numLayers?: number;
  /** Read every sequence both ways (default false; never stateful). */
  bidirectional?: boolean;
  /** Carry the state between calls (default true unless bidirectional). */
  stateful?: boolean;
}

/**
 * The recurrent part of a model: one layer, a stack, bidirectional layers, of
 * any cell type. A layer instance given as `cell` is returned as it is, after
 * checking that its input size fits.
 *
 * @example
 * ```ts
 * import { makeRecurrent, Random } from "../mod.ts";
 * const rnn = makeRecurrent({ cell: "rnn", inputSize: 3, hiddenSize: 4, numLayers: 2, rng: new Random(0) });
 * console.assert(rnn.kind === "stacked(2×rnn)" && rnn.outputSize === 4);
 * ```
 */
export function makeRecurrent(options: RecurrentOptions): RecurrentLayer {
  const { cell = "rnn", inputSize, hiddenSize, rng, dtype = "float64" } = options;
  const { numLayers = 1, bidirectional = false } = options;
  if (isLayer(cell)) {
    if (cell.inputSize !== inputSize) {
      throw new RangeError(
        `the given ${cell.kind} layer reads ${cell.inputSize} features, expected ${inputSize}`,
      );
    }
    return cell;
  }
  const spec: CellSpec = typeof cell === "string" ? { kind: cell } : cell;
  const entry = CELLS[requireOneOf("cell", spec.kind, cellNames())];
  const unknown = Object.keys(spec).filter((k) => k !== "kind" && !entry.options.includes(k));
  if (unknown.length > 0) {
    throw new RangeError(
      `cell "${spec.kind}" has no option ${unknown.map((k) => `"${k}"`).join(", ")} (its options: ${
        entry.options.join(", ") || "none"
      })`,
    );
  }
  requirePositiveInteger("numLayers", numLayers);
  const stateful = options.stateful ?? !bidirectional;
  if (bidirectional && stateful) throw new RangeError("a bidirectional layer cannot be stateful");
  const one = (input: number, layerStateful: boolean) =>
    entry.make({ inputSize: input, hiddenSize, rng, dtype, stateful: layerStateful }, spec);
  const layers: RecurrentLayer[] = [];
  let input = inputSize;
  for (let l = 0; l < numLayers; l++) {
    const single = numLayers === 1 && !bidirectional;
    const layer = bidirectional
      ? new Bidirectional(one(input, false), one(input, false))
      : one(input, single && stateful);
    layers.push(layer);
    input = layer.outputSize;
  }
  return layers.length === 1 ? layers[0] : new Stacked(layers, { stateful });
}

function isLayer(cell: string | CellSpec | RecurrentLayer): cell is RecurrentLayer {
  return typeof cell === "object" && typeof (cell as RecurrentLayer).forward === "function";
}
