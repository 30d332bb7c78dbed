/**
 * The results table of the reproduction: one row per model or combination,
 * validation and test perplexity, beside reference figures where there are
 * some, as Markdown (for files and notebooks) or aligned text (for a
 * terminal).
 *
 * @module
 */

import { type Displayable, JUPYTER_DISPLAY } from "../viz/display.ts";
import type { WerRow } from "./wer_experiment.ts";

/** One row of the table. */
export interface PerplexityRow {
  /** What was measured, e.g. "RNN-100 + KN5 (λ = 0.75)". */
  readonly model: string;
  /** Validation perplexity (null: not measured). */
  readonly valid: number | null;
  /** Test perplexity (null: not measured). */
  readonly test: number | null;
  /** The reference's validation perplexity, if any. */
  readonly referenceValid?: number | null;
  /** The reference's test perplexity, if any. */
  readonly referenceTest?: number | null;
  /** A short remark (weights, λ, how it was tuned). */
  readonly note?: string;
}

const HEADERS = ["model", "valid", "test", "ref. valid", "ref. test", "valid vs ref.", "note"];

/** The cells of a row as strings; ratio is valid / reference valid. */
function cells(row: PerplexityRow): string[] {
  const num = (x: number | null | undefined) => x === null || x === undefined ? "—" : x.toFixed(1);
  const ratio = row.valid !== null && row.referenceValid
    ? `${row.valid <= row.referenceValid ? "" : "+"}${
      (100 * (row.valid / row.referenceValid - 1)).toFixed(1)
    } %`
    : "—";
  return [
    row.model,
    num(row.valid),
    num(row.test),
    num(row.referenceValid),
    num(row.referenceTest),
    ratio,
    row.note ?? "",
  ];
}

/**
 * The rows as a Markdown table.
 *
 * @example
 * ```ts
 * import { markdownTable } from "./paper_table.ts";
 * const text = markdownTable([{ model: "KN5", valid: 206.03, test: 238.17, referenceValid: 206.5 }]);
 * console.assert(text.includes("| KN5 | 206.0 | 238.2 | 206.5 | — | -0.2 % |"));
 * ```
 */
export function markdownTable(rows: readonly PerplexityRow[]): string {
  const lines = [
    `| ${HEADERS.join(" | ")} |`,
    `| ${HEADERS.map((_, i) => i === 0 || i === 6 ? "---" : "---:").join(" | ")} |`,
  ];
  for (const row of rows) lines.push(`| ${cells(row).join(" | ")} |`);
  return lines.join("\n");
}

/**
 * The rows as aligned plain text, for a terminal.
 *
 * @example
 * ```ts
 * import { textTable } from "./paper_table.ts";
 * const text = textTable([{ model: "RNN-100", valid: 178.4, test: 196.4 }]);
 * console.assert(text.split("\n").length === 3 && text.includes("178.4"));
 * ```
 */
export function textTable(rows: readonly PerplexityRow[]): string {
  const table = [HEADERS, ...rows.map(cells)];
  const widths = HEADERS.map((_, c) => Math.max(...table.map((r) => r[c].length)));
  const line = (r: string[]) =>
    r.map((cell, c) => c === 0 || c === 6 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])).join(
      "  ",
    ).trimEnd();
  return [line(table[0]), widths.map((w) => "-".repeat(w)).join("  "), ...table.slice(1).map(line)]
    .join("\n");
}

/**
 * The simulated WER rows as a Markdown table (`text: true`: aligned text).
 *
 * @example
 * ```ts
 * import { werTable } from "./paper_table.ts";
 * const md = werTable([{ model: "KN5", lmWeight: 1.2, validWer: 0.031, testWer: 0.034 }]);
 * console.assert(md.includes("| KN5 | 1.2 | 3.10 % | 3.40 % |"));
 * ```
 */
export function werTable(rows: readonly WerRow[], options: { text?: boolean } = {}): string {
  const pct = (x: number) => `${(100 * x).toFixed(2)} %`;
  const table = [
    ["rescored with", "LM weight", "valid WER", "test WER"],
    ...rows.map((r) => [r.model, String(r.lmWeight), pct(r.validWer), pct(r.testWer)]),
  ];
  if (!options.text) {
    return [
      `| ${table[0].join(" | ")} |`,
      "| --- | ---: | ---: | ---: |",
      ...table.slice(1).map((r) => `| ${r.join(" | ")} |`),
    ].join("\n");
  }
  const widths = table[0].map((_, c) => Math.max(...table.map((r) => r[c].length)));
  return table.map((r) =>
    r.map((cell, c) => c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])).join("  ")
  ).join("\n");
}

/**
 * Markdown for a notebook (`text/markdown`), with a plain-text fallback.
 *
 * @example
 * ```ts
 * import { markdownDisplay } from "./paper_table.ts";
 * import { bundleOf } from "../viz/display.ts";
 * console.assert(bundleOf(markdownDisplay("**hi**"))["text/markdown"] === "**hi**");
 * ```
 */
export function markdownDisplay(markdown: string, plain = markdown): Displayable {
  return { [JUPYTER_DISPLAY]: () => ({ "text/plain": plain, "text/markdown": markdown }) };
}
