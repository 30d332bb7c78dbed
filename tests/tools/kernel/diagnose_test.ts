import { assert, assertEquals, assertMatch, assertStringIncludes } from "@std/assert";
import {
  explainExecutionFailed,
  findSyntaxError,
  inspectorError,
  parseFmtError,
} from "../../../tools/kernel/diagnose.ts";
import { StderrLog } from "../../../tools/kernel/process.ts";

const CDP_LINE =
  'CDP response has null result. Full response: {"id":2,"error":{"code":-32000,"message":"Promise was collected"},"result":null}';

Deno.test("diagnose: a syntax error is found with its line and column, as the kernel parses", async () => {
  const problem = await findSyntaxError("const fine = 1;\nconst broken = ;\n");
  assertEquals(problem?.message, "Expression expected");
  assertEquals([problem?.line, problem?.column], [2, 16]);
  assertStringIncludes(problem!.frame.join("\n"), "const broken = ;");
  // Valid TypeScript, top-level await and JSX (the kernel tries TSX too) are not errors.
  assertEquals(await findSyntaxError("const x: number = await Promise.resolve(1);\nx"), undefined);
  assertEquals(await findSyntaxError("const el = <div>x</div>;"), undefined);
});

Deno.test("diagnose: deno fmt's report is parsed; other text is not", () => {
  const text =
    "error: SyntaxError: Unexpected token `}`\n  |\n3 | }\n  | ~\n    at file:///x/_stdin.ts:3:1\n";
  assertEquals(parseFmtError(text), {
    message: "Unexpected token `}`",
    line: 3,
    column: 1,
    frame: ["3 | }", "  | ~"],
  });
  assertEquals(parseFmtError("something else"), undefined);
});

Deno.test("diagnose: 'Execution failed' is explained from the kernel's stderr or by parsing", async () => {
  assertEquals(inspectorError(`warning\n${CDP_LINE}\n`), "Promise was collected");
  assertEquals(inspectorError("nothing"), undefined);
  const collected = await explainExecutionFailed("1", CDP_LINE);
  assertEquals(collected.kind, "kernel");
  assertMatch(collected.evalue, /inspector reported "Promise was collected"/);
  assertMatch(collected.traceback[0], /garbage collection/);
  assert(collected.traceback.some((l) => l.includes("CDP response has null result")));
  const syntax = await explainExecutionFailed("let a = 1 +* 2;", "");
  assertEquals(syntax.ename, "SyntaxError");
  assertEquals(syntax.evalue, "Expression expected (line 1, column 12 of the cell)");
  const unknown = await explainExecutionFailed("1", "");
  assertMatch(unknown.evalue, /gave no reason and wrote nothing to its stderr/);
});

Deno.test("stderr log: text since a mark, without the kernel's banner, survives truncation", () => {
  const log = new StderrLog();
  log.append('Warning "deno jupyter" is unstable and might change in the future.\n');
  const mark = log.mark();
  assertEquals(log.since(mark), "");
  log.append("\x1b[31mfirst\x1b[0m line\n");
  assertEquals(log.since(mark), "first line");
  assertEquals(log.since(0), "first line");
  log.append("x".repeat(150_000));
  assertEquals(log.since(mark).length, 100_000); // older text dropped, the tail kept
  assertEquals(log.tail(1), "x".repeat(100_000));
});
