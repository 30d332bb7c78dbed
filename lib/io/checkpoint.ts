/**
 * Checkpoints: a model's parameters saved as a safetensors file and loaded back
 * into the same model, bit for bit.
 *
 * Each {@link Param} is stored under its name as a 2-D tensor `[rows, cols]` of
 * its matrix's dtype. Loading is all-or-nothing: the file is checked against
 * the model first (every parameter present, nothing extra, every shape equal,
 * every value finite) and only then copied into the existing matrices, so a
 * failed load leaves the model untouched.
 *
 * Values: a model whose weights hold NaN or ±Infinity (a diverged run) is not
 * saved, and such a file is not loaded, unless `{ allowNonFinite: true }`; the
 * error names every such tensor, its count of bad values and the first one.
 *
 * Dtype policy: a tensor whose dtype differs from its parameter's is
 * *converted* by default (float32 → float64 is exact; float64 → float32 rounds
 * to nearest, like `cast` in lib/core/matrix.ts), so a model trained in float32 can be
 * gradient-checked in float64 and back. A float64 value too large for float32
 * (it would become ±Infinity) is an error. Pass `{ convertDtype: false }` to
 * make any dtype difference an error instead.
 *
 * @module
 */

import type { Param } from "../layers/param.ts";
import { decodeSafetensors, encodeSafetensors, type Tensor } from "./safetensors.ts";
import { describeFloat32Overflow, describeNonFinite, refuseNonFinite } from "./_finite.ts";
import { readFileWith, writeFileAtomic } from "./_files.ts";
import { shapeText } from "./_shape.ts";

/**
 * Options of {@link checkpointBytes} and {@link saveCheckpoint}.
 *
 * @example
 * ```ts
 * import { checkpointBytes } from "./checkpoint.ts";
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * const W = param("W", fromArray([[1, Infinity]]));
 * let refused = false;
 * try { checkpointBytes([W]); } catch { refused = true; }
 * console.assert(refused && checkpointBytes([W], {}, { allowNonFinite: true }).length > 0);
 * ```
 */
export interface SaveCheckpointOptions {
  /** Save NaN and ±Infinity weights too (default `false`: refuse, naming them). */
  allowNonFinite?: boolean;
}

/**
 * Options of {@link loadCheckpointBytes} and {@link loadCheckpoint}.
 *
 * @example
 * ```ts
 * import { checkpointBytes, loadCheckpointBytes } from "./checkpoint.ts";
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * const bytes = checkpointBytes([param("W", fromArray([[0.1]], "float64"))]);
 * const W32 = param("W", fromArray([[0]], "float32"));
 * loadCheckpointBytes(bytes, [W32]); // converted by default (rounded to float32)
 * let refused = false;
 * try { loadCheckpointBytes(bytes, [W32], { convertDtype: false }); } catch { refused = true; }
 * console.assert(W32.value.get(0, 0) === Math.fround(0.1) && refused);
 * ```
 */
export interface LoadCheckpointOptions {
  /**
   * Convert a tensor whose dtype differs from its parameter's (default `true`);
   * when `false`, such a tensor is an error.
   */
  convertDtype?: boolean;
  /** Load NaN and ±Infinity values too (default `false`: refuse, naming them). */
  allowNonFinite?: boolean;
}

/**
 * The safetensors bytes of a set of parameters (pure: usable in tests and
 * browsers). Parameter names must be unique; non-finite values are refused
 * unless `options.allowNonFinite`.
 *
 * @example
 * ```ts
 * import { checkpointBytes, loadCheckpointBytes } from "./checkpoint.ts";
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * const W = param("W", fromArray([[1, 2], [3, 4]]));
 * const bytes = checkpointBytes([W], { epoch: "3" });
 * W.value.zero();
 * const metadata = loadCheckpointBytes(bytes, [W]);
 * console.assert(W.value.get(1, 0) === 3 && metadata.epoch === "3");
 * ```
 */
export function checkpointBytes(
  params: readonly Param[],
  metadata?: Readonly<Record<string, string>>,
  options: SaveCheckpointOptions = {},
): Uint8Array {
  const tensors = new Map<string, Tensor>();
  const nonFinite: string[] = [];
  for (const p of params) {
    if (tensors.has(p.name)) {
      throw new RangeError(
        `checkpoint: two parameters are named "${p.name}"; names must be unique`,
      );
    }
    const shape = [p.value.rows, p.value.cols];
    tensors.set(p.name, { dtype: p.value.dtype, shape, data: p.value.data });
    if (!options.allowNonFinite) {
      const bad = describeNonFinite(p.name, shape, p.value.data);
      if (bad) nonFinite.push(bad);
    }
  }
  refuseNonFinite("checkpoint", nonFinite);
  return encodeSafetensors(Object.fromEntries(tensors), metadata);
}

/**
 * Loads safetensors bytes into `params` in place and returns the file's
 * metadata. Throws, changing nothing, if the file is malformed or does not
 * match the parameters; the message lists every missing, unexpected,
 * mis-shaped and non-finite tensor.
 *
 * @example
 * ```ts
 * import { checkpointBytes, loadCheckpointBytes } from "./checkpoint.ts";
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * const bytes = checkpointBytes([param("W", fromArray([[1, 2]]))]);
 * const other = param("W", fromArray([[5], [6]])); // 2×1, not 1×2
 * let message = "";
 * try { loadCheckpointBytes(bytes, [other]); } catch (e) { message = String(e); }
 * console.assert(message.includes('"W" has shape [1, 2], expected [2, 1]'));
 * console.assert(other.value.get(0, 0) === 5); // nothing was loaded
 * ```
 */
export function loadCheckpointBytes(
  bytes: Uint8Array,
  params: readonly Param[],
  options: LoadCheckpointOptions = {},
): Record<string, string> {
  const { tensors, metadata } = decodeSafetensors(bytes);
  const problems: string[] = [];
  const wanted = new Set<string>();
  for (const p of params) {
    if (wanted.has(p.name)) {
      throw new RangeError(
        `checkpoint: two parameters are named "${p.name}"; names must be unique`,
      );
    }
    wanted.add(p.name);
    const t = Object.hasOwn(tensors, p.name) ? tensors[p.name] : undefined;
    if (t === undefined) {
      problems.push(
        `missing tensor "${p.name}" (expected shape [${p.value.rows}, ${p.value.cols}])`,
      );
    } else {
      problems.push(...tensorProblems(p, t, options));
    }
  }
  for (const name of Object.keys(tensors)) {
    if (!wanted.has(name)) problems.push(`unexpected tensor "${name}" (not a model parameter)`);
  }
  if (problems.length > 0) {
    throw new RangeError(
      `checkpoint does not match the model (nothing was loaded):\n  ${problems.join("\n  ")}`,
    );
  }

  // Everything checked: copying cannot fail now. TypedArray.set converts dtypes.
  for (const p of params) p.value.data.set(tensors[p.name].data);
  return metadata;
}

/** What is wrong with tensor `t` as the value of `p`: shape, dtype, values. */
function tensorProblems(p: Param, t: Tensor, options: LoadCheckpointOptions): string[] {
  const { convertDtype = true, allowNonFinite = false } = options;
  const problems: string[] = [];
  const expected = [p.value.rows, p.value.cols];
  if (t.shape.length !== 2 || t.shape[0] !== expected[0] || t.shape[1] !== expected[1]) {
    problems.push(
      `tensor "${p.name}" has shape ${shapeText(t.shape)}, expected ${shapeText(expected)}`,
    );
  }
  if (!convertDtype && t.dtype !== p.value.dtype) {
    problems.push(`tensor "${p.name}" is ${t.dtype}, expected ${p.value.dtype}`);
  }
  const nonFinite = allowNonFinite ? undefined : describeNonFinite(p.name, t.shape, t.data);
  if (nonFinite) problems.push(nonFinite);
  if (t.dtype === "float64" && p.value.dtype === "float32") {
    const overflow = describeFloat32Overflow(p.name, t.shape, t.data);
    if (overflow) problems.push(`${overflow}, the dtype of the model`);
  }
  return problems;
}

/**
 * Writes the parameters to a safetensors file at `path`, atomically: the
 * bytes go to `<path>.partial`, are flushed to the disk and renamed over
 * `path`, so an interrupted save never leaves a half-written checkpoint (a
 * stale `.partial` file from an earlier crash is removed). Non-finite values
 * are refused unless `options.allowNonFinite`.
 *
 * @example
 * ```ts
 * import { loadCheckpoint, saveCheckpoint } from "./checkpoint.ts";
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * const path = await Deno.makeTempFile({ suffix: ".safetensors" });
 * const W = param("W", fromArray([[1, 2]]));
 * await saveCheckpoint(path, [W], { step: "1" });
 * W.value.zero();
 * console.assert((await loadCheckpoint(path, [W])).step === "1" && W.value.get(0, 1) === 2);
 * await Deno.remove(path);
 * ```
 */
export async function saveCheckpoint(
  path: string,
  params: readonly Param[],
  metadata?: Readonly<Record<string, string>>,
  options: SaveCheckpointOptions = {},
): Promise<void> {
  await writeFileAtomic(path, checkpointBytes(params, metadata, options));
}

/**
 * Reads the safetensors file at `path` into `params` in place (see
 * {@link loadCheckpointBytes}) and returns its metadata. Errors name the file.
 *
 * @example
 * ```ts
 * import { loadCheckpoint } from "./checkpoint.ts";
 * import { fromArray } from "../core/matrix.ts";
 * import { param } from "../layers/param.ts";
 * const empty = await Deno.makeTempFile();
 * const error = await loadCheckpoint(empty, [param("W", fromArray([[1]]))]).catch((e) => e);
 * console.assert(error.message.startsWith(`${empty}: safetensors: the file is empty`));
 * await Deno.remove(empty);
 * ```
 */
export function loadCheckpoint(
  path: string | URL,
  params: readonly Param[],
  options: LoadCheckpointOptions = {},
): Promise<Record<string, string>> {
  return readFileWith(path, (bytes) => loadCheckpointBytes(bytes, params, options));
}
