/**
 * Runs the whole course once (every notebook in a fresh kernel, into a temporary out
 * folder) the way a Jupyter front end runs it — every cell queued at once as Run All
 * does, every output required under its own cell with no grace period, every progress
 * display updating while its cell runs — and checks the executed notebooks and the site
 * in Chromium. Screenshots go to out/screenshots/.
 */

import { assert, assertEquals } from "@std/assert";
import { type CourseResult, runCourse } from "../../tools/course.ts";
import { sourceText } from "../../tools/nbformat.ts";
import { formatFailure } from "../../tools/run_notebook.ts";
import { checkSiteInBrowser, skipBrowser } from "../tools/_browser.ts";
import { chartCount, codeCells, formulaCount, mustHaveOutput } from "../tools/_expect.ts";
import { uncheckedNumbers } from "./_prose_numbers.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const OUT = await Deno.makeTempDir({ prefix: "course-run-" });
globalThis.addEventListener("unload", () => Deno.removeSync(OUT, { recursive: true }));

let course: Promise<CourseResult> | undefined;
/** One course run shared by the tests of this file. */
const courseRun = () =>
  course ??= runCourse({
    outDir: OUT,
    log: () => {},
    trust: false,
    queued: true,
    live: true,
  });

Deno.test({
  name: "course run: every notebook executes without error, queued like Run All, outputs in place",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const result = await courseRun();
    assert(result.runs.length > 0);
    assertEquals(result.failures.map((r) => formatFailure(r.failure!)), []);
  },
});

Deno.test({
  name: "course run: output cells have outputs, and every notebook shows a chart",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const problems: string[] = [];
    for (const run of (await courseRun()).runs) {
      run.notebook.cells.forEach((cell, i) => {
        if (cell.cell_type !== "code") return;
        const source = sourceText(cell);
        if (mustHaveOutput(source) && cell.outputs.length === 0) {
          problems.push(`${run.name}, cell ${i}: no output from\n${source}`);
        }
        for (const o of cell.outputs) {
          if (o.output_type === "error") {
            problems.push(`${run.name}, cell ${i}: ${o.ename}: ${o.evalue}`);
          }
        }
      });
      assert(codeCells(run.notebook).length > 0, `${run.name} has no code cells`);
      if (chartCount(run.notebook) === 0) problems.push(`${run.name}: no chart output`);
    }
    assertEquals(problems, []);
  },
});

Deno.test({
  name: "course run: every number in the prose was printed by a cell before it",
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const problems = (await courseRun()).runs.flatMap((run) =>
      uncheckedNumbers(run.notebook, run.name).map((u) =>
        `${run.name}, cell ${u.cell}: ${u.text} (…${u.context}…)`
      )
    );
    assertEquals(problems, []);
  },
});

Deno.test({
  name: "course run: every page shows its charts and math in Chromium",
  ignore: skipBrowser(),
  sanitizeOps: false,
  sanitizeResources: false,
  async fn() {
    const { runs } = await courseRun();
    const pages = runs.map((r) => ({
      name: r.name.replace(/\.ipynb$/, ""),
      charts: chartCount(r.notebook),
      formulas: formulaCount(r.notebook),
    }));
    const problems = await checkSiteInBrowser(`${OUT}/site`, pages, `${ROOT}out/screenshots`);
    assertEquals(problems, []);
  },
});
