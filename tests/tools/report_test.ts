import { assertEquals } from "@std/assert";
import {
  type CellFailure,
  cellLabel,
  errorOutput,
  firstLine,
  formatFailure,
  runStatus,
} from "../../tools/report.ts";

const failure = (over: Partial<CellFailure>): CellFailure => ({
  notebook: "03_x.ipynb",
  kind: "error",
  cellIndex: 9,
  codeCell: 5,
  firstLine: "const progress = new Progress();",
  ename: "RangeError",
  evalue: "bad step",
  traceback: ["RangeError: bad step", "    at <anonymous>:2:7"],
  ...over,
});

Deno.test("report: statuses name the cell from 1, counting every cell", () => {
  assertEquals(runStatus(undefined), "passed");
  assertEquals(runStatus(failure({})), "failed at cell 10");
  assertEquals(runStatus(failure({ kind: "timeout" })), "timed out at cell 10");
  assertEquals(runStatus(failure({ kind: "kernel-exit" })), "kernel exited at cell 10");
  assertEquals(runStatus(failure({ kind: "late-output" })), "misplaced output at cell 10");
  assertEquals(runStatus(failure({ kind: "not-live" })), "display not live at cell 10");
  assertEquals(runStatus(failure({ kind: "malformed", cellIndex: -1 })), "not a valid notebook");
  assertEquals(cellLabel(failure({})), "cell 10 (code cell 5)");
  assertEquals(cellLabel(failure({ cellIndex: -1 })), "");
  assertEquals(firstLine("\n\n  let a = 1;\nlet b;"), "let a = 1;");
});

Deno.test("report: a failure reads notebook, cell, first line, error and traceback", () => {
  assertEquals(
    formatFailure(failure({})),
    "FAILED 03_x.ipynb, cell 10 (code cell 5), first line: const progress = new Progress();\n" +
      "RangeError: bad step\n      at <anonymous>:2:7",
  );
  assertEquals(
    formatFailure(
      failure({
        kind: "malformed",
        cellIndex: -1,
        ename: "NotebookFormatError",
        evalue: "x: not valid JSON",
        traceback: [],
      }),
    ),
    "FAILED 03_x.ipynb: not a valid notebook\nNotebookFormatError: x: not valid JSON",
  );
  assertEquals(errorOutput(failure({ traceback: [] })), {
    output_type: "error",
    ename: "RangeError",
    evalue: "bad step",
    traceback: ["RangeError: bad step"],
  });
});
