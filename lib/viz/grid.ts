/**
 * Small multiples: several charts side by side in one figure, each with its
 * own scales (e.g. the four LSTM gate heatmaps, or loss and gradient norm).
 * For curves that should share one y scale, use `lineChart` with a `panel`
 * per series instead.
 *
 * @module
 */

import { Figure } from "./display.ts";
import { checkTitle } from "./_chart.ts";

/** Options of {@linkcode grid}. */
export interface GridOptions {
  /** Title above the grid. Required. */
  title: string;
  /** Charts per row. Default 2 (or fewer when there are fewer charts). */
  columns?: number;
  /** Pixels between charts. Default 12. */
  gap?: number;
}

const SVG_NS = "http://www.w3.org/2000/svg";

function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Lays out `figures` row by row in one SVG figure under `title`; returns a
 * displayable {@linkcode Figure} (shown as `image/svg+xml`).
 *
 * Each chart keeps its own title, legend and scales. Give the charts a smaller
 * `width` (e.g. 320) so the grid stays readable when scaled to the page.
 *
 * @example
 * ```ts
 * import { grid } from "./grid.ts";
 * import { lineChart } from "./line_chart.ts";
 * const a = lineChart({ title: "Loss", y: "loss", values: [3, 2, 1.5], width: 320 });
 * const b = lineChart({ title: "Gradient norm", y: "‖g‖", values: [5, 3, 4], width: 320 });
 * const fig = grid([a, b], { title: "Training" });
 * console.assert(fig.kind === "svg");
 * ```
 */
export function grid(figures: readonly Figure[], options: GridOptions): Figure {
  const title = checkTitle("grid", options.title);
  if (!Array.isArray(figures) || figures.length === 0) {
    throw new RangeError(`grid needs at least one figure, got ${figures?.length ?? figures}`);
  }
  figures.forEach((f, k) => {
    if (!(f instanceof Figure)) {
      throw new TypeError(`grid figure ${k} must be a Figure (from a chart), got ${String(f)}`);
    }
  });
  const columns = options.columns ?? Math.min(2, figures.length);
  if (!Number.isInteger(columns) || columns < 1) {
    throw new RangeError(`grid columns must be a positive integer, got ${columns}`);
  }
  const gap = options.gap ?? 12;
  const svgs = figures.map((f) => {
    const svg = f.toSvg();
    const open = svg.match(/^<svg[^>]*>/)![0];
    const width = Number(open.match(/\swidth="([\d.]+)"/)?.[1]);
    const height = Number(open.match(/\sheight="([\d.]+)"/)?.[1]);
    return { svg, width, height };
  });
  // Column widths and row heights from the largest chart in each.
  const colWidth = Array.from(
    { length: columns },
    (_, c) => Math.max(0, ...svgs.filter((_, k) => k % columns === c).map((s) => s.width)),
  );
  const rowCount = Math.ceil(svgs.length / columns);
  const rowHeight = Array.from(
    { length: rowCount },
    (_, r) => Math.max(0, ...svgs.slice(r * columns, (r + 1) * columns).map((s) => s.height)),
  );
  const top = 34;
  const parts = svgs.map((s, k) => {
    const [r, c] = [Math.floor(k / columns), k % columns];
    const x = colWidth.slice(0, c).reduce((a, b) => a + b + gap, 0);
    const y = top + rowHeight.slice(0, r).reduce((a, b) => a + b + gap, 0);
    return s.svg.replace(/^<svg/, `<svg x="${x}" y="${y}"`);
  });
  const width = Math.ceil(colWidth.reduce((a, b) => a + b, 0) + gap * (columns - 1));
  const height = Math.ceil(top + rowHeight.reduce((a, b) => a + b, 0) + gap * (rowCount - 1));
  const markup = `<svg xmlns="${SVG_NS}" width="${width}" height="${height}" ` +
    `viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif">` +
    `<rect width="${width}" height="${height}" fill="white"/>` +
    `<text x="10" y="24" font-size="20" font-weight="bold">${escapeXml(title)}</text>` +
    parts.join("") + `</svg>`;
  return new Figure(markup, title);
}
