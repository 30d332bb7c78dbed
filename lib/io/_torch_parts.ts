/**
 * The PyTorch naming walk: a recurrent layer, a stack, a bidirectional layer
 * or a whole model, cut into parts that each map themselves to PyTorch
 * ({@link TorchMappable}), with the full PyTorch name of each tensor. Private
 * to the io modules; the convention is documented in `pytorch.ts`.
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import { transpose } from "../core/ops.ts";
import { Affine } from "../layers/affine.ts";
import { Bidirectional } from "../layers/bidirectional.ts";
import type { HasParams, Param } from "../layers/param.ts";
import type { RecurrentLayer, TorchMappable } from "../layers/recurrent.ts";
import { Stacked } from "../layers/stacked.ts";
import { TokenInput } from "../layers/token_input.ts";

/** A model made of token input → recurrent layer(s) → output layer. */
export interface ModelParts extends HasParams {
  /** Embedding (PyTorch `embedding`) or one-hot (no tensor). */
  readonly input: TokenInput;
  /** The recurrent part (PyTorch `rnn`). */
  readonly rnn: RecurrentLayer;
  /** The output layer (PyTorch `head`, an `nn.Linear`). */
  readonly head: Affine;
}

/** One part and the full PyTorch name of each of its tensors. */
export interface TorchPart {
  /** Maps the part's parameters to PyTorch's layout, by local name (`weight_ih`). */
  readonly part: TorchMappable;
  /** Local name → full name, e.g. `weight_ih` → `rnn.weight_ih_l1_reverse`. */
  readonly fullName: (local: string) => string;
}

/**
 * The parts of `x` with their names under `prefix`: for a layer or stack,
 * `<prefix><name>_l<k>` (and `_l<k>_reverse` for the right-to-left
 * direction); for a model, `<prefix>embedding.weight`, `<prefix>rnn.…`,
 * `<prefix>head.weight`, `<prefix>head.bias`.
 */
export function torchParts(x: RecurrentLayer | ModelParts, prefix = ""): TorchPart[] {
  if (isModel(x)) {
    const parts: TorchPart[] = [];
    const E = x.input.embedding?.W;
    if (E) parts.push({ part: embeddingPart(E), fullName: (k) => `${prefix}embedding.${k}` });
    parts.push(...recurrentParts(x.rnn, `${prefix}rnn.`));
    parts.push({ part: linearPart(x.head.W, x.head.b), fullName: (k) => `${prefix}head.${k}` });
    return parts;
  }
  return recurrentParts(x, prefix);
}

/** What `x` is, for messages: `stacked(2×bidirectional(rnn))`, `model (rnn: …)`. */
export function describe(x: RecurrentLayer | ModelParts): string {
  return isModel(x) ? `model (rnn: ${x.rnn.kind})` : `${x.kind} layer`;
}

/**
 * The PyTorch shape of a tensor given as a matrix: biases (`bias…`) are 1-D,
 * as in PyTorch's `state_dict`; everything else keeps its two dimensions.
 */
export function torchShape(local: string, m: Matrix): number[] {
  return local.startsWith("bias") && m.rows === 1 ? [m.cols] : [m.rows, m.cols];
}

function isModel(x: RecurrentLayer | ModelParts): x is ModelParts {
  const m = x as Partial<ModelParts>;
  return m.input instanceof TokenInput && m.head instanceof Affine && m.rnn !== undefined;
}

/** A layer, or a stack of layers (uni- or bidirectional), as PyTorch's one `nn.RNN`. */
function recurrentParts(layer: RecurrentLayer, prefix: string): TorchPart[] {
  const layers = layer instanceof Stacked ? layer.layers : [layer];
  const odd = layers.find((l) => l.kind !== layers[0].kind);
  if (odd) {
    throw new TypeError(
      `PyTorch: a stack of ${layers[0].kind} and ${odd.kind} layers has no single ` +
        `nn.RNN/LSTM/GRU equivalent (every layer has the same cell and direction there)`,
    );
  }
  return layers.flatMap((one, l) => {
    if (one instanceof Stacked) {
      throw new TypeError("PyTorch: a stack inside a stack has no equivalent; build one Stacked");
    }
    if (one instanceof Bidirectional) {
      return [
        directionPart(one.forwardLayer, (k) => `${prefix}${k}_l${l}`),
        directionPart(one.backwardLayer, (k) => `${prefix}${k}_l${l}_reverse`),
      ];
    }
    return [directionPart(one, (k) => `${prefix}${k}_l${l}`)];
  });
}

function directionPart(layer: RecurrentLayer, fullName: (local: string) => string): TorchPart {
  const part = layer as Partial<TorchMappable>;
  if (
    typeof part.toTorch !== "function" || typeof part.gradToTorch !== "function" ||
    typeof part.fromTorch !== "function"
  ) {
    throw new TypeError(
      `PyTorch: the ${layer.kind} layer has no PyTorch mapping (it does not implement ` +
        `TorchMappable: toTorch, gradToTorch, fromTorch)`,
    );
  }
  return { part: layer as RecurrentLayer & TorchMappable, fullName };
}

/** `nn.Embedding`: `weight` is the table `E` itself, `[vocab × embedding]`. */
function embeddingPart(E: Param): TorchMappable {
  return {
    toTorch: () => ({ weight: E.value.clone() }),
    gradToTorch: () => ({ weight: E.grad.clone() }),
    fromTorch: (t) => void E.value.copyFrom(t.weight),
  };
}

/** `nn.Linear`: `weight = Wᵀ` `[out × in]`, `bias = b`. */
function linearPart(W: Param, b: Param): TorchMappable {
  return {
    toTorch: () => ({ weight: transpose(W.value), bias: b.value.clone() }),
    gradToTorch: () => ({ weight: transpose(W.grad), bias: b.grad.clone() }),
    fromTorch: (t) => {
      W.value.copyFrom(transpose(t.weight));
      b.value.copyFrom(t.bias);
    },
  };
}
