/**
 * Line charts: a curve per series over steps (loss, perplexity, gradient
 * norm, …), with a legend when several series are compared, an optional log
 * y scale, and optional small multiples (one panel per `panel` name).
 *
 * @module
 */

import type { Figure } from "./display.ts";
import {
  type ChartOptions,
  checkFinite,
  checkPixels,
  checkTitle,
  FIRST_COLOR,
  Plot,
  render,
} from "./_chart.ts";

/** One point of a series. */
export interface Point {
  /** Horizontal position, e.g. the step. */
  x: number;
  /** Value, e.g. the loss. */
  y: number;
}

/** One named curve. */
export interface LineSeries {
  /** Legend entry; unique within a panel. */
  name: string;
  /** `y` values at x = 0, 1, 2, … or explicit points (e.g. a loss logged every 100 steps). */
  values: readonly number[] | readonly Point[];
  /** Small multiples: series with the same panel name share a panel. */
  panel?: string;
}

/** Options of {@linkcode lineChart}. */
export interface LineChartOptions extends ChartOptions {
  /** Label of the x axis, with units where relevant. Default `"step"`. */
  x?: string;
  /** Label of the y axis, e.g. `"loss (nats/char)"`. Required. */
  y: string;
  /** The curves. Give either `series` or `values`. */
  series?: readonly LineSeries[];
  /** Shorthand for one unnamed series. */
  values?: readonly number[] | readonly Point[];
  /** Logarithmic y scale (all y values must then be positive). */
  logY?: boolean;
  /** Fixed y range, e.g. `[0, 1]` for an accuracy. */
  yDomain?: [number, number];
  /** Draw a dot at every point. Default: when no series has more than 30 points. */
  dots?: boolean;
  /** Panels per row for small multiples (series with `panel`). Default up to 3. */
  columns?: number;
}

interface Row {
  series: string;
  panel: string;
  x: number;
  y: number;
}

/**
 * A line chart of one or more series; returns a displayable {@linkcode Figure}.
 *
 * Throws on an empty series, a non-finite value (a NaN loss usually means the
 * training diverged: the chart refuses to hide it), a non-positive value on a
 * log scale, or duplicate series names.
 *
 * @example
 * ```ts
 * import { lineChart } from "./line_chart.ts";
 * const fig = lineChart({
 *   title: "Training loss",
 *   y: "loss (nats/char)",
 *   series: [
 *     { name: "train", values: [4.2, 3.1, 2.5, 2.2] },
 *     { name: "validation", values: [{ x: 0, y: 4.2 }, { x: 3, y: 2.4 }] },
 *   ],
 * });
 * console.assert(fig.markup.includes("Training loss"));
 * ```
 */
export function lineChart(options: LineChartOptions): Figure {
  const title = checkTitle("lineChart", options.title);
  if (typeof options.y !== "string") {
    throw new TypeError(`lineChart needs a y axis label (option y), got ${String(options.y)}`);
  }
  checkPixels("lineChart", "width", options.width);
  checkPixels("lineChart", "height", options.height);
  const series = seriesOf(options);
  const rows = rowsOf(series, options.logY ?? false);
  const panels = [...new Set(series.map((s) => s.panel ?? ""))];
  const faceted = series.some((s) => s.panel !== undefined);
  const names = [...new Set(series.map((s) => s.name))];
  const multi = names.length > 1;
  const longest = Math.max(...series.map((s) => s.values.length));
  const columns = Math.max(1, Math.min(options.columns ?? 3, panels.length));
  const marks = lineMarks(rows, panels, columns, multi ? "series" : FIRST_COLOR, {
    dots: options.dots ?? longest <= 30,
    faceted,
  });
  return render({ ...options, title }, {
    width: options.width ?? 640,
    height: options.height ?? (faceted ? 60 + Math.ceil(panels.length / columns) * 200 : 360),
    marginTop: 20,
    marginRight: 20,
    grid: true,
    x: { label: options.x ?? "step", ...integerTicks(rows) },
    y: {
      label: options.y,
      type: options.logY ? "log" : "linear",
      ...(options.yDomain ? { domain: options.yDomain } : {}),
    },
    color: multi ? { legend: true, type: "ordinal", domain: names, scheme: "observable10" } : {},
    ...(faceted ? { fx: { axis: null }, fy: { axis: null } } : {}),
    marks,
  });
}

/** The points of every series, checked: unique names, finite values, positive on a log scale. */
function rowsOf(series: readonly LineSeries[], logY: boolean): Row[] {
  if (series.some((s) => s.panel !== undefined) && series.some((s) => s.panel === undefined)) {
    const missing = series.find((s) => s.panel === undefined)!;
    throw new TypeError(
      `lineChart: series "${missing.name}" has no panel while others do; give every series a panel`,
    );
  }
  const seen = new Set<string>();
  const rows: Row[] = [];
  for (const s of series) {
    const key = `${s.panel ?? ""}\u0000${s.name}`;
    if (seen.has(key)) {
      throw new TypeError(`lineChart: two series are named "${s.name}"; names must be unique`);
    }
    seen.add(key);
    if (s.values.length === 0) {
      throw new RangeError(`lineChart: series "${s.name}" has no values; expected at least one`);
    }
    s.values.forEach((v, i) => {
      const where = `lineChart series "${s.name}" value ${i}`;
      const p = typeof v === "number" ? { x: i, y: v } : v;
      if (p === null || typeof p !== "object") {
        throw new TypeError(`${where} must be a number or {x, y}, got ${String(p)}`);
      }
      checkFinite(`${where} (x)`, p.x);
      checkFinite(`${where} (y)`, p.y);
      if (logY && p.y <= 0) {
        throw new RangeError(`${where} is ${p.y}; a log y scale needs positive values`);
      }
      rows.push({ series: s.name, panel: s.panel ?? "", x: p.x, y: p.y });
    });
  }
  return rows;
}

/** The lines (and dots, and panel labels) of the chart. */
function lineMarks(
  rows: readonly Row[],
  panels: readonly string[],
  columns: number,
  stroke: string,
  options: { dots: boolean; faceted: boolean },
): Plot.Markish[] {
  const fx = (r: Row) => panels.indexOf(r.panel) % columns;
  const fy = (r: Row) => Math.floor(panels.indexOf(r.panel) / columns);
  const facet = options.faceted ? { fx, fy } : {};
  const marks: Plot.Markish[] = [
    Plot.frame({ stroke: "#ccc" }),
    Plot.lineY(rows, { x: "x", y: "y", z: "series", stroke, strokeWidth: 1.5, ...facet }),
  ];
  if (options.dots) marks.push(Plot.dot(rows, { x: "x", y: "y", fill: stroke, r: 2.5, ...facet }));
  if (options.faceted) {
    const labels = panels.map((panel) => ({ panel, x: 0, y: 0, series: "" }));
    marks.push(
      Plot.text(labels, {
        text: "panel",
        fx,
        fy,
        frameAnchor: "top",
        dy: 4,
        lineAnchor: "top",
        fontWeight: "bold",
        stroke: "white",
        fill: "black",
      }),
    );
  }
  return marks;
}

function seriesOf(options: LineChartOptions): readonly LineSeries[] {
  if (options.series !== undefined && options.values !== undefined) {
    throw new TypeError("lineChart takes either series or values, not both");
  }
  if (options.values !== undefined) {
    if (!Array.isArray(options.values)) {
      throw new TypeError(`lineChart values must be an array, got ${String(options.values)}`);
    }
    return [{ name: options.y, values: options.values }];
  }
  if (!Array.isArray(options.series) || options.series.length === 0) {
    throw new RangeError(
      `lineChart needs at least one series (option series or values), got ${
        Array.isArray(options.series) ? "[]" : String(options.series)
      }`,
    );
  }
  for (const s of options.series) {
    if (typeof s?.name !== "string" || !Array.isArray(s.values)) {
      throw new TypeError(
        `lineChart series must be {name: string, values: array}, got ${JSON.stringify(s)}`,
      );
    }
  }
  return options.series;
}

/** For a few integer steps, ticks at exactly those steps (not at 0.5, 1.5, …). */
function integerTicks(rows: readonly Row[]): { ticks?: number[] } {
  let [lo, hi] = [Infinity, -Infinity];
  for (const r of rows) {
    if (!Number.isInteger(r.x)) return {};
    [lo, hi] = [Math.min(lo, r.x), Math.max(hi, r.x)];
  }
  if (hi - lo > 12) return {};
  return { ticks: Array.from({ length: hi - lo + 1 }, (_, i) => lo + i) };
}
