import { assertEquals } from "@std/assert";
import ts from "typescript";
import { findCycles, importsOf, longFunctions } from "../../tools/check_layout.ts";

const parse = (text: string) =>
  ts.createSourceFile("x.ts", text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);

Deno.test("check_layout counts the lines of every kind of function, whatever strings contain", () => {
  const body = (n: number) =>
    Array.from({ length: n - 2 }, (_, i) => `  const v${i} = "}{";`).join("\n");
  const source = parse([
    `export function ok() {\n${body(80)}\n}`,
    `export function tooLong() {\n${body(81)}\n}`,
    `const arrow = () => {\n${body(90)}\n};`,
    `class C {\n  method() {\n${body(85)}\n  }\n}`,
  ].join("\n"));
  assertEquals(longFunctions(source, 80), [
    "function tooLong is 81 lines (limit 80), line 81",
    "function arrow is 90 lines (limit 80), line 162",
    "function method is 85 lines (limit 80), line 253",
  ]);
});

Deno.test("check_layout finds relative imports, re-exports and dynamic imports, and cycles", () => {
  const source = parse(
    `import { a } from "./a.ts";\nimport type { B } from "../b.ts";\nexport * from "./c.ts";\n` +
      `import x from "npm:x";\nconst d = await import("./d.ts");`,
  );
  assertEquals(importsOf(source), ["./a.ts", "../b.ts", "./c.ts", "./d.ts"]);
  const graph = new Map([["a", ["b"]], ["b", ["c"]], ["c", ["a"]], ["d", ["a"]]]);
  assertEquals(findCycles(graph), [["a", "b", "c", "a"]]);
  assertEquals(findCycles(new Map([["a", ["b"]], ["b", []]])), []);
});
