/**
 * Executes one notebook in a fresh Deno kernel and returns it with all outputs.
 *
 * @module
 */

import { basename, dirname, resolve } from "node:path";
import { CellTimeoutError, KernelClient } from "./kernel/client.ts";
import {
  type CodeCell,
  normalizeNotebook,
  type Notebook,
  readNotebook,
  sourceText,
  stripAnsi,
} from "./nbformat.ts";

/** Options for {@link runNotebook}. */
export interface RunOptions {
  /** Per-cell time limit in milliseconds. Default 120 000. */
  timeoutMs?: number;
  /** iopub silence that ends a cell after reply and idle, in milliseconds. Default 300. */
  graceMs?: number;
  /** Called after each code cell, e.g. for progress output. */
  onCell?: (index: number, cell: CodeCell) => void;
}

/** Where and why a notebook failed. */
export interface CellFailure {
  /** Notebook file name, e.g. `03_hello_char_lm.ipynb`. */
  notebook: string;
  /** Index of the failing cell among all cells (0-based). */
  cellIndex: number;
  /** First non-empty line of the cell's source. */
  firstLine: string;
  ename: string;
  evalue: string;
  /** Traceback lines without ANSI colours. */
  traceback: string[];
}

/** The outcome of running one notebook. */
export interface NotebookRun {
  /** File name, e.g. `03_hello_char_lm.ipynb`. */
  name: string;
  path: string;
  /** The executed notebook (nbformat 4.5); on failure, executed up to the failing cell. */
  notebook: Notebook;
  seconds: number;
  /** Code cells executed (including a failing one). */
  cells: number;
  /** Outputs produced. */
  outputs: number;
  failure?: CellFailure;
}

function firstLine(source: string): string {
  return source.split("\n").find((l) => l.trim() !== "")?.trim() ?? "";
}

/**
 * Runs every code cell of the notebook at `path` in order, in a kernel started in the
 * notebook's folder; stops at the first failing cell. The kernel is always shut down.
 */
export async function runNotebook(path: string, options: RunOptions = {}): Promise<NotebookRun> {
  const name = basename(path);
  const started = performance.now();
  const notebook = normalizeNotebook(await readNotebook(path));
  for (const cell of notebook.cells) {
    if (cell.cell_type === "code") {
      cell.outputs = [];
      cell.execution_count = null;
    }
  }
  const run: NotebookRun = { name, path, notebook, seconds: 0, cells: 0, outputs: 0 };
  const fail = (
    cellIndex: number,
    source: string,
    e: Omit<CellFailure, "notebook" | "cellIndex" | "firstLine">,
  ) => {
    run.failure = { notebook: name, cellIndex, firstLine: firstLine(source), ...e };
  };
  let kernel: KernelClient | null = null;
  try {
    kernel = await KernelClient.start({ cwd: dirname(resolve(path)) });
    for (const [index, cell] of notebook.cells.entries()) {
      if (cell.cell_type !== "code") continue;
      const source = sourceText(cell);
      if (source.trim() === "") continue; // as nbclient: empty cells are not executed
      run.cells++;
      try {
        const result = await kernel.execute(source, options);
        cell.outputs = result.outputs;
        cell.execution_count = result.executionCount;
        options.onCell?.(index, cell);
        if (result.error) {
          fail(index, source, result.error);
          break;
        }
      } catch (e) {
        const err = e as Error;
        fail(index, source, {
          ename: e instanceof CellTimeoutError ? "CellTimeoutError" : err.name,
          evalue: err.message,
          traceback: [],
        });
        break;
      }
    }
  } catch (e) {
    // The kernel did not start.
    const err = e as Error;
    fail(-1, "", { ename: err.name, evalue: err.message, traceback: [] });
  } finally {
    await kernel?.shutdown();
  }
  run.outputs = notebook.cells.reduce(
    (n, c) => n + (c.cell_type === "code" ? c.outputs.length : 0),
    0,
  );
  run.seconds = (performance.now() - started) / 1000;
  return run;
}

/** A human-readable report of `failure`: notebook, cell, error and traceback. */
export function formatFailure(failure: CellFailure): string {
  const where = failure.cellIndex < 0
    ? `${failure.notebook}: the kernel did not start`
    : `${failure.notebook}, cell ${failure.cellIndex} (0-based), first line: ${failure.firstLine}`;
  const lines = [`FAILED ${where}`, `${failure.ename}: ${failure.evalue}`];
  const tb = failure.traceback.map(stripAnsi).join("\n").split("\n");
  // The kernel's traceback usually repeats "ename: evalue" as its first line.
  const body = tb[0]?.startsWith(`${failure.ename}: `) ? tb.slice(1) : tb;
  for (const line of body) if (line.trim() !== "") lines.push(`  ${line}`);
  return lines.join("\n");
}
