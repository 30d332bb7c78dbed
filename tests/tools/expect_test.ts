import { assertEquals } from "@std/assert";
import { mustHaveOutput } from "./_expect.ts";

Deno.test("expect: which cells must produce output", () => {
  assertEquals(mustHaveOutput('console.log("x");'), true);
  assertEquals(mustHaveOutput("await Deno.jupyter.display(chart);"), true);
  assertEquals(mustHaveOutput("const v = build();\nv;"), true);
  assertEquals(mustHaveOutput("const v = build();\nv.size;"), true);
  assertEquals(mustHaveOutput("const v = build();\nv.rows[0]"), true);
  assertEquals(mustHaveOutput("const v = build();"), false);
  assertEquals(mustHaveOutput("model.reset();"), false); // may return undefined
  assertEquals(mustHaveOutput("await train();"), false);
  assertEquals(mustHaveOutput("const f = (x) =>\n  x;"), false); // x; continues a statement
  assertEquals(mustHaveOutput("// console.log(1)\nconst a = 1;"), false);
  assertEquals(mustHaveOutput("for (;;) {\n  break;\n}"), false);
});
