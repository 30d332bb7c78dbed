import { assertEquals, assertMatch } from "@std/assert";
import { liveDisplayProblems } from "../../../tools/kernel/queued.ts";
import { CellRecord } from "../../../tools/kernel/router.ts";
import { liveProblems, runNotebook } from "../../../tools/run_notebook.ts";

const FIXTURES = new URL("../../fixtures/", import.meta.url).pathname;

/** A finished record that ran from 0 to `duration` ms with one display updated at `at` ms. */
function record(
  duration: number,
  at: number[],
  displayId: string | undefined = "progress",
): CellRecord {
  const r = new CellRecord("id", 0, 0);
  [r.busyAt, r.idleAt] = [0, duration];
  at.forEach((t, i) => {
    r.displays.push({
      msgType: i === 0 ? "display_data" : "update_display_data",
      at: t,
      displayId,
    });
  });
  return r;
}

Deno.test("live check: displays must arrive while a long cell runs, not all at its end", () => {
  assertEquals(liveDisplayProblems([record(2000, [100, 600, 1100, 1900])]), []);
  const [late] = liveDisplayProblems([record(2000, [1990, 1995, 1999])]);
  assertMatch(late, /^cell 1: 0 of 3 display updates arrived before the middle of its 2\.0 s run/);
  assertMatch(late, /the first at 100% of it\): the display is not live/);
  // Short cells and cells without displays are not judged.
  assertEquals(liveDisplayProblems([record(500, [499]), record(3000, [])]), []);
  assertEquals(liveDisplayProblems([record(500, [499, 499])], { minDurationMs: 100 }).length, 1);
  // A chart shown once at the end of a long computation is not a live display.
  assertEquals(liveDisplayProblems([record(3000, [2990], "chart")]), []);
});

Deno.test("queued: awaited displays are live and in place; a synchronous loop's are not live", async () => {
  const run = await runNotebook(`${FIXTURES}live_progress.ipynb`, { queued: true, live: true });
  const [awaited, sync] = run.timeline;
  assertEquals([awaited.cellIndex, sync.cellIndex], [1, 2]);
  assertEquals(run.failures.filter((f) => f.cellIndex === 1), []);
  const notLive = run.failures.filter((f) => f.kind === "not-live");
  assertEquals(notLive.map((f) => [f.cellIndex, f.ename]), [[2, "DisplayNotLive"]]);
  assertEquals(awaited.record.displays.length, 9);
  const problems = liveProblems(run);
  assertEquals(problems.length, 1, problems.join("\n"));
  assertMatch(
    problems[0],
    /^live_progress\.ipynb, cell 3: \d of 9 display updates arrived before/,
  );
  // All nine updates arrived, in order, and the display shows the last one.
  const shown = awaited.record.outputs[0];
  if (shown?.output_type !== "display_data") throw new Error(`not a display: ${shown}`);
  assertEquals(shown.data["text/plain"], "awaited: step 8 of 8");
});

Deno.test("queued: output from another cell and output after the last cell are failures", async () => {
  const run = await runNotebook(`${FIXTURES}misplaced_outputs.ipynb`, { queued: true });
  const found = run.failures.map((f) => `${f.kind} at cell ${f.cellIndex + 1}: ${f.evalue}`);
  const foreign = found.find((f) => f.startsWith("foreign-output at cell 3: "));
  assertMatch(
    foreign ?? found.join("\n"),
    /execute_result \(text\/plain\) "'a late result of execution 1'" is the result of execution 1, not of this cell \(execution 2\)/,
  );
  const stray = found.find((f) => f.startsWith("stray-output at cell 4: "));
  assertMatch(
    stray ?? found.join("\n"),
    /stream stdout "printed after the last cell finished\\n" arrived after the last cell had finished/,
  );
});
