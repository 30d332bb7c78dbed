import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { listNotebooks } from "../../../tools/course.ts";
import { type CodeCell, parseNotebook } from "../../../tools/nbformat.ts";

const ROOT = new URL("../../../", import.meta.url).pathname;
const FIXTURES = `${ROOT}tests/fixtures`;
const FAILING = [
  "error_cell",
  "kernel_exit",
  "never_ending_timer",
  "syntax_error",
  "timer_throws",
  "unhandled_rejection",
];

/** Pids of live processes whose working directory is `dir` and that run `needle`. */
function processesIn(dir: string, needle: string): number[] {
  const pids: number[] = [];
  for (const e of Deno.readDirSync("/proc")) {
    if (!/^\d+$/.test(e.name)) continue;
    try {
      const cmd = Deno.readTextFileSync(`/proc/${e.name}/cmdline`).replaceAll("\0", " ");
      const stat = Deno.readTextFileSync(`/proc/${e.name}/stat`);
      if (/^\d+ \(.*\) Z/.test(stat)) continue; // a zombie is dead
      if (cmd.includes(needle) && Deno.readLinkSync(`/proc/${e.name}/cwd`) === dir) {
        pids.push(Number(e.name));
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return pids;
}

/** The code cells of the executed notebook `name` in `out`, as output types. */
async function outputTypes(out: string, name: string): Promise<string[][]> {
  const nb = parseNotebook(await Deno.readTextFile(`${out}/notebooks/${name}.ipynb`));
  return nb.cells
    .filter((c): c is CodeCell => c.cell_type === "code")
    .map((c) => c.outputs.map((o) => o.output_type));
}

Deno.test({
  name: "course: every failure is run past, reported, written and shown on the site",
  // The kernels' sockets and processes are the subprocess's; nothing leaks here.
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "course-fixtures-" });
    const out = await Deno.makeTempDir({ prefix: "course-out-" });
    try {
      for (const n of FAILING) await Deno.copyFile(`${FIXTURES}/${n}.ipynb`, `${dir}/${n}.ipynb`);
      await Deno.writeTextFile(`${dir}/malformed.ipynb`, '{"cells": [{"cell_type": "code", ');
      const ok = JSON.parse(await Deno.readTextFile(`${FIXTURES}/error_cell.ipynb`));
      ok.cells = ok.cells.slice(0, 2); // the first, passing cell only
      await Deno.writeTextFile(`${dir}/zz_passes.ipynb`, JSON.stringify(ok));
      await Deno.mkdir(`${out}/site`, { recursive: true });
      await Deno.writeTextFile(`${out}/site/old_page.html`, "<p>from an earlier run</p>");

      const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
        args: ["run", "--allow-all", `${ROOT}tools/course.ts`, "--notebooks", dir, "--out", out]
          .concat(["--timeout", "3", "--grace", "1", "--no-trust"]), // 1 s: a loaded machine can pause a timer
        cwd: ROOT,
        env: { NO_COLOR: "1" },
      }).output();
      const err = new TextDecoder().decode(stderr);
      const log = new TextDecoder().decode(stdout);
      assertEquals(code, 1, err);
      assertEquals(processesIn(dir, "jupyter --kernel"), [], "a kernel outlived the run");
      assert(!err.includes("\x1b["), "no ANSI codes in the report");

      // Every notebook ran (the timeout and the malformed file stopped nothing).
      assertMatch(log, /zz_passes\.ipynb .* passed\n/);
      assertMatch(log, /never_ending_timer\.ipynb .*FAILED \(timed out at cell 3\)/);
      assertStringIncludes(err, "7 of 8 notebooks failed:");
      for (
        const line of [
          "error_cell.ipynb: failed at cell 3 — RangeError: fixture failure in rnn",
          "kernel_exit.ipynb: kernel exited at cell 3 — KernelExitError: the kernel exited with code 1",
          "malformed.ipynb: not a valid notebook",
          "never_ending_timer.ipynb: timed out at cell 3 — CellTimeoutError: timed out after 3 s",
          "syntax_error.ipynb: failed at cell 3 — SyntaxError: Expression expected (line 2, column 16 of the cell)",
          "timer_throws.ipynb: failed at cell 3 — TypeError: thrown inside a timer",
          "unhandled_rejection.ipynb: failed at cell 2 — RangeError: rejected and never handled",
        ]
      ) assertStringIncludes(err, line);
      assertStringIncludes(
        err,
        "FAILED error_cell.ipynb, cell 3 (code cell 2), first line: const layer",
      );
      assertMatch(err, /malformed\.ipynb: not valid JSON/);

      // Executed notebooks: outputs up to the failure, the error in the failing cell.
      assertEquals(await outputTypes(out, "error_cell"), [["stream"], ["error"], []]);
      assertEquals(await outputTypes(out, "syntax_error"), [["stream"], ["error"], []]);
      // "about to exit" may or may not leave the kernel before it exits.
      const exit = await outputTypes(out, "kernel_exit");
      assertEquals([exit[0], exit[1].at(-1), exit[2]], [["stream"], "error", []]);
      const timer = await outputTypes(out, "never_ending_timer");
      assertEquals([timer[0], timer[1].at(-1), timer[2]], [["stream"], "error", []]);
      assert(timer[1].includes("stream"), "the timer's output so far is kept");
      await assertRejects(() => Deno.stat(`${out}/notebooks/malformed.ipynb`));

      // The site: statuses in the index, the failed cell marked, no stale page.
      const index = await Deno.readTextFile(`${out}/site/index.html`);
      assertStringIncludes(index, '<span class="status failed">timed out at cell 3</span>');
      assertStringIncludes(index, '<span class="status failed">not a valid notebook</span>');
      assertStringIncludes(index, '<span class="status passed">passed</span>');
      const page = await Deno.readTextFile(`${out}/site/never_ending_timer.html`);
      assertStringIncludes(page, '<section id="cell-3" class="cell code failed">');
      assertStringIncludes(page, "When the course was last run: timed out at cell 3.");
      assertStringIncludes(page, '<a href="#cell-3">cell 3</a>: CellTimeoutError: timed out');
      await assertRejects(() => Deno.stat(`${out}/site/old_page.html`));
    } finally {
      await Deno.remove(dir, { recursive: true });
      await Deno.remove(out, { recursive: true });
    }
  },
});

Deno.test("course: notebooks are selected by name or prefix, in name order", async () => {
  const all = (await listNotebooks(FIXTURES)).map((p) => p.split("/").at(-1));
  assertEquals(all, [...all].sort());
  assert(all.includes("error_cell.ipynb") && all.includes("many_outputs.ipynb"));
  assertEquals((await listNotebooks(FIXTURES, ["many"])).length, 2);
  assertEquals((await listNotebooks(FIXTURES, ["many_outputs"])).length, 1);
  assertEquals((await listNotebooks(FIXTURES, ["error_cell.ipynb"])).length, 1);
  await assertRejects(() => listNotebooks(FIXTURES, ["zz"]), Error, 'No notebook matches "zz"');
});
