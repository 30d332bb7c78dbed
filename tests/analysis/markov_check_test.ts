import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { fromArray, LanguageModel, markovCheck } from "../../lib/mod.ts";

Deno.test("markovCheck: a transition matrix passes; signs and row sums say why others do not", () => {
  assert(markovCheck(fromArray([[0.25, 0.75], [1, 0]])).isStochastic);
  const c = markovCheck(fromArray([[0.9, -0.4], [0.3, 0.7]]));
  assertEquals(c.isStochastic, false);
  assertEquals([c.min, c.max, c.negativeShare], [-0.4, 0.9, 0.25]);
  assertAlmostEquals(c.rowSumMin, 0.5, 1e-15);
  assertAlmostEquals(c.rowSumMax, 1, 1e-15);
  // Non-negative but rows not summing to 1: not stochastic either.
  assertEquals(markovCheck(fromArray([[0.5, 0.4], [0, 1]])).isStochastic, false);
});

Deno.test("markovCheck: a freshly initialised Whh has entries of both signs", () => {
  const lm = new LanguageModel({ vocabSize: 5, hiddenSize: 16, seed: 0 });
  const Whh = lm.params.find((p) => p.name === "Whh")!.value;
  const c = markovCheck(Whh);
  assert(!c.isStochastic && c.min < 0 && c.max > 0 && c.negativeShare > 0.3);
});
