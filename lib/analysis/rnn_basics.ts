/**
 * Helpers of the first notebook: the textbook (column) form of one RNN step,
 * one step's arithmetic written out, what unrolling costs, and a diagram of
 * the unrolled network.
 *
 * Textbooks write vectors as columns, `h_t = tanh(W_hh h_{t−1} + W_xh x_t + b)`;
 * the engine keeps a batch as rows, `h_t = tanh(x_t·Wxh + h_{t−1}·Whh + b)`.
 * With `W_xh = Wxhᵀ` and `W_hh = Whhᵀ` the two are the same computation,
 * because `(W h)ᵀ = hᵀ Wᵀ`.
 *
 * @module
 */

import { activate } from "../core/ops.ts";
import { assertShape, Matrix } from "../core/matrix.ts";
import type { Activation } from "../core/kernels.ts";
import { countParams } from "../layers/param.ts";
import type { RNNCell } from "../layers/rnn_cell.ts";
import { SequenceBatch } from "../core/sequence_batch.ts";
import type { LanguageModel } from "../models/language_model.ts";
import { Figure } from "../viz/display.ts";

/** The weights of one step in the column (textbook) form. */
export interface ColumnFormWeights {
  /** Input-to-hidden weight W_xh [hidden × input]. */
  W_xh: Matrix;
  /** Recurrent weight W_hh [hidden × hidden]. */
  W_hh: Matrix;
  /** Bias b [hidden × 1], a column. */
  b: Matrix;
}

/**
 * One RNN step in the column form, `h_t = act(W_hh h_{t−1} + W_xh x_t + b)`,
 * with each sequence of the batch a column: `x` is [input × B], `hPrev`
 * [hidden × B], the result [hidden × B]. Written as plain loops (the sums of
 * the formula, one by one), independent of the engine's matrix kernels.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { columnFormStep } from "./rnn_basics.ts";
 * const h = columnFormStep(
 *   { W_xh: fromArray([[1], [0]]), W_hh: fromArray([[0, 0], [0, 0]]), b: fromArray([[0], [0]]) },
 *   fromArray([[0.5]]),
 *   fromArray([[0], [0]]),
 * );
 * console.assert(h.get(0, 0) === Math.tanh(0.5) && h.get(1, 0) === 0);
 * ```
 */
export function columnFormStep(
  weights: ColumnFormWeights,
  x: Matrix,
  hPrev: Matrix,
  activation: Activation = "tanh",
): Matrix {
  const { W_xh, W_hh, b } = weights;
  const H = W_hh.rows, I = W_xh.cols, B = x.cols;
  assertShape("columnFormStep W_hh", W_hh, H, H);
  assertShape("columnFormStep W_xh", W_xh, H, I);
  assertShape("columnFormStep b", b, H, 1);
  assertShape("columnFormStep x", x, I, B);
  assertShape("columnFormStep hPrev", hPrev, H, B);
  const a = new Matrix(H, B, x.dtype);
  for (let i = 0; i < H; i++) {
    for (let n = 0; n < B; n++) {
      let s = 0;
      for (let k = 0; k < H; k++) s += W_hh.get(i, k) * hPrev.get(k, n);
      for (let k = 0; k < I; k++) s += W_xh.get(i, k) * x.get(k, n);
      a.set(i, n, s + b.get(i, 0));
    }
  }
  return activate(activation, a, a);
}

/** The largest |a − b| over all elements of two matrices of the same shape. */
export function maxAbsDifference(a: Matrix, b: Matrix): number {
  assertShape("maxAbsDifference", b, a.rows, a.cols);
  let m = 0;
  for (let i = 0; i < a.data.length; i++) m = Math.max(m, Math.abs(a.data[i] - b.data[i]));
  return m;
}

function fmt(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return v < 0 ? `(${s})` : s;
}

/**
 * The arithmetic of one step of `cell` for one sequence, unit by unit:
 * `a_j = Σ_i x_i·Wxh[i, j] + Σ_i h_i·Whh[i, j] + b_j` with every product
 * written out, then `h_j = act(a_j)`. `x` is [1 × input], `hPrev` [1 × hidden].
 * Returns one entry per hidden unit, two lines each (`unit j: a = …` and
 * `h = act(a) = …`), numbers rounded to `digits` decimals.
 *
 * @example
 * ```ts
 * import { fromArray, zeros } from "../core/matrix.ts";
 * import { RNNCell } from "../layers/rnn_cell.ts";
 * import { Random } from "../random.ts";
 * import { explainStep } from "./rnn_basics.ts";
 * const cell = new RNNCell({ inputSize: 1, hiddenSize: 1, rng: new Random(0) });
 * cell.Wxh.value.set(0, 0, 0.5);
 * cell.Whh.value.set(0, 0, 0.8);
 * console.log(explainStep(cell, fromArray([[1]]), zeros(1, 1))[0]);
 * // unit 1: a = 1.00·0.50 + 0.00·0.80 + 0.00 = 0.500
 * //         h = tanh(0.500) = 0.462
 * ```
 */
export function explainStep(cell: RNNCell, x: Matrix, hPrev: Matrix, digits = 2): string[] {
  assertShape("explainStep x", x, 1, cell.inputSize);
  assertShape("explainStep hPrev", hPrev, 1, cell.hiddenSize);
  const { Wxh, Whh, b } = cell;
  const h = cell.forward(x, hPrev).h;
  const lines: string[] = [];
  for (let j = 0; j < cell.hiddenSize; j++) {
    const terms: string[] = [];
    let a = b.value.get(0, j);
    for (let i = 0; i < cell.inputSize; i++) {
      terms.push(`${fmt(x.get(0, i), digits)}·${fmt(Wxh.value.get(i, j), digits)}`);
      a += x.get(0, i) * Wxh.value.get(i, j);
    }
    if (cell.recurrent) {
      for (let i = 0; i < cell.hiddenSize; i++) {
        terms.push(`${fmt(hPrev.get(0, i), digits)}·${fmt(Whh.value.get(i, j), digits)}`);
        a += hPrev.get(0, i) * Whh.value.get(i, j);
      }
    }
    terms.push(fmt(b.value.get(0, j), digits));
    const aText = a.toFixed(digits + 1);
    lines.push(
      `unit ${j + 1}: a = ${terms.join(" + ")} = ${aText}\n` +
        `${" ".repeat(String(j + 1).length + 7)}h = ${cell.activation}(${aText}) = ${
          h.get(0, j).toFixed(digits + 1)
        }`,
    );
  }
  return lines;
}

/** What running a model over `length` steps keeps: see {@link unrollCost}. */
export interface UnrollCost {
  /** Steps T read in one forward call. */
  length: number;
  /** Trainable numbers of the model (the same for every T). */
  parameters: number;
  /** Hidden-state numbers the RNN keeps for backward (T · batch · hidden). */
  hiddenValues: number;
}

/**
 * Runs `model` once over each length in `lengths` (batch of one, from a zero
 * state, on the token ids 0, 1, 2, … modulo the vocabulary) and reports its
 * parameter count and how many hidden-state numbers it keeps for backward.
 *
 * @example
 * ```ts
 * import { LanguageModel, unrollCost } from "../mod.ts";
 * const [short, long] = unrollCost(new LanguageModel({ vocabSize: 5, hiddenSize: 4 }), [5, 50]);
 * console.assert(short.parameters === long.parameters);
 * console.assert(long.hiddenValues === 10 * short.hiddenValues);
 * ```
 */
export function unrollCost(model: LanguageModel, lengths: readonly number[]): UnrollCost[] {
  return lengths.map((length) => {
    if (!Number.isInteger(length) || length < 1) {
      throw new RangeError(`unrollCost: lengths must be positive integers, got ${length}`);
    }
    const ids = SequenceBatch.tokens(Array.from({ length }, (_, t) => t % model.vocabSize), 1);
    const { hidden } = model.scores(ids, model.zeroState(1));
    return { length, parameters: countParams(model.params), hiddenValues: hidden.trace.h.size };
  });
}

const SVG_NS = "http://www.w3.org/2000/svg";

/** `base` with a subscript, as SVG text content. */
function sub(base: string, subscript: string): string {
  return `${base}<tspan font-size="75%" dy="0.35em">${subscript}</tspan>`;
}

/**
 * A diagram of the RNN folded (one cell with a loop) and unrolled over
 * `steps` time steps, every copy labelled with the same `W_xh`, `W_hh`,
 * `W_hy`: the unrolled network is deep in time, but its parameters are shared.
 *
 * @example
 * ```ts
 * import { unrolledDiagram } from "./rnn_basics.ts";
 * const fig = unrolledDiagram(3);
 * console.assert(fig.kind === "svg" && fig.markup.includes("unrolled"));
 * ```
 */
export function unrolledDiagram(steps = 4): Figure {
  if (!Number.isInteger(steps) || steps < 1 || steps > 8) {
    throw new RangeError(`unrolledDiagram: steps must be an integer from 1 to 8, got ${steps}`);
  }
  const gap = 120, x0 = 350, boxW = 56, boxH = 40;
  const width = x0 + gap * (steps - 1) + 80, height = 302;
  const yY = 58, yH = 150, yX = 250;
  const parts: string[] = [];
  const text = (x: number, y: number, content: string, extra = "") =>
    parts.push(`<text x="${x}" y="${y}" text-anchor="middle" ${extra}>${content}</text>`);
  const arrow = (x1: number, y1: number, x2: number, y2: number) =>
    parts.push(
      `<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#333" stroke-width="1.5" ` +
        `marker-end="url(#arrow)"/>`,
    );
  const box = (cx: number, label: string) => {
    parts.push(
      `<rect x="${cx - boxW / 2}" y="${yH - boxH / 2}" width="${boxW}" height="${boxH}" rx="8" ` +
        `fill="#dbe9f6" stroke="#2b6cb0" stroke-width="1.5"/>`,
    );
    text(cx, yH + 6, label, `font-size="17"`);
  };
  const weight = (x: number, y: number, name: string, color: string) =>
    text(x, y, sub("W", name), `font-size="14" fill="${color}" font-style="italic"`);
  const cXh = "#2f855a", cHh = "#c53030", cHy = "#6b46c1";

  // Folded: one cell with a loop.
  const cx = 90;
  text(cx, 30, "folded", `font-size="14" fill="#555"`);
  text(cx, yY - 8, sub("y", "t"), `font-size="17"`);
  arrow(cx, yH - boxH / 2, cx, yY + 2);
  weight(cx + 22, yY + 40, "hy", cHy);
  box(cx, sub("h", "t"));
  text(cx, yX + 16, sub("x", "t"), `font-size="17"`);
  arrow(cx, yX - 2, cx, yH + boxH / 2 + 2);
  weight(cx + 22, yX - 28, "xh", cXh);
  parts.push(
    `<path d="M ${cx + boxW / 2} ${yH - 8} C ${cx + boxW / 2 + 50} ${yH - 40}, ` +
      `${cx + boxW / 2 + 50} ${yH + 40}, ${cx + boxW / 2 + 2} ${yH + 10}" fill="none" ` +
      `stroke="#333" stroke-width="1.5" marker-end="url(#arrow)"/>`,
  );
  weight(cx + boxW / 2 + 62, yH + 5, "hh", cHh);
  text(230, yH + 8, "=", `font-size="28"`);

  // Unrolled: one copy per step, the same weights on every copy.
  text(x0 + (gap * (steps - 1)) / 2, 30, "unrolled over time", `font-size="14" fill="#555"`);
  text(x0 - 92, yH + 6, sub("h", "0"), `font-size="17"`);
  for (let t = 1; t <= steps; t++) {
    const x = x0 + gap * (t - 1);
    const from = t === 1 ? x0 - 78 : x - gap + boxW / 2;
    arrow(from, yH, x - boxW / 2 - 2, yH);
    weight((from + x - boxW / 2) / 2, yH - 8, "hh", cHh);
    box(x, sub("h", String(t)));
    text(x, yY - 8, sub("y", String(t)), `font-size="17"`);
    arrow(x, yH - boxH / 2, x, yY + 2);
    weight(x + 22, yY + 40, "hy", cHy);
    text(x, yX + 16, sub("x", String(t)), `font-size="17"`);
    arrow(x, yX - 2, x, yH + boxH / 2 + 2);
    weight(x + 22, yX - 28, "xh", cXh);
  }
  text(
    width / 2,
    height - 6,
    "every copy uses the same W_xh, W_hh, b and W_hy: depth in time, no new parameters",
    `font-size="13" fill="#555"`,
  );

  const markup = `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">` +
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" ` +
    `markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#333"/>` +
    `</marker></defs><rect width="${width}" height="${height}" fill="white"/>` +
    parts.join("") + `</svg>`;
  return new Figure(markup, `RNN folded and unrolled over ${steps} steps`);
}

/**
 * The hidden units (column indices of `states`, a `[T × hidden]` matrix of
 * one sequence's states) that keep one sign at every step from row `from`
 * on, e.g. to name the rows of a hidden-state heatmap that never change
 * colour.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { unitsOfConstantSign } from "./rnn_basics.ts";
 * const states = fromArray([[0.1, 0.5], [-0.2, 0.9], [0.3, 0.7]]); // 3 steps, 2 units
 * console.assert(unitsOfConstantSign(states).join() === "1");
 * ```
 */
export function unitsOfConstantSign(states: Matrix, from = 0): number[] {
  if (!Number.isInteger(from) || from < 0 || from >= states.rows) {
    throw new RangeError(`unitsOfConstantSign: from must be a row of ${states.rows}, got ${from}`);
  }
  const units: number[] = [];
  for (let j = 0; j < states.cols; j++) {
    let positive = 0, negative = 0;
    for (let t = from; t < states.rows; t++) {
      const v = states.get(t, j);
      if (v > 0) positive++;
      else if (v < 0) negative++;
    }
    const n = states.rows - from;
    if (positive === n || negative === n) units.push(j);
  }
  return units;
}

/** What {@link markovCheck} finds in a square matrix. */
export interface MarkovCheck {
  /** Smallest entry. */
  min: number;
  /** Largest entry. */
  max: number;
  /** Share of the entries below 0. */
  negativeShare: number;
  /** Smallest row sum. */
  rowSumMin: number;
  /** Largest row sum. */
  rowSumMax: number;
  /** Every entry ≥ 0 and every row sums to 1 (within 1e-9): a Markov transition matrix. */
  isStochastic: boolean;
}

/**
 * Whether `W` could be a Markov chain's transition matrix (row-stochastic:
 * entries ≥ 0, each row summing to 1), with the numbers that say why not.
 * An RNN's `Whh` is a matrix of real weights acting on a real-valued state,
 * not a table of probabilities.
 *
 * @example
 * ```ts
 * import { fromArray } from "../core/matrix.ts";
 * import { markovCheck } from "./rnn_basics.ts";
 * console.assert(markovCheck(fromArray([[0.9, 0.1], [0.5, 0.5]])).isStochastic);
 * console.assert(!markovCheck(fromArray([[0.9, -0.4], [0.3, 0.7]])).isStochastic);
 * ```
 */
export function markovCheck(W: Matrix): MarkovCheck {
  let min = Infinity, max = -Infinity, negative = 0;
  let rowSumMin = Infinity, rowSumMax = -Infinity;
  for (let i = 0; i < W.rows; i++) {
    let sum = 0;
    for (const v of W.row(i)) {
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v < 0) negative++;
    }
    rowSumMin = Math.min(rowSumMin, sum);
    rowSumMax = Math.max(rowSumMax, sum);
  }
  return {
    min,
    max,
    negativeShare: negative / W.size,
    rowSumMin,
    rowSumMax,
    isStochastic: min >= 0 && Math.abs(rowSumMin - 1) <= 1e-9 && Math.abs(rowSumMax - 1) <= 1e-9,
  };
}
