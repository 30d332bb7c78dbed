/**
 * Checking PyTorch-named tensors against what a layer or model expects, before
 * anything is loaded. Private to the io modules (used by `pytorch.ts`).
 *
 * @module
 */

import { allocate, type DType, Matrix } from "../core/matrix.ts";
import type { Tensor } from "./safetensors.ts";
import { describeFloat32Overflow, describeNonFinite } from "./_finite.ts";
import { shapeSize, shapeText } from "./_shape.ts";

/** What a check may allow (see `FromPyTorchOptions` in `pytorch.ts`). */
export interface MatchOptions {
  /** Report tensors nobody expects (default true). */
  strict?: boolean;
  /** Accept the other dtype. */
  convertDtype?: boolean;
  /** Accept NaN and ±Infinity. */
  allowNonFinite?: boolean;
}

/** An expected tensor: its full name, a matrix like it, its PyTorch shape. */
export interface Expected {
  /** The full PyTorch name, e.g. `rnn.weight_ih_l0`. */
  readonly name: string;
  /** A matrix of the expected size and dtype, in PyTorch's layout. */
  readonly like: Matrix;
  /** PyTorch's shape of it (`[n]` for a bias). */
  readonly shape: readonly number[];
}

/** Every problem of `tensors` against the expected ones, with hints at common causes. */
export function matchProblems(
  expected: readonly Expected[],
  tensors: Readonly<Record<string, Tensor>>,
  options: MatchOptions,
): string[] {
  const problems: string[] = [];
  for (const { name, like, shape } of expected) {
    const t = Object.hasOwn(tensors, name) ? tensors[name] : undefined;
    if (t === undefined) {
      problems.push(`missing tensor "${name}" (expected ${shapeText(shape)} ${like.dtype})`);
    } else {
      problems.push(...tensorProblems(name, t, shape, like.dtype, options));
    }
  }
  const names = new Set(expected.map((e) => e.name));
  const extra = Object.keys(tensors).filter((name) => !names.has(name));
  if (options.strict ?? true) {
    for (const name of extra) problems.push(`unexpected tensor "${name}"`);
    const reverse = (name: string) => name.endsWith("_reverse");
    if (extra.some(reverse) && !expected.some((e) => reverse(e.name))) {
      problems.push("(_reverse tensors are the right-to-left half of a bidirectional module)");
    }
  }
  if (problems.length > 0 && expected.every((e) => !Object.hasOwn(tensors, e.name))) {
    const given = Object.keys(tensors).slice(0, 4).map((n) => `"${n}"`).join(", ");
    problems.push(`(none of the expected names is present; given: ${given || "none"}; a prefix?)`);
  }
  return problems;
}

/** What is wrong with tensor `t` as a `shape` tensor of `dtype`. */
function tensorProblems(
  name: string,
  t: Tensor,
  shape: readonly number[],
  dtype: DType,
  options: MatchOptions,
): string[] {
  const problems: string[] = [];
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    problems.push(`tensor "${name}" has shape ${shapeText(t.shape)}, expected ${shapeText(shape)}`);
  } else if (t.data.length !== shapeSize(shape)) {
    problems.push(`tensor "${name}" has ${t.data.length} values for shape ${shapeText(shape)}`);
  }
  if (t.dtype !== dtype && !options.convertDtype) {
    problems.push(
      `tensor "${name}" is ${t.dtype}, expected ${dtype} (convertDtype: true converts)`,
    );
  }
  const nonFinite = options.allowNonFinite ? undefined : describeNonFinite(name, t.shape, t.data);
  if (nonFinite) problems.push(nonFinite);
  if (options.convertDtype && t.dtype === "float64" && dtype === "float32") {
    const overflow = describeFloat32Overflow(name, t.shape, t.data);
    if (overflow) problems.push(overflow);
  }
  return problems;
}

/** A checked tensor as a `rows × cols` matrix of `dtype` (a copy). */
export function asMatrix(t: Tensor, rows: number, cols: number, dtype: DType): Matrix {
  const data = allocate(dtype, rows * cols);
  data.set(t.data);
  return new Matrix(rows, cols, dtype, data);
}
