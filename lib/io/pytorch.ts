/**
 * PyTorch interop: the course's recurrent weights ↔ the tensors of PyTorch's
 * `nn.RNN` `state_dict`, through safetensors files.
 *
 * The course puts batches in rows, `h = tanh(x·Wxh + h·Whh + b)`, with
 * `Wxh: [input × hidden]`, `Whh: [hidden × hidden]`, `b: [1 × hidden]`.
 * PyTorch puts features in columns, `h = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)`,
 * with `weight_ih_l0: [hidden × input]`, `weight_hh_l0: [hidden × hidden]` and
 * two 1-D biases `bias_ih_l0`, `bias_hh_l0: [hidden]`. So
 * `weight_ih = Wxhᵀ`, `weight_hh = Whhᵀ` and `bias_ih + bias_hh = b`.
 * Exporting writes `b` as `bias_ih` and zeros as `bias_hh`; importing sums them.
 * Only the weights travel: give PyTorch the same nonlinearity (`tanh` is its
 * default; `nonlinearity="relu"` for relu; it has no sigmoid RNN). With an
 * `RNNCell`, pass `{ Wxh: cell.Wxh.value, Whh: cell.Whh.value, b: cell.b.value }`,
 * and import with `cell.Wxh.value.copyFrom(w.Wxh)` (and so on).
 *
 * Structure for gated layers: PyTorch stacks the gates of an LSTM (i, f, g, o)
 * or a GRU (r, z, n) along the *rows* of `weight_ih` / `weight_hh` and along
 * the biases. A course layer that concatenates its gates along the *columns*
 * in the same order (`Wx: [input × G·hidden]`, `Wh: [hidden × G·hidden]`,
 * `b: [1 × G·hidden]`) maps by the same transposes: see
 * {@link stackedToPyTorch} / {@link stackedFromPyTorch}, which take the gate
 * count from {@link PYTORCH_GATES}. An LSTM export can reuse them unchanged
 * (its two biases only ever appear summed). A GRU cannot merge the biases of
 * its `n` gate, because PyTorch computes `n = tanh(x·W_inᵀ + b_in + r ⊙ (h·W_hnᵀ + b_hn))`:
 * its import/export must keep `b_hn` apart (one extra bias in the course layer).
 *
 * @module
 */

import { type DType, Matrix } from "../core/matrix.ts";
import { decodeSafetensors, encodeSafetensors, type Tensor } from "./safetensors.ts";
import { shapeText } from "./_shape.ts";

/** PyTorch's gate order for each recurrent layer type (rows of the stacked weights). */
export const PYTORCH_GATES = {
  rnn: ["h"],
  lstm: ["i", "f", "g", "o"],
  gru: ["r", "z", "n"],
} as const;

/** A recurrent layer type PyTorch knows. */
export type RecurrentKind = keyof typeof PYTORCH_GATES;

/** The weights of the course's Elman RNN layer (batches as rows). */
export interface RNNWeights {
  /** Input-to-hidden weights, `[input × hidden]`. */
  Wxh: Matrix;
  /** Hidden-to-hidden weights, `[hidden × hidden]`. */
  Whh: Matrix;
  /** Bias, `[1 × hidden]`. */
  b: Matrix;
}

/**
 * The weights of any course recurrent layer with `G` gates concatenated along
 * the columns in PyTorch's gate order (`G = 1` for the plain RNN).
 */
export interface StackedWeights {
  /** `[input × G·hidden]`. */
  Wx: Matrix;
  /** `[hidden × G·hidden]`. */
  Wh: Matrix;
  /** `[1 × G·hidden]`. */
  b: Matrix;
}

/** Options of the PyTorch import/export functions. */
export interface PyTorchOptions {
  /**
   * Prefix of the tensor names, e.g. `"rnn."` when the `nn.RNN` is the
   * attribute `rnn` of a larger `nn.Module` (default `""`).
   */
  prefix?: string;
}

/** The four `state_dict` names of layer `layer`, e.g. `weight_ih_l0`. */
export function pytorchNames(
  layer = 0,
  prefix = "",
): { weightIh: string; weightHh: string; biasIh: string; biasHh: string } {
  if (!Number.isInteger(layer) || layer < 0) {
    throw new RangeError(`PyTorch layer index must be a non-negative integer, got ${layer}`);
  }
  return {
    weightIh: `${prefix}weight_ih_l${layer}`,
    weightHh: `${prefix}weight_hh_l${layer}`,
    biasIh: `${prefix}bias_ih_l${layer}`,
    biasHh: `${prefix}bias_hh_l${layer}`,
  };
}

/**
 * Exports the course's RNN weights as PyTorch `nn.RNN` tensors (transposed
 * weights, `b` as `bias_ih`, zeros as `bias_hh`, 1-D biases), same dtype.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { rnnToPyTorch } from "./pytorch.ts";
 * const t = rnnToPyTorch({
 *   Wxh: fromArray([[1, 2]]), // input 1, hidden 2
 *   Whh: fromArray([[0, 1], [1, 0]]),
 *   b: fromArray([[0.5, -0.5]]),
 * });
 * console.assert(t.weight_ih_l0.shape.join() === "2,1" && t.bias_hh_l0.data[0] === 0);
 * ```
 */
export function rnnToPyTorch(
  weights: RNNWeights,
  layer = 0,
  options: PyTorchOptions = {},
): Record<string, Tensor> {
  return stackedToPyTorch(
    "rnn",
    { Wx: weights.Wxh, Wh: weights.Whh, b: weights.b },
    layer,
    options,
  );
}

/**
 * Imports PyTorch `nn.RNN` tensors of layer `layer` as the course's weights
 * (transposed back, `b = bias_ih + bias_hh`). A layer saved with
 * `bias=False` (no bias tensors) gets a zero `b`. Other tensors are ignored.
 */
export function rnnFromPyTorch(
  tensors: Readonly<Record<string, Tensor>>,
  layer = 0,
  options: PyTorchOptions = {},
): RNNWeights {
  const { Wx, Wh, b } = stackedFromPyTorch("rnn", tensors, layer, options);
  return { Wxh: Wx, Whh: Wh, b };
}

/**
 * Writes the course's RNN weights as a safetensors file PyTorch can load:
 * `torch.nn.RNN(input, hidden, batch_first=True).load_state_dict(safetensors.torch.load_file(path))`.
 * The metadata defaults to `{ format: "pt" }`, as Hugging Face tools expect.
 */
export async function savePyTorchRNN(
  path: string | URL,
  weights: RNNWeights,
  layer = 0,
  options: PyTorchOptions & { metadata?: Record<string, string> } = {},
): Promise<void> {
  const { metadata = { format: "pt" } } = options;
  await Deno.writeFile(path, encodeSafetensors(rnnToPyTorch(weights, layer, options), metadata));
}

/** Reads an `nn.RNN` layer from a safetensors file (see {@link rnnFromPyTorch}). */
export async function loadPyTorchRNN(
  path: string | URL,
  layer = 0,
  options: PyTorchOptions = {},
): Promise<RNNWeights> {
  return rnnFromPyTorch(decodeSafetensors(await Deno.readFile(path)).tensors, layer, options);
}

/**
 * Exports gate-stacked weights of a `kind` layer: `weight_ih = Wxᵀ`,
 * `weight_hh = Whᵀ`, `bias_ih = b`, `bias_hh = 0`. Valid as is for `rnn` and
 * `lstm`; a GRU needs its `b_hn` written separately (see the module doc).
 */
export function stackedToPyTorch(
  kind: RecurrentKind,
  weights: StackedWeights,
  layer = 0,
  options: PyTorchOptions = {},
): Record<string, Tensor> {
  const { Wx, Wh, b } = weights;
  const gates = PYTORCH_GATES[kind].length;
  const width = Wh.cols; // G·hidden
  const hidden = width / gates;
  const what = `${kind} export`;
  if (!Number.isInteger(hidden) || Wh.rows !== hidden) {
    throw new RangeError(
      `${what}: Wh must be [hidden × ${gates}·hidden], got ${Wh.rows}×${Wh.cols}`,
    );
  }
  if (Wx.cols !== width) {
    throw new RangeError(
      `${what}: Wx must have ${width} columns like Wh (${gates}·hidden), got ${Wx.rows}×${Wx.cols}`,
    );
  }
  if (b.rows !== 1 || b.cols !== width) {
    throw new RangeError(`${what}: b must be 1×${width}, got ${b.rows}×${b.cols}`);
  }
  if (Wx.dtype !== Wh.dtype || b.dtype !== Wh.dtype) {
    throw new TypeError(
      `${what}: Wx, Wh and b must share a dtype, got ${Wx.dtype}, ${Wh.dtype}, ${b.dtype}`,
    );
  }
  const names = pytorchNames(layer, options.prefix);
  const dtype = Wh.dtype;
  return {
    [names.weightIh]: transposed(Wx),
    [names.weightHh]: transposed(Wh),
    [names.biasIh]: { dtype, shape: [width], data: b.data.slice() },
    [names.biasHh]: { dtype, shape: [width], data: emptyData(dtype, width) },
  };
}

/**
 * Imports gate-stacked weights of a `kind` layer (the inverse of
 * {@link stackedToPyTorch}, with `b = bias_ih + bias_hh`). Sizes are read from
 * the tensors and checked against each other; the dtype is the tensors'.
 */
export function stackedFromPyTorch(
  kind: RecurrentKind,
  tensors: Readonly<Record<string, Tensor>>,
  layer = 0,
  options: PyTorchOptions = {},
): StackedWeights {
  const gates = PYTORCH_GATES[kind].length;
  const names = pytorchNames(layer, options.prefix);
  const what = `${kind} import`;
  const get = (name: string): Tensor | undefined =>
    Object.hasOwn(tensors, name) ? tensors[name] : undefined;
  const need = (name: string): Tensor => {
    const t = get(name);
    if (t === undefined) {
      const present = Object.keys(tensors);
      throw new RangeError(
        `${what}: missing tensor "${name}" (present: ${
          present.length ? present.map((n) => `"${n}"`).join(", ") : "none"
        })`,
      );
    }
    return t;
  };

  const wih = need(names.weightIh);
  const whh = need(names.weightHh);
  if (whh.shape.length !== 2 || whh.shape[0] !== gates * whh.shape[1]) {
    throw new RangeError(
      `${what}: "${names.weightHh}" must be [${gates}·hidden, hidden], got ${shapeText(whh.shape)}`,
    );
  }
  const hidden = whh.shape[1];
  const width = gates * hidden;
  if (wih.shape.length !== 2 || wih.shape[0] !== width) {
    throw new RangeError(
      `${what}: "${names.weightIh}" must be [${width}, input] to match "${names.weightHh}" ` +
        `${shapeText(whh.shape)}, got ${shapeText(wih.shape)}`,
    );
  }
  if (wih.dtype !== whh.dtype) {
    throw new TypeError(
      `${what}: "${names.weightIh}" is ${wih.dtype} but "${names.weightHh}" is ${whh.dtype}`,
    );
  }
  const dtype = whh.dtype;

  const bih = get(names.biasIh);
  const bhh = get(names.biasHh);
  const b = new Matrix(1, width, dtype);
  if (bih !== undefined || bhh !== undefined) {
    for (const [name, t] of [[names.biasIh, bih], [names.biasHh, bhh]] as const) {
      if (t === undefined) {
        throw new RangeError(`${what}: missing tensor "${name}" (the other bias is present)`);
      }
      if (t.shape.length !== 1 || t.shape[0] !== width) {
        throw new RangeError(
          `${what}: "${name}" must be [${width}] (1-D), got ${shapeText(t.shape)}`,
        );
      }
      if (t.dtype !== dtype) {
        throw new TypeError(`${what}: "${name}" is ${t.dtype} but the weights are ${dtype}`);
      }
    }
    // Summed in float64: for float32 inputs the one rounding on store gives
    // exactly float32 addition, as in PyTorch.
    for (let j = 0; j < width; j++) b.data[j] = bih!.data[j] + bhh!.data[j];
  }
  return {
    Wx: new Matrix(wih.shape[1], width, dtype, transposeData(wih, width, wih.shape[1])),
    Wh: new Matrix(hidden, width, dtype, transposeData(whh, width, hidden)),
    b,
  };
}

/** `mᵀ` as a 2-D tensor. */
function transposed(m: Matrix): Tensor {
  const out = emptyData(m.dtype, m.size);
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) out[j * m.rows + i] = m.data[i * m.cols + j];
  }
  return { dtype: m.dtype, shape: [m.cols, m.rows], data: out };
}

/** The data of the transpose of a `rows × cols` tensor. */
function transposeData(t: Tensor, rows: number, cols: number) {
  const out = emptyData(t.dtype, rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[j * rows + i] = t.data[i * cols + j];
  }
  return out;
}

function emptyData(dtype: DType, length: number): Float32Array | Float64Array {
  return dtype === "float32" ? new Float32Array(length) : new Float64Array(length);
}
