import { assertEquals, assertStringIncludes, assertThrows } from "@std/assert";
import { EXERCISES } from "../../lib/check/classroom/catalog.ts";
import { findRegions, solutionTexts, stripSolutions } from "../../tools/classroom/regions.ts";
import { REPO } from "./_tree.ts";

const sample = [
  "import { a } from './a.ts';",
  "// #region stub",
  "// import { NotImplementedError } from './e.ts';",
  "// #endregion stub",
  "export function f(x: number): number {",
  "  // #region solution",
  "  return x * 2;",
  "  // #endregion",
  "  // #region stub",
  "  // // Your code here.",
  '  // throw new NotImplementedError("f");',
  "  // #endregion stub",
  "}",
].join("\n");

Deno.test("stripSolutions removes solutions and markers and uncomments stubs", () => {
  assertEquals(
    stripSolutions(sample),
    [
      "import { a } from './a.ts';",
      "import { NotImplementedError } from './e.ts';",
      "export function f(x: number): number {",
      "  // Your code here.",
      '  throw new NotImplementedError("f");',
      "}",
    ].join("\n"),
  );
  assertEquals(solutionTexts(sample), ["  return x * 2;"]);
  assertEquals(
    stripSolutions("const a = 1;\n"),
    "const a = 1;\n",
    "a file without regions is kept",
  );
});

Deno.test("malformed regions are errors naming the file and line", () => {
  const cases: [string, string][] = [
    [
      "// #region solution\n// #region stub\n// #endregion",
      "f.ts:2: region stub opens inside the solution region of line 1",
    ],
    ["// #region solution\nx", "f.ts:1: region solution is never closed"],
    ["x\n// #endregion", "f.ts:2: #endregion without an open region"],
    [
      "// #region solution\n// #endregion stub",
      "f.ts:2: #endregion stub closes the solution region of line 1",
    ],
    ["// #region stub\nthrow 1;\n// #endregion", "f.ts:2: stub lines must be comments (// …)"],
    [
      "// #region answer\n// #endregion",
      'f.ts:1: unknown region "answer" (expected solution or stub)',
    ],
  ];
  for (const [source, message] of cases) {
    assertThrows(() => findRegions(source, "f.ts"), SyntaxError, message);
  }
});

Deno.test("every exercise function has a solution and a stub that throws NotImplementedError with its id", async () => {
  for (const spec of EXERCISES) {
    const source = await Deno.readTextFile(new URL(`exercises/${spec.file}`, REPO));
    const stubbed = stripSolutions(source, spec.file);
    assertStringIncludes(stubbed, `throw new NotImplementedError("${spec.id}");`);
    assertStringIncludes(
      stubbed,
      'import { NotImplementedError } from "../lib/check/not_implemented.ts";',
    );
    assertStringIncludes(stubbed, `export function ${spec.exportName}(`);
    const regions = findRegions(source, spec.file);
    assertEquals(regions.filter((r) => r.kind === "solution").length > 0, true, spec.file);
  }
});
