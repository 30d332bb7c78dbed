/**
 * Checkpoints: a model's parameters saved as a safetensors file and loaded back
 * into the same model, bit for bit.
 *
 * Each {@link Param} is stored under its name as a 2-D tensor `[rows, cols]` of
 * its matrix's dtype. Loading is all-or-nothing: the file is checked against
 * the model first (every parameter present, nothing extra, every shape equal)
 * and only then copied into the existing matrices, so a failed load leaves the
 * model untouched.
 *
 * Dtype policy: a tensor whose dtype differs from its parameter's is
 * *converted* by default (float32 → float64 is exact; float64 → float32 rounds
 * to nearest, like `cast` in lib/core/matrix.ts), so a model trained in float32 can be
 * gradient-checked in float64 and back. Pass `{ convertDtype: false }` to make
 * a dtype difference an error instead.
 *
 * @module
 */

import type { Param } from "../layers/param.ts";
import { decodeSafetensors, encodeSafetensors, type Tensor } from "./safetensors.ts";
import { shapeText } from "./_shape.ts";

/** Options of {@link loadCheckpointBytes} and {@link loadCheckpoint}. */
export interface LoadCheckpointOptions {
  /**
   * Convert a tensor whose dtype differs from its parameter's (default `true`);
   * when `false`, such a tensor is an error.
   */
  convertDtype?: boolean;
}

/**
 * The safetensors bytes of a set of parameters (pure: usable in tests and
 * browsers). Parameter names must be unique.
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
): Uint8Array {
  const tensors = new Map<string, Tensor>();
  for (const p of params) {
    if (tensors.has(p.name)) {
      throw new RangeError(
        `checkpoint: two parameters are named "${p.name}"; names must be unique`,
      );
    }
    tensors.set(p.name, {
      dtype: p.value.dtype,
      shape: [p.value.rows, p.value.cols],
      data: p.value.data,
    });
  }
  return encodeSafetensors(Object.fromEntries(tensors), metadata);
}

/**
 * Loads safetensors bytes into `params` in place and returns the file's
 * metadata. Throws, changing nothing, if the file is malformed or does not
 * match the parameters; the message lists every missing, unexpected and
 * mis-shaped tensor.
 */
export function loadCheckpointBytes(
  bytes: Uint8Array,
  params: readonly Param[],
  options: LoadCheckpointOptions = {},
): Record<string, string> {
  const { convertDtype = true } = options;
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
      continue;
    }
    const expected = [p.value.rows, p.value.cols];
    if (t.shape.length !== 2 || t.shape[0] !== expected[0] || t.shape[1] !== expected[1]) {
      problems.push(
        `tensor "${p.name}" has shape ${shapeText(t.shape)}, expected ${shapeText(expected)}`,
      );
    }
    if (!convertDtype && t.dtype !== p.value.dtype) {
      problems.push(`tensor "${p.name}" is ${t.dtype}, expected ${p.value.dtype}`);
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

/**
 * Writes the parameters to a safetensors file at `path`. The bytes go to a
 * temporary file first and are renamed over `path`, so an interrupted save
 * never leaves a half-written checkpoint.
 */
export async function saveCheckpoint(
  path: string,
  params: readonly Param[],
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  const bytes = checkpointBytes(params, metadata);
  const temporary = `${path}.tmp-${crypto.randomUUID()}`;
  try {
    await Deno.writeFile(temporary, bytes);
    await Deno.rename(temporary, path);
  } catch (error) {
    await Deno.remove(temporary).catch(() => {});
    throw error;
  }
}

/**
 * Reads the safetensors file at `path` into `params` in place (see
 * {@link loadCheckpointBytes}) and returns its metadata.
 */
export async function loadCheckpoint(
  path: string | URL,
  params: readonly Param[],
  options: LoadCheckpointOptions = {},
): Promise<Record<string, string>> {
  return loadCheckpointBytes(await Deno.readFile(path), params, options);
}
