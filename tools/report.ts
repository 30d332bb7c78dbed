/**
 * What went wrong in a notebook run, and how the runner says it: failures, a notebook's
 * status ("passed", "failed at cell N", "timed out at cell N", …) and the report text.
 *
 * Cells are numbered from 1 in file order, counting every cell (markdown too), as a
 * reader counts them when scrolling; code cells are also numbered on their own.
 *
 * @module
 */

import { type ErrorOutput, stripAnsi } from "./nbformat.ts";

/** What kind of failure. */
export type FailureKind =
  | "error"
  | "timeout"
  | "kernel-exit"
  | "late-output"
  | "foreign-output"
  | "stray-output"
  | "not-live"
  | "malformed"
  | "kernel-start";

/** Where and why a notebook failed. */
export interface CellFailure {
  /** Notebook file name, e.g. `03_hello_char_lm.ipynb`. */
  notebook: string;
  kind: FailureKind;
  /** Index of the cell among all cells (0-based); -1 when the failure is not about a cell. */
  cellIndex: number;
  /** Number of the cell among code cells (1-based); 0 when not about a cell. */
  codeCell: number;
  /** First non-empty line of the cell's source. */
  firstLine: string;
  ename: string;
  evalue: string;
  /** Traceback lines without ANSI colours. */
  traceback: string[];
}

/** The first non-empty line of `source`, trimmed. */
export function firstLine(source: string): string {
  return source.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
}

/** "cell 10 (code cell 5)", or "" when the failure is not about a cell. */
export function cellLabel(f: Pick<CellFailure, "cellIndex" | "codeCell">): string {
  return f.cellIndex < 0 ? "" : `cell ${f.cellIndex + 1} (code cell ${f.codeCell})`;
}

/**
 * A notebook's status in one phrase: `passed`, `failed at cell N`, `timed out at cell N`,
 * `kernel exited at cell N`, `misplaced output at cell N`, `display not live at cell N`,
 * `not a valid notebook` or
 * `kernel did not start`.
 */
export function runStatus(failure: CellFailure | undefined): string {
  if (!failure) return "passed";
  const at = ` at cell ${failure.cellIndex + 1}`;
  switch (failure.kind) {
    case "malformed":
      return "not a valid notebook";
    case "kernel-start":
      return "kernel did not start";
    case "timeout":
      return `timed out${at}`;
    case "kernel-exit":
      return `kernel exited${at}`;
    case "not-live":
      return `display not live${at}`;
    case "late-output":
    case "foreign-output":
    case "stray-output":
      return `misplaced output${at}`;
    default:
      return `failed${at}`;
  }
}

/** A human-readable report of `failure`: notebook, cell, error and traceback. */
export function formatFailure(failure: CellFailure): string {
  const where = failure.cellIndex < 0
    ? `${failure.notebook}: ${runStatus(failure)}`
    : `${failure.notebook}, ${cellLabel(failure)}, first line: ${failure.firstLine}`;
  const lines = [`FAILED ${where}`, `${failure.ename}: ${failure.evalue}`];
  const tb = failure.traceback.map(stripAnsi).join("\n").split("\n");
  // The kernel's traceback usually repeats "ename: evalue" as its first line.
  const body = tb[0]?.startsWith(`${failure.ename}: ${failure.evalue}`) ? tb.slice(1) : tb;
  for (const line of body) if (line.trim() !== "") lines.push(`  ${line}`);
  return lines.join("\n");
}

/** The nbformat error output that shows `failure` in its cell. */
export function errorOutput(
  failure: Pick<CellFailure, "ename" | "evalue" | "traceback">,
): ErrorOutput {
  return {
    output_type: "error",
    ename: failure.ename,
    evalue: failure.evalue,
    traceback: [`${failure.ename}: ${failure.evalue}`, ...failure.traceback],
  };
}
