/**
 * Small elementwise helpers for the gated cells (LSTM, GRU), so their code
 * reads like their math: `mul(f, cPrev)` is `f ⊙ c_{t−1}`. Gates are column
 * blocks of width H of a `[B × G·H]` matrix, in PyTorch's order.
 *
 * @module
 */

import { Matrix, shapeString } from "../core/matrix.ts";
import { activate, addScaled } from "../core/ops.ts";
import { type Random, uniformMatrix } from "../random.ts";

function same(what: string, a: Matrix, b: Matrix): void {
  if (a.rows !== b.rows || a.cols !== b.cols) {
    throw new RangeError(`${what}: shape mismatch, ${shapeString(a)} vs ${shapeString(b)}`);
  }
}

/** `a ⊙ b`, elementwise. */
export function mul(a: Matrix, b: Matrix): Matrix {
  same("mul", a, b);
  const out = new Matrix(a.rows, a.cols, a.dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = a.data[i] * b.data[i];
  return out;
}

/** `a + b`, elementwise. */
export function add(a: Matrix, b: Matrix): Matrix {
  return addScaled(a.clone(), b);
}

/** `a − b`, elementwise. */
export function sub(a: Matrix, b: Matrix): Matrix {
  return addScaled(a.clone(), b, -1);
}

/** `1 − a`, elementwise. */
export function oneMinus(a: Matrix): Matrix {
  const out = new Matrix(a.rows, a.cols, a.dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = 1 - a.data[i];
  return out;
}

/** σ(a) = 1/(1 + e^{−a}). */
export function sigmoidOf(a: Matrix): Matrix {
  return activate("sigmoid", a);
}

/** tanh(a). */
export function tanhOf(a: Matrix): Matrix {
  return activate("tanh", a);
}

/** σ' written with the output: `y ⊙ (1 − y)`. */
export function sigmoidSlope(y: Matrix): Matrix {
  return mul(y, oneMinus(y));
}

/** tanh' written with the output: `1 − y²`. */
export function tanhSlope(y: Matrix): Matrix {
  return oneMinus(mul(y, y));
}

/** `m ⊙ v` with the row `v` `[1 × H]` repeated for every row of `m` (a diagonal weight). */
export function mulRow(m: Matrix, v: Matrix): Matrix {
  const out = new Matrix(m.rows, m.cols, m.dtype);
  for (let i = 0; i < out.data.length; i++) out.data[i] = m.data[i] * v.data[i % m.cols];
  return out;
}

/** Adds `Σ_rows a ⊙ b` into the row `out` `[1 × H]` (the gradient of a diagonal weight). */
export function addRowSumOfProduct(a: Matrix, b: Matrix, out: Matrix): void {
  same("addRowSumOfProduct", a, b);
  for (let i = 0; i < a.data.length; i++) out.data[i % a.cols] += a.data[i] * b.data[i];
}

/** The `count` column blocks of `m` (`[R × count·H]`), each a new `[R × H]` matrix. */
export function gateBlocks(m: Matrix, count: number): Matrix[] {
  const H = m.cols / count;
  return Array.from({ length: count }, (_, k) => columns(m, k * H, H));
}

/** Columns `[start, start + width)` of `m` as a new matrix. */
export function columns(m: Matrix, start: number, width: number): Matrix {
  const out = new Matrix(m.rows, width, m.dtype);
  for (let r = 0; r < m.rows; r++) {
    out.data.set(m.data.subarray(r * m.cols + start, r * m.cols + start + width), r * width);
  }
  return out;
}

/** The blocks side by side, `[B × count·H]` (the inverse of {@link gateBlocks}). */
export function joinGates(blocks: readonly Matrix[]): Matrix {
  const { rows, dtype } = blocks[0], H = blocks[0].cols;
  const out = new Matrix(rows, H * blocks.length, dtype);
  blocks.forEach((block, k) => addIntoColumns(out, k * H, block));
  return out;
}

/** Adds `block` `[R × w]` into columns `[start, start + w)` of `m` `[R × N]`. */
export function addIntoColumns(m: Matrix, start: number, block: Matrix): void {
  if (block.rows !== m.rows || start + block.cols > m.cols) {
    throw new RangeError(
      `addIntoColumns: ${shapeString(block)} at column ${start} of ${shapeString(m)}`,
    );
  }
  const w = block.cols;
  for (let r = 0; r < m.rows; r++) {
    for (let j = 0; j < w; j++) m.data[r * m.cols + start + j] += block.data[r * w + j];
  }
}

/**
 * A `[fanIn × gates·H]` weight whose every gate block is Xavier-uniform for
 * `fanIn → H` (U(−a, a), a = √(6/(fanIn + H))): each gate starts like an
 * Elman RNN's weight, whatever the number of gates.
 */
export function gateWeights(
  rng: Random,
  fanIn: number,
  H: number,
  gates: number,
  dtype: Matrix["dtype"],
): Matrix {
  const a = Math.sqrt(6 / (fanIn + H));
  return uniformMatrix(rng, fanIn, gates * H, -a, a, dtype);
}
