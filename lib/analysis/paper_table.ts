/**
 * The results table of the reproduction: one row per model or combination,
 * validation and test perplexity, beside reference figures where there are
 * some, as Markdown (for files and notebooks) or aligned text (for a
 * terminal).
 *
 * @module
 */

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
