/**
 * The front-end check's report: one line per code cell (error or not, outputs, SVG
 * charts drawn, when display updates arrived) and the problems of a notebook.
 *
 * @module
 */

import { liveDisplayProblems } from "../kernel/queued.ts";
import type { CellRecord } from "../kernel/router.ts";
import type { CellView, DriveResult } from "./drive.ts";

/** When a cell's display messages arrived, as fractions of its run (busy → idle). */
export function displayTiming(record: CellRecord | undefined): string {
  if (!record || record.displays.length === 0) return "no displays";
  if (record.busyAt === undefined || record.idleAt === undefined) {
    return `${record.displays.length} displays`;
  }
  const duration = record.idleAt - record.busyAt;
  const pct = (t: number) => `${Math.round(((t - record.busyAt!) / (duration || 1)) * 100)}%`;
  const first = record.displays[0].at;
  const last = record.displays.at(-1)!.at;
  return `${record.displays.length} displays, first at ${pct(first)}, last at ${pct(last)} of ${
    (duration / 1000).toFixed(1)
  } s`;
}

/** One line per code cell, e.g. `cell 10 [5]  ok     2 outputs  svg 1/1  9 displays, …`. */
export function cellLines(result: DriveResult): string[] {
  const byId = new Map(result.router.records.map((r) => [r.msgId, r]));
  return result.cells.map((c: CellView) => {
    const record = c.msgId ? byId.get(c.msgId) : undefined;
    const state = c.errors.length > 0
      ? "ERROR"
      : c.prompt === "*"
      ? "RUNNING"
      : c.msgId
      ? "ok"
      : "-";
    const parts = [
      `cell ${String(c.index + 1).padStart(2)} [${c.prompt ?? " "}]`.padEnd(14),
      state.padEnd(7),
      `${String(c.outputs).padStart(2)} outputs`,
      c.svgs > 0 ? `svg ${c.drawn}/${c.svgs} drawn` : "no svg",
      displayTiming(record),
    ];
    if (c.errors.length > 0) parts.push(c.errors.join("; "));
    return parts.join("  ");
  });
}

/**
 * Everything wrong with a driven notebook (empty when all is well). `opened`: the
 * notebook was only opened (an executed one), so it must be trusted.
 */
export function notebookProblems(result: DriveResult, timeoutMs: number, opened = false): string[] {
  const problems: string[] = [];
  if (!result.finished) problems.push(`Run All did not finish within ${timeoutMs / 1000} s`);
  if (opened && result.trusted !== true) {
    problems.push("Jupyter does not trust the notebook: its SVG and HTML outputs are not shown");
  }
  const cellOf = new Map(result.cells.map((c) => [c.msgId, c.index]));
  for (const c of result.cells) {
    for (const e of c.errors) problems.push(`cell ${c.index + 1}: ${e}`);
    if (c.drawn < c.svgs) problems.push(`cell ${c.index + 1}: ${c.svgs - c.drawn} SVG not drawn`);
  }
  const lastSent = result.router.records.at(-1);
  for (const p of result.router.problems) {
    const record = result.router.records[p.cell];
    const cell = (cellOf.get(record?.msgId ?? null) ?? -1) + 1;
    // Classic Notebook keeps listening to the last request it sent; other front ends do not.
    const note = p.kind === "late" && record === lastSent
      ? " (shown by classic Notebook, which keeps listening to the last cell it ran; dropped by JupyterLab)"
      : "";
    problems.push(`cell ${cell}: ${p.kind} output: ${p.output} ${p.detail}${note}`);
  }
  problems.push(
    ...liveDisplayProblems(
      result.router.records,
      {},
      (r) => `cell ${(cellOf.get(r.msgId) ?? -1) + 1}`,
    ),
  );
  return problems;
}
