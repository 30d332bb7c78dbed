/**
 * The runner against the kernel's output races, repeated (too slow for `deno task test`):
 * sequential runs lose nothing, and queued runs ("Run All") report every output that
 * lands late or under another cell.
 */

import { assert, assertEquals } from "@std/assert";
import type { CodeCell, Notebook } from "../../tools/nbformat.ts";
import { formatFailure, runNotebook } from "../../tools/run_notebook.ts";

const FIXTURES = new URL("../fixtures/", import.meta.url).pathname;
const RUNS = 5;

const codeCells = (nb: Notebook) => nb.cells.filter((c): c is CodeCell => c.cell_type === "code");

Deno.test("kernel race: no output is lost in repeated sequential runs of a 15-cell notebook", async () => {
  const queue = Array.from({ length: RUNS }, (_, i) => i);
  // Two kernels at a time: the race is about load.
  await Promise.all([0, 1].map(async () => {
    for (let r; (r = queue.shift()) !== undefined;) {
      const run = await runNotebook(`${FIXTURES}many_outputs.ipynb`);
      assertEquals(run.failures.map(formatFailure), [], `run ${r}`);
      for (const [i, cell] of codeCells(run.notebook).entries()) {
        const kinds = cell.outputs.map((o) => o.output_type);
        assertEquals(kinds, cell.metadata.expected_outputs, `run ${r}, code cell ${i}`);
      }
    }
  }));
});

Deno.test("kernel race: queued like Run All, every misplaced chart result is reported", async () => {
  let misplaced = 0;
  for (let r = 0; r < 3; r++) {
    const run = await runNotebook(`${FIXTURES}many_charts.ipynb`, { queued: true });
    const charts = codeCells(run.notebook).slice(1); // after the cell that defines chart()
    assertEquals(charts.length, 20);
    const reportedAt = (cell: CodeCell) =>
      run.failures.some((f) => f.cellIndex === run.notebook.cells.indexOf(cell));
    for (const [i, cell] of charts.entries()) {
      const results = cell.outputs.filter((o) => o.output_type === "execute_result");
      const foreign = results.filter((o) => o.execution_count !== cell.execution_count);
      // A result under the wrong cell is reported at that cell...
      if (foreign.length > 0) {
        misplaced += foreign.length;
        assert(reportedAt(cell), `run ${r}, chart cell ${i + 1}: foreign result not reported`);
      }
      // ...and a cell whose result is missing finds it reported under another cell.
      if (results.length === foreign.length) {
        const home = charts.find((c) =>
          c !== cell &&
          c.outputs.some((o) =>
            o.output_type === "execute_result" && o.execution_count === cell.execution_count
          )
        );
        assert(home && reportedAt(home), `run ${r}, chart cell ${i + 1}: lost result`);
      }
    }
    for (const f of run.failures) assert(f.kind.endsWith("-output"), formatFailure(f));
  }
  console.log(`chart results under another cell in 3 queued runs of 20 cells: ${misplaced}`);
});
