/**
 * Bar charts: one value per label (accuracy of a model vs a baseline), or
 * grouped bars when each label has a value per group (RNN vs LSTM per task).
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

/** One bar. */
export interface Bar {
  /** Category on the x axis, e.g. `"bigram baseline"`. */
  label: string;
  /** Height of the bar. */
  value: number;
  /** Grouped bars: bars with the same label are drawn side by side, coloured by group. */
  group?: string;
}

/** Options of {@linkcode barChart}. */
export interface BarChartOptions extends ChartOptions {
  /** The bars, in drawing order; or `{ label: value }`. */
  bars: readonly Bar[] | Record<string, number>;
  /** Label of the value axis, with units, e.g. `"accuracy (%)"`. Required. */
  y: string;
  /** Label of the category axis. Default none. */
  x?: string;
  /** Fixed value range, e.g. `[0, 100]`. Default from 0 to the largest value. */
  yDomain?: [number, number];
  /** Print each value above its bar. Default true. */
  showValues?: boolean;
  /** How values are printed. Default up to 3 significant digits. */
  format?: (value: number) => string;
}

/**
 * A bar chart; returns a displayable {@linkcode Figure}.
 *
 * Throws on no bars, non-finite values, or a repeated label (or label and group).
 *
 * @example
 * ```ts
 * import { barChart } from "./bar_chart.ts";
 * const fig = barChart({
 *   title: "Next-character accuracy",
 *   y: "accuracy (%)",
 *   bars: { "unigram": 16.1, "bigram": 27.4, "RNN": 48.9 },
 * });
 * console.assert(fig.markup.includes("accuracy (%)"));
 * ```
 */
export function barChart(options: BarChartOptions): Figure {
  const title = checkTitle("barChart", options.title);
  if (typeof options.y !== "string") {
    throw new TypeError(`barChart needs a value axis label (option y), got ${String(options.y)}`);
  }
  checkPixels("barChart", "width", options.width);
  checkPixels("barChart", "height", options.height);
  const bars = barsOf(options.bars);
  const grouped = bars.some((b) => b.group !== undefined);
  const seen = new Set<string>();
  for (const [k, b] of bars.entries()) {
    if (typeof b?.label !== "string") {
      throw new TypeError(`barChart bar ${k} needs a string label, got ${JSON.stringify(b)}`);
    }
    checkFinite(`barChart value of "${b.label}"`, b.value);
    if (grouped && b.group === undefined) {
      throw new TypeError(`barChart bar "${b.label}" has no group while others do`);
    }
    const key = `${b.label}\u0000${b.group ?? ""}`;
    if (seen.has(key)) {
      throw new TypeError(
        `barChart has two bars "${b.label}"${grouped ? ` in group "${b.group}"` : ""}`,
      );
    }
    seen.add(key);
  }
  const labels = [...new Set(bars.map((b) => b.label))];
  const groups = [...new Set(bars.map((b) => b.group ?? ""))];
  const format = options.format ?? ((v: number) => String(Number(v.toPrecision(3))));
  const position = grouped ? { fx: "label", x: "group" } : { x: "label" };
  const fill = grouped ? "group" : FIRST_COLOR;

  const marks: Plot.Markish[] = [
    Plot.barY(bars, { ...position, y: "value", fill }),
    Plot.ruleY([0]),
  ];
  if (options.showValues ?? true) {
    // Above positive bars, below negative ones.
    for (const sign of [1, -1]) {
      const some = bars.filter((b) => (sign > 0 ? b.value >= 0 : b.value < 0));
      marks.push(
        Plot.text(some, {
          ...position,
          y: "value",
          text: (b: Bar) => format(b.value),
          dy: sign > 0 ? -7 : 7,
        }),
      );
    }
  }
  const longest = labels.reduce((m, s) => Math.max(m, s.length), 0);
  const slots = grouped ? labels.length * groups.length : labels.length;
  // Every bar needs room for its printed value (≈ 6.5 px per character at 10 px), so that the
  // values of neighbouring bars never run together; a grouped label spreads over its groups.
  const valueWidth = Math.max(...bars.map((b) => format(b.value).length)) * 6.5 + 10;
  const slot = Math.max(grouped ? (longest * 7) / groups.length : longest * 7, valueWidth, 24);
  return render({ ...options, title }, {
    width: options.width ?? Math.min(960, Math.max(320, 90 + slots * slot)),
    height: options.height ?? 320,
    marginTop: 24,
    // Room for the category axis label under the tick labels.
    marginBottom: options.x ? 48 : 30,
    y: {
      label: options.y,
      grid: true,
      nice: true,
      ...(options.yDomain ? { domain: options.yDomain } : {}),
    },
    ...(grouped
      ? {
        fx: { label: options.x ?? null, domain: labels, labelOffset: 40 },
        x: { axis: null, domain: groups },
        color: { legend: true, type: "ordinal", domain: groups, scheme: "observable10" },
      }
      : { x: { label: options.x ?? null, domain: labels, labelOffset: 40 } }),
    marks,
  });
}

function barsOf(bars: BarChartOptions["bars"]): readonly Bar[] {
  const list = Array.isArray(bars)
    ? bars
    : bars !== null && typeof bars === "object"
    ? Object.entries(bars).map(([label, value]) => ({ label, value }))
    : undefined;
  if (list === undefined || list.length === 0) {
    throw new RangeError(
      `barChart needs at least one bar (option bars), got ${JSON.stringify(bars)}`,
    );
  }
  return list;
}
