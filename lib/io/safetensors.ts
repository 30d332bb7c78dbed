/**
 * The safetensors file format (Hugging Face), read and written byte by byte.
 *
 * Layout of a file:
 * 1. 8 bytes: `N`, the header length, an unsigned 64-bit little-endian integer;
 * 2. `N` bytes: a UTF-8 JSON object
 *    `{"__metadata__": {string: string}, "name": {"dtype": "F32", "shape": [2, 3],
 *    "data_offsets": [begin, end]}, …}`, padded with spaces so that the data
 *    section starts at a multiple of 8;
 * 3. the data section: every tensor's elements, row-major, little-endian, with
 *    `data_offsets` relative to the start of this section. The tensors cover it
 *    exactly, with no gap and no overlap.
 *
 * Only `F32` and `F64` are supported (the engine's two dtypes); any other dtype
 * is rejected by name. The byte order is explicit (a `DataView` with
 * `littleEndian = true`), so files are the same on every machine, and the data
 * section may sit at any offset of the input buffer.
 *
 * @module
 */

import type { Data, DType } from "../core/matrix.ts";
import { findDuplicateKey } from "./_json_keys.ts";
import { shapeSize, shapeText } from "./_shape.ts";

/**
 * A named n-dimensional array as stored in a safetensors file.
 *
 * @example
 * ```ts
 * import type { Tensor } from "./safetensors.ts";
 * const bias: Tensor = { dtype: "float32", shape: [3], data: new Float32Array([0, 0.5, 1]) };
 * console.assert(bias.data.length === bias.shape[0]);
 * ```
 */
export interface Tensor {
  /** Element type. */
  readonly dtype: DType;
  /** Dimensions, outermost first (`[rows, cols]` for a matrix, `[]` for a scalar). */
  readonly shape: readonly number[];
  /** Elements in row-major order; `Float32Array` for float32, `Float64Array` for float64. */
  readonly data: Data;
}

/**
 * What {@link decodeSafetensors} returns.
 *
 * @example
 * ```ts
 * import { decodeSafetensors, encodeSafetensors, type Safetensors } from "./safetensors.ts";
 * const file: Safetensors = decodeSafetensors(encodeSafetensors({}, { note: "empty" }));
 * console.assert(Object.keys(file.tensors).length === 0 && file.metadata.note === "empty");
 * ```
 */
export interface Safetensors {
  /** The tensors, in the order they appear in the data section. */
  tensors: Record<string, Tensor>;
  /** The free-form string map stored under `__metadata__` (empty if absent). */
  metadata: Record<string, string>;
}

/** Dtype names in the file ↔ the engine's dtypes, with the size of one element. */
const FILE_DTYPE: Record<DType, { code: string; itemSize: number }> = {
  float32: { code: "F32", itemSize: 4 },
  float64: { code: "F64", itemSize: 8 },
};
const ENGINE_DTYPE: Record<string, DType> = { F32: "float32", F64: "float64" };

/** The reserved header key that holds the metadata map. */
const METADATA_KEY = "__metadata__";

/** Bytes of the header-length prefix, and the alignment of the data section. */
const PREFIX = 8;

/**
 * Serializes tensors (and optional string metadata) to safetensors bytes.
 *
 * Tensors are laid out in the iteration order of `tensors`. The header is
 * compact JSON (`__metadata__` first, then the tensors with keys `dtype`,
 * `shape`, `data_offsets`), padded with spaces so the data section starts at
 * a multiple of 8, as the reference implementation writes it.
 *
 * @example
 * ```ts
 * import { decodeSafetensors, encodeSafetensors } from "./safetensors.ts";
 * const bytes = encodeSafetensors(
 *   { w: { dtype: "float32", shape: [2], data: new Float32Array([1, -0.5]) } },
 *   { step: "10" },
 * );
 * const { tensors, metadata } = decodeSafetensors(bytes);
 * console.assert(tensors.w.data[1] === -0.5 && metadata.step === "10");
 * ```
 */
export function encodeSafetensors(
  tensors: Readonly<Record<string, Tensor>>,
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  // Entries then Object.fromEntries, so any name (even "__proto__") is an own key.
  const header: [string, unknown][] = [];
  if (metadata !== undefined) {
    for (const [key, value] of Object.entries(metadata)) {
      if (typeof value !== "string") {
        throw new TypeError(
          `safetensors metadata must map strings to strings; "${key}" is ${typeof value}`,
        );
      }
    }
    header.push([METADATA_KEY, Object.fromEntries(Object.entries(metadata))]);
  }
  let offset = 0;
  const entries = Object.entries(tensors);
  for (const [name, tensor] of entries) {
    if (name === METADATA_KEY) {
      throw new RangeError(`safetensors: "${METADATA_KEY}" is reserved and cannot name a tensor`);
    }
    const { code, itemSize } = checkTensor(name, tensor);
    const end = offset + tensor.data.length * itemSize;
    header.push([name, { dtype: code, shape: [...tensor.shape], data_offsets: [offset, end] }]);
    offset = end;
  }

  const json = new TextEncoder().encode(JSON.stringify(Object.fromEntries(header)));
  const headerLength = Math.ceil(json.length / PREFIX) * PREFIX;
  const bytes = new Uint8Array(PREFIX + headerLength + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(headerLength), true);
  bytes.set(json, PREFIX);
  bytes.fill(0x20, PREFIX + json.length, PREFIX + headerLength); // space padding

  let position = PREFIX + headerLength;
  for (const [, tensor] of entries) {
    const { data } = tensor;
    if (tensor.dtype === "float32") {
      for (let i = 0; i < data.length; i++, position += 4) view.setFloat32(position, data[i], true);
    } else {
      for (let i = 0; i < data.length; i++, position += 8) view.setFloat64(position, data[i], true);
    }
  }
  return bytes;
}

/**
 * Parses safetensors bytes into tensors and metadata, validating everything:
 * the length prefix, the JSON header (a key given twice is an error, not "the
 * last one wins"), every dtype, shape and offset range, and that the tensors
 * tile the data section exactly. Values are not judged: NaN and ±Infinity are
 * returned as stored (checkpoints and PyTorch loads check them). The returned arrays are
 * fresh copies (aligned, independent of `bytes`).
 *
 * @example
 * ```ts
 * import { decodeSafetensors, encodeSafetensors } from "./safetensors.ts";
 * const m = { dtype: "float64" as const, shape: [2, 2], data: new Float64Array([1, 2, 3, 4]) };
 * const { tensors } = decodeSafetensors(encodeSafetensors({ m }));
 * console.assert(tensors.m.shape[0] === 2 && tensors.m.data[3] === 4);
 * ```
 */
export function decodeSafetensors(bytes: Uint8Array): Safetensors {
  if (bytes.length === 0) {
    throw new RangeError("safetensors: the file is empty (0 bytes), not a safetensors file");
  }
  if (bytes.length < PREFIX) {
    throw new RangeError(
      `safetensors: file is ${bytes.length} bytes, shorter than the ${PREFIX}-byte header length`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(bytes.length - PREFIX)) {
    throw new RangeError(
      `safetensors: header length ${declared} goes beyond the end of the file ` +
        `(${bytes.length} bytes, at most ${bytes.length - PREFIX} after the length prefix)`,
    );
  }
  const headerLength = Number(declared);
  const dataStart = PREFIX + headerLength;
  const dataLength = bytes.length - dataStart;

  const header = parseHeader(bytes.subarray(PREFIX, dataStart));
  const metadata = parseMetadata(header[METADATA_KEY]);

  // Validate each entry on its own, then check that together they tile the data section.
  const infos: { name: string; dtype: DType; shape: number[]; begin: number; end: number }[] = [];
  for (const [name, raw] of Object.entries(header)) {
    if (name !== METADATA_KEY) infos.push({ name, ...parseTensorInfo(name, raw) });
  }
  infos.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  for (const info of infos) {
    if (info.begin !== expectedBegin) {
      const what = info.begin < expectedBegin ? "overlaps the previous tensor" : "leaves a gap";
      throw new RangeError(
        `safetensors: tensor "${info.name}" starts at data offset ${info.begin} but the ` +
          `previous tensor ends at ${expectedBegin} (${what}); tensors must be contiguous`,
      );
    }
    expectedBegin = info.end;
  }
  if (dataLength < expectedBegin) {
    const first = infos.find((info) => info.end > dataLength)!;
    throw new RangeError(
      `safetensors: truncated data, the header needs ${expectedBegin} bytes of tensor data ` +
        `but the file has ${dataLength} (${expectedBegin - dataLength} missing; tensor ` +
        `"${first.name}" at data_offsets [${first.begin}, ${first.end}] is out of range)`,
    );
  }
  if (dataLength > expectedBegin) {
    throw new RangeError(
      `safetensors: the header describes ${expectedBegin} bytes of tensor data but the file ` +
        `has ${dataLength} (${dataLength - expectedBegin} unindexed trailing bytes)`,
    );
  }

  const tensors: [string, Tensor][] = [];
  for (const { name, dtype, shape, begin, end } of infos) {
    const at = dataStart + begin;
    let data: Data;
    if (dtype === "float32") {
      data = new Float32Array((end - begin) / 4);
      for (let i = 0; i < data.length; i++) data[i] = view.getFloat32(at + 4 * i, true);
    } else {
      data = new Float64Array((end - begin) / 8);
      for (let i = 0; i < data.length; i++) data[i] = view.getFloat64(at + 8 * i, true);
    }
    tensors.push([name, { dtype, shape, data }]);
  }
  return { tensors: Object.fromEntries(tensors), metadata };
}

/** Throws unless `tensor` is well-formed; returns its file dtype code and item size. */
function checkTensor(name: string, tensor: Tensor): { code: string; itemSize: number } {
  const spec = FILE_DTYPE[tensor.dtype];
  if (spec === undefined) {
    throw new TypeError(
      `safetensors: tensor "${name}" has dtype ${
        String(tensor.dtype)
      }, expected float32 or float64`,
    );
  }
  const expectedArray = tensor.dtype === "float32" ? Float32Array : Float64Array;
  if (!(tensor.data instanceof expectedArray)) {
    throw new TypeError(
      `safetensors: tensor "${name}" is ${tensor.dtype} but its data is a ` +
        `${tensor.data?.constructor?.name ?? typeof tensor.data}, expected ${expectedArray.name}`,
    );
  }
  if (!isShape(tensor.shape)) {
    throw new RangeError(
      `safetensors: tensor "${name}" has shape ${JSON.stringify(tensor.shape)}, ` +
        `expected an array of non-negative integers`,
    );
  }
  if (shapeSize(tensor.shape) !== tensor.data.length) {
    throw new RangeError(
      `safetensors: tensor "${name}" has shape ${shapeText(tensor.shape)} ` +
        `(${shapeSize(tensor.shape)} elements) but ${tensor.data.length} data elements`,
    );
  }
  return spec;
}

function isShape(shape: unknown): shape is number[] {
  return Array.isArray(shape) && shape.every((d) => Number.isSafeInteger(d) && d >= 0);
}

/** Decodes and parses the JSON header; it must be an object. */
function parseHeader(raw: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(raw);
  } catch {
    throw new SyntaxError(`safetensors: the ${raw.length}-byte header is not valid UTF-8`);
  }
  if (!text.startsWith("{")) {
    throw new SyntaxError(
      `safetensors: the header must be a JSON object starting with "{", ` +
        `it starts with ${JSON.stringify(text.slice(0, 20))}`,
    );
  }
  let header: unknown;
  try {
    header = JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(
      `safetensors: the ${raw.length}-byte header is not valid JSON (${(error as Error).message})`,
    );
  }
  if (typeof header !== "object" || header === null || Array.isArray(header)) {
    throw new SyntaxError(
      `safetensors: the header must be a JSON object, got ${text.slice(0, 40)}`,
    );
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== undefined) {
    const where = duplicate.path.length === 0
      ? "at the top level"
      : `in ${duplicate.path.map((k) => JSON.stringify(k)).join(" → ")}`;
    throw new SyntaxError(
      `safetensors: the header has the key ${JSON.stringify(duplicate.key)} twice ${where}; ` +
        `a file must name each tensor (and each field) once`,
    );
  }
  return header as Record<string, unknown>;
}

function parseMetadata(raw: unknown): Record<string, string> {
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new TypeError(
      `safetensors: "${METADATA_KEY}" must be an object of strings, got ${JSON.stringify(raw)}`,
    );
  }
  const metadata: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== "string") {
      throw new TypeError(
        `safetensors: "${METADATA_KEY}" values must be strings; "${key}" is ${
          JSON.stringify(value)
        }`,
      );
    }
    metadata[key] = value;
  }
  return metadata;
}

/** Validates one header entry against itself (dtype, shape, offsets ↔ shape × item size). */
function parseTensorInfo(
  name: string,
  raw: unknown,
): { dtype: DType; shape: number[]; begin: number; end: number } {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new TypeError(
      `safetensors: header entry "${name}" must be an object with dtype, shape and ` +
        `data_offsets, got ${JSON.stringify(raw)}`,
    );
  }
  const { dtype: code, shape, data_offsets: offsets } = raw as Record<string, unknown>;
  const dtype = typeof code === "string" ? ENGINE_DTYPE[code] : undefined;
  if (dtype === undefined) {
    throw new TypeError(
      `safetensors: tensor "${name}" has unsupported dtype ${JSON.stringify(code)}; ` +
        `only F32 and F64 are supported`,
    );
  }
  if (!isShape(shape)) {
    throw new RangeError(
      `safetensors: tensor "${name}" has shape ${JSON.stringify(shape)}, ` +
        `expected an array of non-negative integers`,
    );
  }
  if (
    !Array.isArray(offsets) || offsets.length !== 2 ||
    !offsets.every((o) => Number.isSafeInteger(o) && o >= 0) || offsets[0] > offsets[1]
  ) {
    throw new RangeError(
      `safetensors: tensor "${name}" has data_offsets ${JSON.stringify(offsets)}, ` +
        `expected [begin, end] with 0 ≤ begin ≤ end`,
    );
  }
  const [begin, end] = offsets as number[];
  const expectedBytes = shapeSize(shape) * FILE_DTYPE[dtype].itemSize;
  if (end - begin !== expectedBytes) {
    throw new RangeError(
      `safetensors: tensor "${name}" has data_offsets [${begin}, ${end}] (${end - begin} bytes) ` +
        `but shape ${shapeText(shape)} of ${code} needs ${expectedBytes} bytes`,
    );
  }
  return { dtype, shape, begin, end };
}
