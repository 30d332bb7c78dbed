/**
 * Type-checks a notebook: `deno check` does not read `.ipynb`, so the code cells are
 * joined into one TypeScript module (relative imports made absolute) and checked.
 *
 * @module
 */

import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type Notebook, readNotebook, sourceText } from "./nbformat.ts";

/**
 * The code cells of `nb` as one module. Each cell ends with a newline and a lone `;`, so a
 * cell ending in an expression cannot run into the next cell's first line. Relative
 * import specifiers are resolved against `notebookDir`.
 *
 * @example
 * ```ts
 * const nb = { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [
 *   { cell_type: "code" as const, metadata: {}, execution_count: null, outputs: [], source: "1 + 1" },
 * ] };
 * console.log(notebookAsModule(nb, "/course/notebooks")); // "// cell 0\n1 + 1\n;\n"
 * ```
 */
export function notebookAsModule(nb: Notebook, notebookDir: string): string {
  const base = pathToFileURL(resolve(notebookDir) + "/");
  const absolute = (spec: string) => new URL(spec, base).href;
  return nb.cells.map((cell, i) => {
    if (cell.cell_type !== "code") return "";
    const code = sourceText(cell).replace(
      /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*)\2/g,
      (_, kw, q, spec) => `${kw}${q}${absolute(spec)}${q}`,
    );
    return `// cell ${i}\n${code.trimEnd()}\n;\n`;
  }).join("");
}

/** The outcome of {@link checkNotebook}: `ok`, and deno check's output with ANSI removed. */
export interface NotebookCheck {
  ok: boolean;
  output: string;
  /** The module that was checked (line numbers in `output` refer to it). */
  module: string;
}

/**
 * Runs `deno check` on the notebook at `path` with the repository's `config` (deno.json),
 * through a temporary module outside the repository.
 */
export async function checkNotebook(path: string, config: string): Promise<NotebookCheck> {
  const [result] = await checkNotebooks([path], config);
  return result;
}

/**
 * {@link checkNotebook} for several notebooks in one `deno check` run, so the engine they
 * share is type-checked once. When the run fails, each notebook is checked alone to tell
 * which one holds the error.
 */
export async function checkNotebooks(
  paths: readonly string[],
  config: string,
): Promise<NotebookCheck[]> {
  const modules = await Promise.all(
    paths.map(async (path) => notebookAsModule(await readNotebook(path), dirname(path))),
  );
  const dir = await Deno.makeTempDir({ prefix: "notebook-check-" });
  try {
    const files = paths.map((_, i) => join(dir, `notebook_${i}.ts`));
    await Promise.all(files.map((file, i) => Deno.writeTextFile(file, modules[i])));
    const all = await denoCheck(files, config);
    if (all.success || paths.length === 1) {
      return paths.map((path, i) => ({
        ok: all.success,
        output: locateInCells(all.text, files[i], modules[i], path),
        module: modules[i],
      }));
    }
    const alone = await Promise.all(files.map((file) => denoCheck([file], config)));
    return paths.map((path, i) => ({
      ok: alone[i].success,
      output: locateInCells(alone[i].text, files[i], modules[i], path),
      module: modules[i],
    }));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

async function denoCheck(
  files: string[],
  config: string,
): Promise<{ success: boolean; text: string }> {
  const { success, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["check", "--quiet", "--config", config, ...files],
    cwd: dirname(config),
    env: { NO_COLOR: "1" },
  }).output();
  const text = new TextDecoder().decode(stdout) + new TextDecoder().decode(stderr);
  return { success, text: text.trim() };
}

/** Rewrites `file:LINE:COL` in deno's output as `notebook, cell C line L`. */
function locateInCells(output: string, file: string, module: string, notebook: string): string {
  // For each module line: the cell it belongs to and its line within the cell.
  const where: [number, number][] = [];
  let cell = -1;
  let line = 0;
  for (const text of module.split("\n")) {
    const marker = /^\/\/ cell (\d+)$/.exec(text);
    if (marker) [cell, line] = [Number(marker[1]), 0];
    where.push([cell, line++]);
  }
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return output.replace(new RegExp(`(?:file://)?${escaped}:(\\d+):(\\d+)`, "g"), (all, l, c) => {
    const [cellIndex, cellLine] = where[Number(l) - 1] ?? [-1, 0];
    return cellIndex < 0 ? all : `${notebook}, cell ${cellIndex} line ${cellLine}:${c}`;
  });
}
