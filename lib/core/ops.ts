/**
 * The few matrix operations the layers need, with shape checks whose messages
 * name both shapes. The arithmetic itself runs in the active kernels.
 *
 * @module
 */

import { kernels } from "./backend.ts";
import type { Activation } from "./kernels.ts";
import { assertShape, Matrix, shapeString, zeros } from "./matrix.ts";

/** Options of {@link matmul}. */
export interface MatmulOptions {
  /** Use Aᵀ instead of A. */
  transA?: boolean;
  /** Use Bᵀ instead of B. */
  transB?: boolean;
  /** Write into this matrix instead of allocating one. */
  out?: Matrix;
  /** Add the product into `out` instead of overwriting it. */
  accumulate?: boolean;
}

/**
 * Matrix product `op(A)·op(B)`, where `op` optionally transposes.
 *
 * @example
 * ```ts
 * import { fromArray, matmul } from "../mod.ts";
 * const c = matmul(fromArray([[1, 2]]), fromArray([[3], [4]]));
 * console.assert(c.get(0, 0) === 11);
 * ```
 */
export function matmul(a: Matrix, b: Matrix, options: MatmulOptions = {}): Matrix {
  const { transA = false, transB = false, accumulate = false } = options;
  const m = transA ? a.cols : a.rows;
  const k = transA ? a.rows : a.cols;
  const kb = transB ? b.cols : b.rows;
  const n = transB ? b.rows : b.cols;
  if (k !== kb) {
    const left = `${shapeString(a)}${transA ? "ᵀ" : ""}`;
    const right = `${shapeString(b)}${transB ? "ᵀ" : ""}`;
    throw new RangeError(
      `matmul: shape mismatch, ${left} · ${right} (inner sizes ${k} and ${kb} differ)`,
    );
  }
  if (a.dtype !== b.dtype) {
    throw new TypeError(`matmul: dtype mismatch, ${a.dtype} · ${b.dtype}`);
  }
  const out = options.out ?? zeros(m, n, a.dtype);
  assertShape("matmul output", out, m, n);
  if (out.dtype !== a.dtype) {
    throw new TypeError(`matmul: output is ${out.dtype}, inputs ${a.dtype}`);
  }
  // The kernels write C while still reading A and B: an output sharing storage would corrupt them.
  if (overlaps(out, a) || overlaps(out, b)) {
    throw new RangeError(
      `matmul: the output must not share storage with an input (${
        overlaps(out, a) ? "A" : "B"
      } is ${shapeString(overlaps(out, a) ? a : b)}); pass a separate out matrix`,
    );
  }
  kernels().gemm(transA, transB, m, n, k, a.data, b.data, out.data, accumulate);
  return out;
}

/** True when two matrices' elements share any memory. */
function overlaps(x: Matrix, y: Matrix): boolean {
  if (x.data.buffer !== y.data.buffer) return false;
  const x0 = x.data.byteOffset, x1 = x0 + x.data.byteLength;
  const y0 = y.data.byteOffset, y1 = y0 + y.data.byteLength;
  return x0 < y1 && y0 < x1;
}

/** Adds the 1×n row vector `bias` to every row of `x` (in place); returns `x`. */
export function addBias(x: Matrix, bias: Matrix): Matrix {
  assertShape("addBias bias", bias, 1, x.cols);
  kernels().addRowVector(x.data, x.rows, x.cols, bias.data);
  return x;
}

/** Adds the column sums of `x` into the 1×n matrix `out` (the bias gradient); returns `out`. */
export function sumRowsInto(x: Matrix, out: Matrix): Matrix {
  assertShape("sumRowsInto output", out, 1, x.cols);
  kernels().sumRows(x.data, x.rows, x.cols, out.data);
  return out;
}

/** Applies a nonlinearity elementwise, into `out` (may be `x`); returns `out`. */
export function activate(
  kind: Activation,
  x: Matrix,
  out: Matrix = zeros(x.rows, x.cols, x.dtype),
): Matrix {
  assertShape(`${kind} output`, out, x.rows, x.cols);
  kernels().activate(kind, x.data, out.data);
  return out;
}

/**
 * Backward of {@link activate}: `dy ⊙ act'`, written with the forward output
 * `y`, into `out` (may be `dy`); returns `out`.
 */
export function activateBackward(
  kind: Activation,
  y: Matrix,
  dy: Matrix,
  out: Matrix = zeros(y.rows, y.cols, y.dtype),
): Matrix {
  assertShape(`${kind} backward gradient`, dy, y.rows, y.cols);
  assertShape(`${kind} backward output`, out, y.rows, y.cols);
  kernels().activateBackward(kind, y.data, dy.data, out.data);
  return out;
}

/** Row-wise softmax (stable for large logits), into `out`; returns `out`. */
export function softmax(x: Matrix, out: Matrix = zeros(x.rows, x.cols, x.dtype)): Matrix {
  assertShape("softmax output", out, x.rows, x.cols);
  kernels().softmaxRows(x.data, x.rows, x.cols, out.data);
  return out;
}

/** `y += alpha · x` elementwise (same shapes); returns `y`. */
export function addScaled(y: Matrix, x: Matrix, alpha = 1): Matrix {
  assertShape("addScaled", x, y.rows, y.cols);
  const yd = y.data, xd = x.data;
  for (let i = 0; i < yd.length; i++) yd[i] += alpha * xd[i];
  return y;
}

/** The sum of squares of all elements. */
export function sumOfSquares(x: Matrix): number {
  let s = 0;
  for (let i = 0; i < x.data.length; i++) s += x.data[i] * x.data[i];
  return s;
}

/** Rows `[start, start + count)` of `x` as a matrix sharing its storage. */
export function rowSlice(x: Matrix, start: number, count: number): Matrix {
  const whole = Number.isInteger(start) && Number.isInteger(count);
  if (!whole || start < 0 || count < 0 || start + count > x.rows) {
    throw new RangeError(`rowSlice: rows ${start}..${start + count} outside ${shapeString(x)}`);
  }
  const data = x.data.subarray(start * x.cols, (start + count) * x.cols);
  return new Matrix(count, x.cols, x.dtype, data);
}

/** The transpose `xᵀ` as a new matrix (e.g. to draw hidden units as rows and time as columns). */
export function transpose(x: Matrix): Matrix {
  const out = new Matrix(x.cols, x.rows, x.dtype);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++) out.data[j * x.rows + i] = x.data[i * x.cols + j];
  }
  return out;
}

/** `[A | B]`: the columns of `a` followed by those of `b` (same rows and dtype). */
export function concatColumns(a: Matrix, b: Matrix): Matrix {
  if (a.rows !== b.rows || a.dtype !== b.dtype) {
    throw new RangeError(
      `concatColumns: ${shapeString(a)} ${a.dtype} and ${shapeString(b)} ${b.dtype} ` +
        `need equal rows and dtype`,
    );
  }
  const out = new Matrix(a.rows, a.cols + b.cols, a.dtype);
  for (let r = 0; r < a.rows; r++) {
    out.data.set(a.data.subarray(r * a.cols, (r + 1) * a.cols), r * out.cols);
    out.data.set(b.data.subarray(r * b.cols, (r + 1) * b.cols), r * out.cols + a.cols);
  }
  return out;
}

/** The inverse of {@link concatColumns}: columns `[0, at)` and `[at, cols)`. */
export function splitColumns(m: Matrix, at: number): [Matrix, Matrix] {
  if (!Number.isInteger(at) || at < 0 || at > m.cols) {
    throw new RangeError(`splitColumns: column ${at} is outside [0, ${m.cols}]`);
  }
  const a = new Matrix(m.rows, at, m.dtype), b = new Matrix(m.rows, m.cols - at, m.dtype);
  for (let r = 0; r < m.rows; r++) {
    a.data.set(m.data.subarray(r * m.cols, r * m.cols + at), r * a.cols);
    b.data.set(m.data.subarray(r * m.cols + at, (r + 1) * m.cols), r * b.cols);
  }
  return [a, b];
}
