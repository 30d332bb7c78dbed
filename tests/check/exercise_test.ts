import { assert, assertEquals } from "@std/assert";
import { checkAnswer, JUPYTER_DISPLAY } from "../../lib/mod.ts";

Deno.test("checkAnswer accepts numbers within tolerance and exact strings/arrays", () => {
  assert(checkAnswer("E1", 0.34657, Math.log(2) / 2, { tolerance: 1e-4 }).correct);
  assert(!checkAnswer("E1", 0.35, Math.log(2) / 2, { tolerance: 1e-4 }).correct);
  assert(checkAnswer("E2", "hello", "hello").correct);
  assert(checkAnswer("E3", [1, 2], [1, 2]).correct);
  assert(!checkAnswer("E3", [2, 1], [1, 2]).correct);
  assert(!checkAnswer("E4", "1", 1).correct, "a string is not a number");
});

Deno.test("checkAnswer explains: not answered, wrong with hint, right", () => {
  assertEquals(
    String(checkAnswer("E1", undefined, 1)),
    "✗ E1: not answered yet: set the answer variable above",
  );
  assertEquals(
    String(checkAnswer("E1", 2, 1, { hint: "count the l's" })),
    "✗ E1: 2 is not right. Hint: count the l's",
  );
  const bundle = checkAnswer("E1", 1, 1)[JUPYTER_DISPLAY]();
  assertEquals(bundle["text/plain"], "✓ E1: right");
  assert(String(bundle["text/html"]).includes("#1a7f37"));
});
