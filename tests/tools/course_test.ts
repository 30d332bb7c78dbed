import {
  assert,
  assertEquals,
  assertMatch,
  assertRejects,
  assertStringIncludes,
} from "@std/assert";
import { listNotebooks } from "../../tools/course.ts";
import { parseNotebook } from "../../tools/nbformat.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const FIXTURES = `${ROOT}tests/fixtures`;

Deno.test("course: a failing cell is reported with notebook, cell and error; exit code is 1", async () => {
  const out = await Deno.makeTempDir({ prefix: "course-test-" });
  try {
    const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--allow-all",
        `${ROOT}tools/course.ts`,
        "error_cell",
        "--notebooks",
        FIXTURES,
        "--out",
        out,
        "--no-site",
      ],
      cwd: ROOT,
      env: { NO_COLOR: "1" },
    }).output();
    const err = new TextDecoder().decode(stderr);
    const log = new TextDecoder().decode(stdout);
    assertEquals(code, 1, err);
    assertMatch(log, /error_cell\.ipynb .*FAILED/);
    assertStringIncludes(err, "error_cell.ipynb, cell 2");
    assertStringIncludes(err, 'const layer = "rnn";');
    assertStringIncludes(err, "RangeError: fixture failure in rnn");
    assert(!err.includes("\x1b["), "no ANSI codes in the report");
    // What ran so far is written: cell 1 has its output, cell 2 its error, cell 3 nothing.
    const nb = parseNotebook(await Deno.readTextFile(`${out}/notebooks/error_cell.ipynb`));
    const code_ = nb.cells.filter((c) => c.cell_type === "code");
    assertEquals(code_.map((c) => c.cell_type === "code" && c.outputs.map((o) => o.output_type)), [
      ["stream"],
      ["error"],
      [],
    ]);
  } finally {
    await Deno.remove(out, { recursive: true });
  }
});

Deno.test("course: notebooks are selected by name or prefix, in name order", async () => {
  const all = await listNotebooks(FIXTURES);
  assertEquals(all.map((p) => p.split("/").at(-1)), ["error_cell.ipynb", "many_outputs.ipynb"]);
  assertEquals((await listNotebooks(FIXTURES, ["many"])).length, 1);
  assertEquals((await listNotebooks(FIXTURES, ["error_cell.ipynb"])).length, 1);
  await assertRejects(() => listNotebooks(FIXTURES, ["zz"]), Error, 'No notebook matches "zz"');
});
