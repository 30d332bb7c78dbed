/**
 * Heatmaps: a grid of numbers as coloured cells (hidden units × time, gate
 * activations, the predicted distribution after each input letter, …).
 *
 * Colours are quantized into a few levels: Plot draws continuous colour ramps
 * on a canvas, which does not exist outside a browser.
 *
 * @module
 */

import type { Figure } from "./display.ts";
import { type ChartOptions, checkFinite, checkPixels, checkTitle, Plot, render } from "./_chart.ts";

/** Anything with `rows`, `cols` and `get(i, j)`, such as the engine's `Matrix`. */
export interface MatrixLike {
  /** Number of rows. */
  readonly rows: number;
  /** Number of columns. */
  readonly cols: number;
  /** Element (i, j). */
  get(i: number, j: number): number;
}

/** Colour options of {@linkcode heatmap}. */
export interface HeatmapColor {
  /**
   * A Plot colour scheme name (e.g. `"blues"`, `"rdbu"`, `"viridis"`). Default `"rdbu"` (diverging around 0) when the
   * values have both signs, `"blues"` otherwise.
   */
  scheme?: string;
  /** Value range mapped to the colours. Default: [-m, m] for signed data (m the largest |value|), else from 0 to the extreme. */
  domain?: [number, number];
  /** Number of colour levels (odd keeps 0 in the middle level). Default 9. */
  levels?: number;
  /** Legend title. Default `"value"`. */
  label?: string;
}

/** Options of {@linkcode heatmap}. */
export interface HeatmapOptions extends ChartOptions {
  /** The numbers: an array of equal-length rows, or a matrix. Row i is drawn at y = i. */
  values: readonly (readonly number[])[] | MatrixLike;
  /** Label of the x axis (the columns), e.g. `"time step"`. Required. */
  x: string;
  /** Label of the y axis (the rows), e.g. `"hidden unit"`. Required. */
  y: string;
  /** Tick label per row (may repeat, e.g. the letters of "hello"). Default the indices. */
  rowLabels?: readonly string[];
  /** Tick label per column (may repeat). Default the indices. */
  colLabels?: readonly string[];
  /** Colour scale. */
  color?: HeatmapColor;
  /** Print each value in its cell. Default: when there are at most 150 cells. */
  showValues?: boolean;
  /** How values are printed in cells. Default two decimals (integers as they are). */
  format?: (value: number) => string;
}

interface Cell {
  i: number;
  j: number;
  v: number;
}

/**
 * A heatmap of `values` (rows × columns); returns a displayable {@linkcode Figure}.
 *
 * Throws on an empty grid, ragged rows, non-finite values, or label arrays
 * whose length does not match.
 *
 * @example
 * ```ts
 * import { heatmap } from "./heatmap.ts";
 * const fig = heatmap({
 *   title: "Next-letter probabilities",
 *   x: "input letter",
 *   y: "predicted letter",
 *   values: [[0.1, 0.7], [0.9, 0.3]],
 *   colLabels: ["h", "e"],
 *   rowLabels: ["e", "l"],
 * });
 * console.assert(fig.markup.includes("Next-letter probabilities"));
 * ```
 */
export function heatmap(options: HeatmapOptions): Figure {
  const title = checkTitle("heatmap", options.title);
  for (const axis of ["x", "y"] as const) {
    if (typeof options[axis] !== "string") {
      throw new TypeError(`heatmap needs an axis label (option ${axis}), got ${options[axis]}`);
    }
  }
  checkPixels("heatmap", "width", options.width);
  checkPixels("heatmap", "height", options.height);
  const { rows, cols, cells } = cellsOf(options.values);
  const rowLabels = labels("rowLabels", options.rowLabels, rows);
  const colLabels = labels("colLabels", options.colLabels, cols);

  const { domain, levels, scheme, signed } = colorScale(options.color, cells);
  // Size: cells between 6 and 40 px wide, rows between 8 and 26 px high.
  const inner = (options.width ?? 640) - 90;
  const cellW = Math.max(6, Math.min(40, inner / cols));
  const width = options.width ?? Math.max(300, Math.min(640, 90 + cols * cellW));
  const cellH = Math.max(8, Math.min(26, cellW));
  const height = options.height ?? 60 + rows * cellH;

  const marks: Plot.Markish[] = [
    Plot.cell(cells, { x: "j", y: "i", fill: "v", inset: cellW < 10 ? 0 : 0.5 }),
  ];
  if (options.showValues ?? rows * cols <= 150) {
    const darkScheme = signed && !options.color?.scheme;
    marks.push(valueLabels(cells, options.format ?? defaultFormat(cells), domain, darkScheme, {
      cellW,
      cellH,
    }));
  }

  return render({ ...options, title }, {
    width,
    height,
    marginTop: 10,
    padding: 0,
    x: {
      label: options.x,
      domain: range(cols),
      ticks: thin(range(cols), Math.floor((width - 90) / (6 * longest(colLabels) + 8))),
      tickFormat: (j: number) => colLabels[j],
    },
    y: {
      label: options.y,
      domain: range(rows),
      ticks: thin(range(rows), Math.floor(rows * cellH / 12)),
      tickFormat: (i: number) => rowLabels[i],
    },
    color: {
      type: "quantize",
      scheme,
      domain,
      n: levels,
      legend: true,
      label: options.color?.label ?? "value",
    },
    marks,
  });
}

/** The colour scale: domain (from the data unless given), number of levels, scheme. */
function colorScale(color: HeatmapOptions["color"], cells: readonly Cell[]) {
  let [lo, hi] = [Infinity, -Infinity];
  for (const c of cells) [lo, hi] = [Math.min(lo, c.v), Math.max(hi, c.v)];
  const signed = lo < 0 && hi > 0;
  const m = Math.max(Math.abs(lo), Math.abs(hi)) || 1;
  // Unsigned data starts at 0 (a probability of 0.05 is near nothing, not "the minimum").
  const domain = color?.domain ?? (signed ? [-m, m] : lo >= 0 ? [0, hi || 1] : [lo, 0]);
  if (!(domain[0] < domain[1])) {
    throw new RangeError(`heatmap color.domain must be [min, max] with min < max, got [${domain}]`);
  }
  const levels = color?.levels ?? 9;
  if (!Number.isInteger(levels) || levels < 2) {
    throw new RangeError(`heatmap color.levels must be an integer ≥ 2, got ${levels}`);
  }
  // Plot checks the name and throws on an unknown scheme.
  const scheme = (color?.scheme ?? (signed ? "rdbu" : "blues")) as Plot.ColorScheme;
  return { domain: domain as [number, number], levels, scheme, signed };
}

/** The values written in the cells: light text on the dark ends of the scale, dark elsewhere. */
function valueLabels(
  cells: readonly Cell[],
  format: (v: number) => string,
  domain: readonly [number, number],
  signedScheme: boolean,
  size: { cellW: number; cellH: number },
): Plot.Markish {
  const t = (v: number) => (v - domain[0]) / (domain[1] - domain[0]);
  const dark = signedScheme ? (v: number) => Math.abs(t(v) - 0.5) > 0.3 : (v: number) => t(v) > 0.6;
  const fontSize = Math.max(7, Math.min(11, size.cellH * 0.6, (size.cellW - 2) / (4 * 0.6)));
  return Plot.text(cells, {
    x: "j",
    y: "i",
    text: (c: Cell) => format(c.v),
    fill: (c: Cell) => (dark(c.v) ? "white" : "black"),
    fontSize,
  });
}

function cellsOf(values: HeatmapOptions["values"]): { rows: number; cols: number; cells: Cell[] } {
  const cells: Cell[] = [];
  if (Array.isArray(values)) {
    const rows = values.length;
    if (rows === 0) throw new RangeError("heatmap values has no rows; expected at least one");
    const cols = values[0]?.length;
    for (let i = 0; i < rows; i++) {
      const row = values[i];
      if (!Array.isArray(row) || row.length !== cols || cols === 0) {
        throw new RangeError(
          `heatmap values must be non-empty rows of equal length: row 0 has ${cols} values, row ${i} has ${
            Array.isArray(row) ? row.length : String(row)
          }`,
        );
      }
      row.forEach((v, j) => cells.push({ i, j, v: checkFinite(`heatmap value [${i}][${j}]`, v) }));
    }
    return { rows, cols, cells };
  }
  const m = values as MatrixLike;
  if (!(m?.rows > 0 && m.cols > 0 && typeof m.get === "function")) {
    throw new TypeError(
      `heatmap values must be number[][] or a non-empty matrix, got ${
        m && typeof m === "object" ? `${m.rows}×${m.cols}` : String(m)
      }`,
    );
  }
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      cells.push({ i, j, v: checkFinite(`heatmap value (${i}, ${j})`, m.get(i, j)) });
    }
  }
  return { rows: m.rows, cols: m.cols, cells };
}

function labels(name: string, given: readonly string[] | undefined, n: number): string[] {
  if (given === undefined) return range(n).map(String);
  if (given.length !== n) {
    throw new RangeError(
      `heatmap ${name} has ${given.length} labels for ${n} ${name.slice(0, 3)}s`,
    );
  }
  return given.map(String);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function longest(labels: readonly string[]): number {
  return labels.reduce((m, s) => Math.max(m, s.length), 1);
}

/** Every k-th tick so that at most `fit` labels are drawn (ticks must not overlap). */
function thin(ticks: number[], fit: number): number[] {
  const k = Math.max(1, Math.ceil(ticks.length / Math.max(1, fit)));
  return ticks.filter((t) => t % k === 0);
}

function defaultFormat(cells: readonly Cell[]): (v: number) => string {
  return cells.every((c) => Number.isInteger(c.v)) ? String : (v) => v.toFixed(2);
}
