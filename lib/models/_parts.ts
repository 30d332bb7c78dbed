/**
 * The parts most sequence models share: token ids → vectors (embedding or
 * one-hot) → a recurrent layer of any cell type → an output layer.
 *
 * @module
 */

import type { DType } from "../core/matrix.ts";
import { type Affine, outputLayer } from "../layers/affine.ts";
import { type CellSpec, makeRecurrent } from "../layers/cells.ts";
import type { RecurrentLayer } from "../layers/recurrent.ts";
import { TokenInput } from "../layers/token_input.ts";
import type { Random } from "../random.ts";

/** Options every recurrent model of the course takes. */
export interface RecurrentModelOptions {
  /** Units of each recurrent layer's state (of each direction when bidirectional). */
  hiddenSize: number;
  /** Size of a learned embedding; omit for one-hot inputs. */
  embeddingSize?: number;
  /**
   * The cell type (`"rnn"`, or with options `{ kind: "rnn", activation: "relu" }`),
   * or a recurrent layer to use as it is. Default `"rnn"` (tanh).
   */
  cell?: string | CellSpec | RecurrentLayer;
  /** Recurrent layers stacked (default 1). */
  numLayers?: number;
  /** float64 (default; exact, for checks) or float32 (fast training). */
  dtype?: DType;
  /** Seed of the initialisation (default 0). */
  seed?: number;
}

/** Token input → recurrent layer → output layer, built in that order from `rng`. */
export function recurrentParts(
  options: RecurrentModelOptions & {
    vocabSize: number;
    outputSize: number;
    bidirectional?: boolean;
    stateful?: boolean;
  },
  rng: Random,
): { input: TokenInput; rnn: RecurrentLayer; head: Affine } {
  const { vocabSize, embeddingSize, dtype = "float64", outputSize } = options;
  const input = new TokenInput({ vocabSize, embeddingSize, rng, dtype });
  const rnn = makeRecurrent({ ...options, inputSize: input.size, rng, dtype });
  if (rnn.dtype !== dtype) {
    throw new TypeError(`the given recurrent layer is ${rnn.dtype}, the model ${dtype}`);
  }
  const head = outputLayer(rnn.outputSize, outputSize, rng, dtype);
  return { input, rnn, head };
}
