/**
 * What every chart shares: the server-side document Plot renders into, the
 * title/size options, and input validation with precise messages.
 *
 * @module
 */

import { DOMParser, Plot } from "./_deps.ts";
import { Figure } from "./display.ts";

/**
 * A document for Plot to build elements in: there is no browser here.
 * (`parseHTML` from linkedom fails `deno check`; the DOMParser route does not.)
 */
const document = new DOMParser().parseFromString(
  "<!DOCTYPE html><html><body></body></html>",
  "text/html",
) as unknown as Plot.PlotOptions["document"];

/** Options every chart takes. */
export interface ChartOptions {
  /** Shown above the chart, and as the chart's `text/plain` description. Required. */
  title: string;
  /** A smaller line under the title, e.g. the model or settings compared. */
  subtitle?: string;
  /** A note under the chart, e.g. what to look for. */
  caption?: string;
  /** Width in pixels (the chart scales down to fit narrower outputs). */
  width?: number;
  /** Height in pixels. */
  height?: number;
}

/** The colour of a single series: the first of Plot's "observable10" scheme. */
export const FIRST_COLOR = "#4269d0";

/** Checks the title is a non-empty string (every chart must say what it shows). */
export function checkTitle(chart: string, title: unknown): string {
  if (typeof title !== "string" || title.trim() === "") {
    throw new TypeError(`${chart} needs a non-empty title, got ${JSON.stringify(title)}`);
  }
  return title;
}

/** Checks `value` is a finite number; `where` names it in the error. */
export function checkFinite(where: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${where} must be a finite number, got ${String(value)}`);
  }
  return value;
}

/** Checks an optional size option is a positive number of pixels. */
export function checkPixels(chart: string, name: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    throw new RangeError(
      `${chart} option ${name} must be a positive number of pixels, got ${value}`,
    );
  }
}

/** Renders Plot options with the shared document and wraps the result as a {@linkcode Figure}. */
export function render(options: ChartOptions, plot: Plot.PlotOptions): Figure {
  const element = Plot.plot({
    document,
    title: options.title,
    subtitle: options.subtitle,
    caption: options.caption,
    style: { fontSize: "11px" },
    ...plot,
  }) as unknown as { outerHTML: string };
  return new Figure(element.outerHTML, options.title);
}

export { Plot };
