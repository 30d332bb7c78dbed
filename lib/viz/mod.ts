/**
 * Charts, live progress and source listings for the notebooks: the Jupyter display protocol,
 * Observable Plot charts rendered without a browser, and a training progress
 * display that updates in place.
 *
 * @module
 */

export * from "./display.ts";
export type { ChartOptions } from "./_chart.ts";
export * from "./line_chart.ts";
export * from "./heatmap.ts";
export * from "./bar_chart.ts";
export * from "./grid.ts";
export * from "./progress.ts";
export * from "./source.ts";
export * from "./rnnlm_diagram.ts";
