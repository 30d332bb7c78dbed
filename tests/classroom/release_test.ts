import { assertEquals, assertRejects, assertThrows } from "@std/assert";
import type { CodeCell, Notebook } from "../../tools/nbformat.ts";
import { parseAssignmentArgs } from "../../tools/classroom/assignment.ts";
import { parseGradeArgs } from "../../tools/classroom/grade.ts";
import {
  releaseExercise,
  releaseNotebook,
  selectNotebooks,
  STUB_LINT_LINE,
} from "../../tools/classroom/release.ts";

const notebook: Notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: { kernelspec: { name: "deno" } },
  cells: [
    { cell_type: "markdown", id: "a", metadata: {}, source: ["# Title\n"] },
    {
      cell_type: "code",
      id: "b",
      metadata: { execution: { took: 1 } },
      execution_count: 3,
      outputs: [{ output_type: "stream", name: "stdout", text: "secret output" }],
      source: [
        "const k = 3;\n",
        "// #region solution\n",
        "const answer = k * 2;\n",
        "// #endregion solution\n",
        "// #region stub\n",
        "// const answer = undefined; // your code\n",
        "// #endregion stub\n",
        "answer;",
      ],
    },
    {
      cell_type: "code",
      id: "c",
      metadata: { tags: ["solution"] },
      execution_count: null,
      outputs: [],
      source: "x",
    },
    { cell_type: "markdown", id: "d", metadata: { tags: ["hidden-tests"] }, source: "y" },
  ],
};

Deno.test("a released notebook has no outputs, no solution or hidden-test cells, and stubs in code", () => {
  const { notebook: out, removed } = releaseNotebook(notebook, "nb");
  assertEquals(removed, 2);
  assertEquals(out.cells.map((c) => c.id), ["a", "b"]);
  const code = out.cells[1] as CodeCell;
  assertEquals(code.cell_type, "code");
  assertEquals(code.outputs, []);
  assertEquals(code.execution_count, null);
  assertEquals(code.metadata, {});
  assertEquals(code.source, [
    "const k = 3;\n",
    "const answer = undefined; // your code\n",
    "answer;",
  ]);
  assertEquals(notebook.cells.length, 4, "the input is not changed");
});

Deno.test("a released exercise file starts with the lint line for unused stub parameters", () => {
  const source =
    "export function f(x: number) {\n  // #region solution\n  return x;\n  // #endregion\n}\n";
  assertEquals(
    releaseExercise(source, "f.ts"),
    `${STUB_LINT_LINE}\nexport function f(x: number) {\n}\n`,
  );
  assertEquals(releaseExercise("const a = 1;\n", "a.ts"), "const a = 1;\n");
});

Deno.test("notebooks are chosen by number, name or path", async () => {
  assertEquals(await selectNotebooks(["01", "notebooks/03_hello_char_lm.ipynb"]), [
    "01_rnn_basics",
    "03_hello_char_lm",
  ]);
  assertEquals((await selectNotebooks([])).length >= 4, true);
  await assertRejects(() => selectNotebooks(["09"]), Error, 'notebook "09" matches 0 notebooks');
});

Deno.test("command lines of assignment and grade", () => {
  assertEquals(parseAssignmentArgs(["01", "--out", "rel"]), { notebooks: ["01"], out: "rel" });
  assertEquals(parseAssignmentArgs([]), { notebooks: [], out: "out/release" });
  assertThrows(() => parseAssignmentArgs(["--bogus"]), Error, "unknown option --bogus");
  assertEquals(parseGradeArgs(["a", "b", "--timeout", "5", "--exercises", "bptt,perplexity"]), {
    dirs: ["a", "b"],
    out: undefined,
    options: { timeoutSeconds: 5, exercises: ["bptt", "perplexity"] },
  });
  assertThrows(() => parseGradeArgs([]), Error, "usage: deno task grade DIR…");
  assertThrows(
    () => parseGradeArgs(["a", "--timeout", "0"]),
    Error,
    "--timeout must be a positive number",
  );
});
