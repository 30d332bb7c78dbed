/**
 * Dense row-major matrices in float32 or float64.
 *
 * One engine, two precisions: float64 for gradient checks, float32 for fast
 * training. A model picks its dtype once; every matrix it creates follows it.
 *
 * @module
 */

/** The two element types the engine supports. */
export type DType = "float32" | "float64";

/** The typed array behind a matrix of either dtype. */
export type Data = Float32Array | Float64Array;

/** A dense `rows × cols` matrix stored row-major in a typed array. */
export class Matrix {
  /** Number of rows (the batch, by the engine's convention). */
  readonly rows: number;
  /** Number of columns (the features). */
  readonly cols: number;
  /** Element type. */
  readonly dtype: DType;
  /** Row-major storage: element (i, j) is `data[i * cols + j]`. */
  readonly data: Data;

  /**
   * Wraps `data` (or allocates zeros) as a `rows × cols` matrix.
   *
   * @example
   * ```ts
   * import { Matrix } from "./matrix.ts";
   * const m = new Matrix(2, 3, "float64");
   * m.set(1, 2, 5);
   * console.assert(m.get(1, 2) === 5);
   * ```
   */
  constructor(rows: number, cols: number, dtype: DType = "float64", data?: Data) {
    assertSize("rows", rows, true);
    assertSize("cols", cols, true);
    assertDType(dtype);
    this.rows = rows;
    this.cols = cols;
    this.dtype = dtype;
    if (data === undefined) {
      this.data = allocate(dtype, rows * cols);
    } else {
      if (data.length !== rows * cols) {
        throw new RangeError(
          `Matrix ${rows}×${cols} needs ${rows * cols} elements, got a buffer of ${data.length}`,
        );
      }
      if (dtypeOf(data) !== dtype) {
        throw new TypeError(`Matrix dtype is ${dtype} but its buffer is ${dtypeOf(data)}`);
      }
      this.data = data;
    }
  }

  /** `[rows, cols]`, for messages and comparisons. */
  get shape(): [number, number] {
    return [this.rows, this.cols];
  }

  /** Number of elements. */
  get size(): number {
    return this.rows * this.cols;
  }

  /** Element (i, j); throws outside the matrix (the kernels' hot loops do not check). */
  get(i: number, j: number): number {
    this.#checkIndex(i, j);
    return this.data[i * this.cols + j];
  }

  /** Sets element (i, j); throws outside the matrix. */
  set(i: number, j: number, value: number): void {
    this.#checkIndex(i, j);
    this.data[i * this.cols + j] = value;
  }

  /** Row `i` as a view (shares storage). */
  row(i: number): Data {
    if (!Number.isInteger(i) || i < 0 || i >= this.rows) {
      throw new RangeError(`row ${i} is outside the ${this.rows} rows of ${this}`);
    }
    return this.data.subarray(i * this.cols, (i + 1) * this.cols);
  }

  #checkIndex(i: number, j: number): void {
    const ok = Number.isInteger(i) && Number.isInteger(j) && i >= 0 && j >= 0 &&
      i < this.rows && j < this.cols;
    if (!ok) throw new RangeError(`element (${i}, ${j}) is outside ${this}`);
  }

  /** A deep copy. */
  clone(): Matrix {
    return new Matrix(this.rows, this.cols, this.dtype, this.data.slice());
  }

  /** Sets every element to 0 and returns this matrix. */
  zero(): this {
    this.data.fill(0);
    return this;
  }

  /** Copies `src` (same shape) into this matrix and returns it. */
  copyFrom(src: Matrix): this {
    assertSameShape("copyFrom", this, src);
    this.data.set(src.data);
    return this;
  }

  /** The elements as nested arrays (row by row), for printing and tests. */
  toArray(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.row(i)));
    return out;
  }

  /** A short human-readable description, e.g. `Matrix(2×3, float64)`. */
  toString(): string {
    return `Matrix(${this.rows}×${this.cols}, ${this.dtype})`;
  }
}

/** The element types, for validation. */
export const DTYPES: readonly DType[] = ["float32", "float64"];

/** Throws unless `dtype` is one the engine supports (no silent float64 for "float16"). */
export function assertDType(dtype: string): asserts dtype is DType {
  if (dtype !== "float32" && dtype !== "float64") {
    throw new TypeError(`dtype must be "float32" or "float64", got ${JSON.stringify(dtype)}`);
  }
}

/** A zero-filled typed array of the given dtype. */
export function allocate(dtype: DType, length: number): Data {
  return dtype === "float32" ? new Float32Array(length) : new Float64Array(length);
}

/** The dtype of a typed array. */
export function dtypeOf(data: Data): DType {
  return data instanceof Float32Array ? "float32" : "float64";
}

/** A zero matrix. */
export function zeros(rows: number, cols: number, dtype: DType = "float64"): Matrix {
  return new Matrix(rows, cols, dtype);
}

/** A matrix filled with `value`. */
export function full(rows: number, cols: number, value: number, dtype: DType = "float64"): Matrix {
  const m = new Matrix(rows, cols, dtype);
  m.data.fill(value);
  return m;
}

/**
 * A matrix from nested arrays (all rows the same length).
 *
 * @example
 * ```ts
 * import { fromArray } from "./matrix.ts";
 * const m = fromArray([[1, 2], [3, 4]]);
 * console.assert(m.get(1, 0) === 3);
 * ```
 */
export function fromArray(
  values: readonly (readonly number[])[],
  dtype: DType = "float64",
): Matrix {
  const rows = values.length;
  const cols = rows === 0 ? 0 : values[0].length;
  const m = new Matrix(rows, cols, dtype);
  for (let i = 0; i < rows; i++) {
    if (values[i].length !== cols) {
      throw new RangeError(
        `fromArray: row ${i} has ${values[i].length} values, expected ${cols} like row 0`,
      );
    }
    m.data.set(values[i], i * cols);
  }
  return m;
}

/** A copy of `m` converted to `dtype` (float64 → float32 rounds). */
export function cast(m: Matrix, dtype: DType): Matrix {
  const out = new Matrix(m.rows, m.cols, dtype);
  out.data.set(m.data);
  return out;
}

/** Formats a shape as `2×3`. */
export function shapeString(m: { rows: number; cols: number }): string {
  return `${m.rows}×${m.cols}`;
}

/**
 * Throws unless `value` is a positive integer (or a non-negative one when
 * `allowZero`), naming the option and the value.
 */
export function assertSize(name: string, value: number, allowZero = false): void {
  const ok = Number.isInteger(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok) {
    const expected = allowZero ? "a non-negative integer" : "a positive integer";
    throw new RangeError(`${name} must be ${expected}, got ${String(value)}`);
  }
}

/** Throws unless `a` and `b` have the same shape, naming both shapes. */
export function assertSameShape(what: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${what}: shape mismatch, ${shapeString(a)} vs ${shapeString(b)}`);
  }
}

/** Throws unless `m` is `rows × cols`, naming both shapes. */
export function assertShape(what: string, m: Matrix, rows: number, cols: number): void {
  if (m.rows !== rows || m.cols !== cols) {
    throw new RangeError(`${what}: expected shape ${rows}×${cols}, got ${shapeString(m)}`);
  }
}
