/**
 * PyTorch interop: a recurrent layer, a stack, a bidirectional layer or a
 * whole model ↔ the tensors of the equivalent PyTorch module's `state_dict`,
 * in one call, and through safetensors files.
 *
 * **Names.** A recurrent layer maps to one `nn.RNN` (`nn.LSTM`, `nn.GRU`):
 *
 * | course                                  | PyTorch `state_dict`                          |
 * | --------------------------------------- | --------------------------------------------- |
 * | one layer (`RNN`, …)                    | `weight_ih_l0`, `weight_hh_l0`, `bias_ih_l0`, |
 * |                                         | `bias_hh_l0`                                  |
 * | layer k of a `Stacked`                  | the same names with `_l<k>`                   |
 * | right-to-left half of a `Bidirectional` | the same names with `_l<k>_reverse`           |
 *
 * A whole model (`LanguageModel`, `SequenceClassifier`, `SequenceTagger`:
 * anything with `input`, `rnn` and `head`, see {@link TorchModel}) maps to the
 * module
 * ```python
 * class Model(nn.Module):
 *     def __init__(self):
 *         super().__init__()
 *         self.embedding = nn.Embedding(vocab, embedding)   # only with embeddingSize
 *         self.rnn = nn.RNN(embedding, hidden, num_layers=L, bidirectional=D == 2,
 *                           batch_first=True)
 *         self.head = nn.Linear(D * hidden, outputs)
 * ```
 * so its names are `embedding.weight` (= `E`, `[vocab × embedding]`, no
 * transpose), `rnn.weight_ih_l0`, … and `head.weight` (= `Whyᵀ`,
 * `[outputs × D·hidden]`), `head.bias` (= `by`, `[outputs]`). A model with
 * one-hot inputs has no `embedding` tensor (PyTorch: `F.one_hot(ids, vocab)`).
 * The file holds parameters only: the nonlinearity (`nn.RNN`'s `nonlinearity`
 * is `"tanh"` or `"relu"`, the course's `activation`; PyTorch has no sigmoid
 * RNN), how the model reads its outputs (every step for the language model
 * and the tagger, the last real step for the classifier) and its loss are
 * code on both sides and must agree. A `prefix` (e.g. `"model."`)
 * goes in front of every name.
 *
 * **Layout.** Each single-direction layer maps itself ({@link TorchMappable}):
 * weights are `[G·hidden × input]` with the gates stacked along the rows in
 * PyTorch's order, biases are 1-D `[G·hidden]`. The course's Elman RNN keeps
 * one bias `b = bias_ih + bias_hh`: it exports `b` and zeros, so a round trip
 * is exact, and reports `∂L/∂b` as the gradient of both.
 *
 * **Data.** The course's sequence batches are time-major: row `t·B + b` is
 * sequence b at step t. PyTorch with `batch_first=True` takes `[B, T, F]`, so
 * its element `[b, t, f]` is row `t·B + b`, column f of the course's matrix
 * (PyTorch's default `[T, B, F]` has the course's order already). Final
 * states: PyTorch's `h_n[k]`, `k = layer·D + direction`, is the course's
 * `pass.final[k]` (bottom layer first, left-to-right before right-to-left).
 *
 * @module
 */

import type { Matrix } from "../core/matrix.ts";
import type { Affine } from "../layers/affine.ts";
import type { HasParams } from "../layers/param.ts";
import type { RecurrentLayer, TorchTensors } from "../layers/recurrent.ts";
import type { TokenInput } from "../layers/token_input.ts";
import { decodeSafetensors, encodeSafetensors, type Tensor } from "./safetensors.ts";
import { describeNonFinite, refuseNonFinite } from "./_finite.ts";
import { readFileWith, writeFileAtomic } from "./_files.ts";
import { asMatrix, matchProblems } from "./_torch_match.ts";
import { describe, type TorchPart, torchParts, torchShape } from "./_torch_parts.ts";

/**
 * A model that maps to PyTorch: token input → recurrent layer(s) → output
 * layer. `LanguageModel`, `SequenceClassifier` and `SequenceTagger` are.
 *
 * @example
 * ```ts
 * import { SequenceTagger, toPyTorch, type TorchModel } from "../mod.ts";
 * const tagger: TorchModel = new SequenceTagger({
 *   vocabSize: 5, embeddingSize: 2, hiddenSize: 4, numTags: 3, bidirectional: true,
 * });
 * const names = Object.keys(toPyTorch(tagger));
 * console.assert(names[0] === "embedding.weight" && names.includes("rnn.weight_hh_l0_reverse"));
 * console.assert(toPyTorch(tagger)["head.weight"].shape.join() === "3,8"); // Whyᵀ
 * ```
 */
export interface TorchModel extends HasParams {
  /** Token ids → vectors: `embedding.weight`, or nothing for one-hot inputs. */
  readonly input: TokenInput;
  /** The recurrent part: `rnn.weight_ih_l0`, …. */
  readonly rnn: RecurrentLayer;
  /** The output layer: `head.weight` (= `Whyᵀ`) and `head.bias`. */
  readonly head: Affine;
}

/**
 * What maps to PyTorch: a recurrent layer, stack or bidirectional layer, or a model.
 *
 * @example
 * ```ts
 * import { LanguageModel, makeRecurrent, Random, toPyTorch } from "../mod.ts";
 * import type { TorchConvertible } from "../mod.ts";
 * const rng = new Random(0);
 * const rnn: TorchConvertible = makeRecurrent({ inputSize: 2, hiddenSize: 3, numLayers: 2, rng });
 * const model: TorchConvertible = new LanguageModel({ vocabSize: 4, hiddenSize: 3 });
 * console.assert("weight_ih_l1" in toPyTorch(rnn) && "rnn.weight_ih_l0" in toPyTorch(model));
 * ```
 */
export type TorchConvertible = RecurrentLayer | TorchModel;

/**
 * Options of {@link toPyTorch} and {@link gradientsToPyTorch}.
 *
 * @example
 * ```ts
 * import { makeRecurrent, Random, toPyTorch } from "../mod.ts";
 * const encoder = makeRecurrent({ inputSize: 2, hiddenSize: 3, rng: new Random(0) });
 * console.assert("encoder.weight_hh_l0" in toPyTorch(encoder, { prefix: "encoder." }));
 * ```
 */
export interface ToPyTorchOptions {
  /** Put in front of every name, e.g. `"rnn."` for a submodule (default `""`). */
  prefix?: string;
}

/**
 * Options of {@link fromPyTorch} and {@link loadPyTorch}.
 *
 * @example
 * ```ts
 * import { fromPyTorch, makeRecurrent, Random, SequenceTagger, toPyTorch } from "../mod.ts";
 * const tagger = new SequenceTagger({ vocabSize: 5, numTags: 2, hiddenSize: 3, embeddingSize: 2 });
 * const rnn = makeRecurrent({ inputSize: 2, hiddenSize: 3, rng: new Random(0), dtype: "float32" });
 * // Only the "rnn." part of a whole model's tensors, converted from float64 to float32:
 * fromPyTorch(rnn, toPyTorch(tagger), { prefix: "rnn.", strict: false, convertDtype: true });
 * const [Whh32, Whh64] = [rnn.params[1].value, tagger.rnn.params[1].value];
 * console.assert(Whh32.get(0, 1) === Math.fround(Whh64.get(0, 1)));
 * ```
 */
export interface FromPyTorchOptions extends ToPyTorchOptions {
  /**
   * Refuse tensors the target has no place for (default `true`); `false`
   * ignores them, e.g. to load the `rnn.` part of a bigger `state_dict`.
   */
  strict?: boolean;
  /**
   * Convert a tensor of the other dtype (default `false`: an error). float32 →
   * float64 is exact; float64 → float32 rounds, and a value that overflows is
   * an error.
   */
  convertDtype?: boolean;
  /** Accept NaN and ±Infinity values (default `false`: an error naming them). */
  allowNonFinite?: boolean;
}

/**
 * Options of {@link savePyTorch}.
 *
 * @example
 * ```ts
 * import { makeRecurrent, Random, savePyTorch } from "../mod.ts";
 * const rnn = makeRecurrent({ inputSize: 2, hiddenSize: 3, rng: new Random(0) });
 * rnn.params[0].value.data[0] = NaN; // a diverged model
 * const path = await Deno.makeTempFile({ suffix: ".safetensors" });
 * const error = await savePyTorch(path, rnn).catch((e: Error) => e);
 * console.assert(String(error).includes('"weight_ih_l0" has 1 non-finite value'));
 * await savePyTorch(path, rnn, { allowNonFinite: true, metadata: { note: "diverged" } });
 * await Deno.remove(path);
 * ```
 */
export interface SavePyTorchOptions extends ToPyTorchOptions {
  /** Metadata of the file, over the default `{ format: "pt" }`. */
  metadata?: Readonly<Record<string, string>>;
  /** Save NaN and ±Infinity weights too (default `false`: refuse, naming them). */
  allowNonFinite?: boolean;
}

/**
 * The parameters of `x` as PyTorch's `state_dict` names and lays them out
 * (see the module documentation), in `x`'s dtype; fresh copies.
 *
 * @example
 * ```ts
 * import { makeRecurrent, Random, toPyTorch } from "../mod.ts";
 * const rnn = makeRecurrent({
 *   cell: "rnn", inputSize: 3, hiddenSize: 4, numLayers: 2, bidirectional: true,
 *   rng: new Random(0),
 * });
 * const tensors = toPyTorch(rnn); // 2 layers × 2 directions × 4 tensors
 * console.assert(Object.keys(tensors).length === 16);
 * console.assert(tensors.weight_ih_l1_reverse.shape.join() === "4,8"); // reads [h→ | h←]
 * console.assert(tensors.bias_hh_l0.shape.join() === "4"); // 1-D, all zeros for the Elman RNN
 * ```
 */
export function toPyTorch(
  x: TorchConvertible,
  options: ToPyTorchOptions = {},
): Record<string, Tensor> {
  return collect(torchParts(x, options.prefix), (part) => part.toTorch());
}

/**
 * The gradients of `x`'s parameters under the same names and layout as
 * {@link toPyTorch}, to compare with PyTorch's `p.grad` by name. The Elman
 * RNN reports `∂L/∂b` for both `bias_ih` and `bias_hh`, as PyTorch does.
 *
 * @example
 * ```ts
 * import { gaussianMatrix, gradientsToPyTorch, Random, RNN, SequenceBatch } from "../mod.ts";
 * const rng = new Random(0);
 * const rnn = new RNN({ inputSize: 2, hiddenSize: 3, rng });
 * const pass = rnn.forward(new SequenceBatch(gaussianMatrix(rng, 4, 2), { batchSize: 2 }));
 * rnn.backward(pass.ys.data, pass);
 * const grads = gradientsToPyTorch(rnn);
 * console.assert(grads.bias_ih_l0.data.join() === grads.bias_hh_l0.data.join());
 * ```
 */
export function gradientsToPyTorch(
  x: TorchConvertible,
  options: ToPyTorchOptions = {},
): Record<string, Tensor> {
  return collect(torchParts(x, options.prefix), (part) => part.gradToTorch());
}

/**
 * Sets the parameters of `x` from PyTorch-named tensors (a `state_dict`), all
 * or nothing: every tensor is checked first (missing, unexpected unless
 * `strict: false`, wrong shape, wrong dtype unless `convertDtype`, non-finite
 * unless `allowNonFinite`) and one error lists every problem; on any error
 * `x` is left as it was.
 *
 * @example
 * ```ts
 * import { fromPyTorch, makeRecurrent, Random, toPyTorch } from "../mod.ts";
 * const birnn = (seed: number) =>
 *   makeRecurrent({ inputSize: 3, hiddenSize: 4, bidirectional: true, rng: new Random(seed) });
 * const [a, b] = [birnn(1), birnn(2)];
 * fromPyTorch(b, toPyTorch(a)); // b now has a's weights
 * console.assert(b.params.every((p, i) => p.value.data.join() === a.params[i].value.data.join()));
 *
 * const oneWay = makeRecurrent({ inputSize: 3, hiddenSize: 4, rng: new Random(3) });
 * let message = "";
 * try {
 *   fromPyTorch(oneWay, toPyTorch(a)); // the right-to-left half has no place in it
 * } catch (error) {
 *   message = String(error);
 * }
 * console.assert(message.includes('unexpected tensor "weight_ih_l0_reverse"'));
 * ```
 */
export function fromPyTorch(
  x: TorchConvertible,
  tensors: Readonly<Record<string, Tensor>>,
  options: FromPyTorchOptions = {},
): void {
  const plan = torchParts(x, options.prefix).map(({ part, fullName }) => ({
    part,
    entries: Object.entries(part.toTorch()).map(([local, m]) => ({
      local,
      name: fullName(local),
      like: m,
      shape: torchShape(local, m),
    })),
  }));
  const problems = matchProblems(plan.flatMap((p) => p.entries), tensors, options);
  if (problems.length > 0) {
    throw new RangeError(
      `PyTorch tensors do not match the ${describe(x)} (nothing was loaded):\n  ${
        problems.join("\n  ")
      }`,
    );
  }
  const loads = plan.map(({ part, entries }) => {
    const local: Record<string, Matrix> = {};
    for (const { local: key, name, like } of entries) {
      local[key] = asMatrix(tensors[name], like.rows, like.cols, like.dtype);
    }
    return () => part.fromTorch(local);
  });
  const saved = x.params.map((p) => p.value.clone());
  try {
    for (const load of loads) load();
  } catch (error) {
    x.params.forEach((p, i) => p.value.copyFrom(saved[i])); // a layer refused: undo all
    throw error;
  }
}

/**
 * Writes `x` as a safetensors file of PyTorch-named tensors, atomically
 * (temporary file, fsync, rename), refusing non-finite weights unless
 * `allowNonFinite`. In PyTorch: `module.load_state_dict(safetensors.torch.load_file(path))`.
 *
 * @example
 * ```ts
 * import { loadPyTorch, makeRecurrent, Random, savePyTorch } from "../mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".safetensors" });
 * const deep = (seed: number) =>
 *   makeRecurrent({ inputSize: 3, hiddenSize: 4, numLayers: 2, rng: new Random(seed) });
 * const rnn = deep(0);
 * await savePyTorch(path, rnn, { metadata: { note: "2-layer tanh RNN" } });
 * const copy = deep(1);
 * const metadata = await loadPyTorch(path, copy);
 * console.assert(metadata.format === "pt" && metadata.note === "2-layer tanh RNN");
 * console.assert(copy.params[3].value.data.join() === rnn.params[3].value.data.join());
 * await Deno.remove(path);
 * ```
 */
export async function savePyTorch(
  path: string,
  x: TorchConvertible,
  options: SavePyTorchOptions = {},
): Promise<void> {
  const tensors = toPyTorch(x, options);
  if (!options.allowNonFinite) {
    const problems = Object.entries(tensors).map(([name, t]) =>
      describeNonFinite(name, t.shape, t.data)
    );
    refuseNonFinite("savePyTorch", problems.filter((p) => p !== undefined));
  }
  const metadata = { format: "pt", ...options.metadata };
  await writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/**
 * Reads a safetensors file of PyTorch-named tensors into `x` (see
 * {@link fromPyTorch}: all or nothing) and returns the file's metadata.
 * Errors about the file's content name the file.
 *
 * @example
 * ```ts
 * import { loadPyTorch, makeRecurrent, Random, savePyTorch } from "../mod.ts";
 * const path = await Deno.makeTempFile({ suffix: ".safetensors" });
 * const shape = { inputSize: 3, hiddenSize: 4 };
 * await savePyTorch(path, makeRecurrent({ ...shape, bidirectional: true, rng: new Random(0) }));
 * const oneWay = makeRecurrent({ ...shape, rng: new Random(1) });
 * const before = oneWay.params[0].value.data.join();
 * const error = await loadPyTorch(path, oneWay).catch((e: Error) => e);
 * console.assert(String(error).startsWith(`RangeError: ${path}: PyTorch tensors do not match`));
 * console.assert(String(error).includes('unexpected tensor "bias_hh_l0_reverse"'));
 * console.assert(oneWay.params[0].value.data.join() === before); // nothing was loaded
 * await Deno.remove(path);
 * ```
 */
export function loadPyTorch(
  path: string | URL,
  x: TorchConvertible,
  options: FromPyTorchOptions = {},
): Promise<Record<string, string>> {
  return readFileWith(path, (bytes) => {
    const { tensors, metadata } = decodeSafetensors(bytes);
    fromPyTorch(x, tensors, options);
    return metadata;
  });
}

/** Every part's tensors (values or gradients) under their full names. */
function collect(
  parts: readonly TorchPart[],
  read: (part: TorchPart["part"]) => TorchTensors,
): Record<string, Tensor> {
  const out: [string, Tensor][] = [];
  for (const { part, fullName } of parts) {
    for (const [local, m] of Object.entries(read(part))) {
      out.push([fullName(local), { dtype: m.dtype, shape: torchShape(local, m), data: m.data }]);
    }
  }
  return Object.fromEntries(out);
}
