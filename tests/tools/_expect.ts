/**
 * What the tests expect of an executed notebook.
 *
 * The rule for "this cell must show something" is deliberately simple (no parser):
 * a code cell must have at least one output when
 *   1. it calls `console.log(`, `console.error(`, `console.table(` or a `display(` function
 *      (e.g. `Deno.jupyter.display(`, `display(`), or
 *   2. its last code line is a bare name or property path, like `vocab.size;` or `h;`
 *      (a value shown as the cell's result).
 * Charts are checked per notebook: every notebook must show at least one chart.
 */

import type { CodeCell, Notebook, Output } from "../../tools/nbformat.ts";
import { sourceText } from "../../tools/nbformat.ts";
import { protectMath } from "../../tools/site/math.ts";
import { chooseMime, isChartOutput } from "../../tools/site/outputs.ts";

/** Whether `source` (a code cell) must produce at least one output, by the rule above. */
export function mustHaveOutput(source: string): boolean {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").split("\n")
    .map((l) => l.replace(/(^|\s)\/\/.*$/, "").trim()).filter((l) => l !== "");
  if (code.some((l) => /\bconsole\.(log|error|table)\(|\bdisplay\(/.test(l))) return true;
  const last = code.at(-1) ?? "";
  const previous = code.at(-2);
  // A one-line statement: the line before it ended its own statement.
  const startsStatement = previous === undefined || /[;{}]$/.test(previous);
  return startsStatement &&
    /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\[[^\]]+\])*;?$/.test(last) &&
    !/^(break|continue|return|debugger)\b/.test(last);
}

/** The code cells of `nb`. */
export function codeCells(nb: Notebook): CodeCell[] {
  return nb.cells.filter((c): c is CodeCell => c.cell_type === "code");
}

/** Every output of `nb`. */
export function allOutputs(nb: Notebook): Output[] {
  return codeCells(nb).flatMap((c) => c.outputs);
}

/** How many chart outputs `nb` has. */
export function chartCount(nb: Notebook): number {
  return allOutputs(nb).filter(isChartOutput).length;
}

/** How many formulas the site shows for `nb`: markdown cells and text/markdown outputs. */
export function formulaCount(nb: Notebook): number {
  const markdown = nb.cells.filter((c) => c.cell_type === "markdown").map(sourceText);
  for (const o of allOutputs(nb)) {
    if (
      (o.output_type === "display_data" || o.output_type === "execute_result") &&
      chooseMime(o.data) === "text/markdown"
    ) {
      markdown.push(String(o.data["text/markdown"]));
    }
  }
  return markdown.reduce((n, md) => n + protectMath(md).math.length, 0);
}
