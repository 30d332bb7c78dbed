/**
 * The subset of nbformat 4.5 the course runner reads and writes.
 *
 * @module
 */

/** A MIME bundle: MIME type → content (string, or a JSON value for `application/json`). */
export type MimeBundle = Record<string, unknown>;

/** `print`/`console.log` text (`stdout`) or `console.error` text (`stderr`). */
export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: string;
}

/** A rich output sent with `display(…)`. */
export interface DisplayDataOutput {
  output_type: "display_data";
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** The value of a cell's last expression. */
export interface ExecuteResultOutput {
  output_type: "execute_result";
  execution_count: number | null;
  data: MimeBundle;
  metadata: Record<string, unknown>;
}

/** An exception raised by a cell. */
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

/** Any nbformat 4 output. */
export type Output = StreamOutput | DisplayDataOutput | ExecuteResultOutput | ErrorOutput;

/** A code cell. */
export interface CodeCell {
  cell_type: "code";
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  execution_count: number | null;
  outputs: Output[];
}

/** A markdown or raw cell. */
export interface TextCell {
  cell_type: "markdown" | "raw";
  id?: string;
  source: string | string[];
  metadata: Record<string, unknown>;
  attachments?: Record<string, MimeBundle>;
}

/** Any cell. */
export type Cell = CodeCell | TextCell;

/** A whole notebook. */
export interface Notebook {
  nbformat: number;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: Cell[];
}

/** A cell's source as one string (nbformat allows a list of lines). */
export function sourceText(cell: Cell): string {
  return Array.isArray(cell.source) ? cell.source.join("") : cell.source;
}

/**
 * Parses notebook JSON and checks the parts the runner relies on.
 * `name` is used in error messages.
 */
export function parseNotebook(json: string, name = "notebook"): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(json);
  } catch (e) {
    throw new Error(`${name}: not valid JSON (${(e as Error).message})`);
  }
  if (nb?.nbformat !== 4) {
    throw new Error(`${name}: expected nbformat 4, got ${JSON.stringify(nb?.nbformat)}`);
  }
  if (!Array.isArray(nb.cells)) throw new Error(`${name}: "cells" is not an array`);
  for (const [i, cell] of nb.cells.entries()) {
    if (!["code", "markdown", "raw"].includes(cell.cell_type)) {
      throw new Error(`${name}: cell ${i} has unknown cell_type ${JSON.stringify(cell.cell_type)}`);
    }
  }
  return nb;
}

/** Reads and parses the notebook at `path`. */
export async function readNotebook(path: string): Promise<Notebook> {
  return parseNotebook(await Deno.readTextFile(path), path);
}

/**
 * A deep copy of `nb` upgraded to nbformat 4.5: every cell has an `id`, every code cell
 * has `outputs` and `execution_count`.
 */
export function normalizeNotebook(nb: Notebook): Notebook {
  const copy: Notebook = structuredClone(nb);
  copy.nbformat_minor = Math.max(copy.nbformat_minor ?? 0, 5);
  const used = new Set<string>();
  for (const cell of copy.cells) {
    cell.metadata ??= {};
    // Cell ids: 1-64 chars of [a-zA-Z0-9-_], unique in the notebook.
    if (!cell.id || used.has(cell.id) || !/^[a-zA-Z0-9-_]{1,64}$/.test(cell.id)) {
      cell.id = crypto.randomUUID().slice(0, 8);
    }
    used.add(cell.id);
    if (cell.cell_type === "code") {
      cell.outputs ??= [];
      cell.execution_count ??= null;
    }
  }
  return copy;
}

/** Serializes like Jupyter does: one-space indentation and a final newline. */
export function stringifyNotebook(nb: Notebook): string {
  return JSON.stringify(nb, null, 1) + "\n";
}

/** Removes ANSI escape sequences (colours) from `text`. */
export function stripAnsi(text: string): string {
  // deno-lint-ignore no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
}
