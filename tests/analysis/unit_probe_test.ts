import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  findTrackingUnits,
  LanguageModel,
  pearson,
  standardize,
  textFeatures,
  traceOver,
  Vocabulary,
} from "../../lib/mod.ts";

Deno.test("textFeatures: line and word positions, quotations and parentheses", () => {
  const [line, quote, paren, word] = textFeatures("a (b)\n“cd”e");
  assertEquals(Array.from(line.values), [1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5]);
  assertEquals(Array.from(quote.values), [0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0]);
  assertEquals(Array.from(paren.values), [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  assertEquals(Array.from(word.values), [1, 0, 0, 1, 0, 0, 0, 1, 2, 0, 1]);
  assertEquals(line.name, "position in the line");
});

Deno.test("pearson and standardize", () => {
  assertAlmostEquals(pearson([1, 2, 3], [2, 4, 6]), 1, 1e-15);
  assertAlmostEquals(pearson([1, 2, 3], [3, 2, 1]), -1, 1e-15);
  assertEquals(pearson([1, 1, 1], [1, 2, 3]), 0);
  assertThrows(() => pearson([1], [1, 2]), RangeError);
  const z = standardize([2, 4, 6, 8]);
  assertAlmostEquals(z.reduce((a, b) => a + b, 0), 0, 1e-12);
  assertAlmostEquals(z.reduce((a, b) => a + b * b, 0) / 4, 1, 1e-12);
});

Deno.test("findTrackingUnits: the best unit where chosen, and its correlation elsewhere", () => {
  const text = "ab ab\n“ab” ab\n".repeat(20);
  const vocab = Vocabulary.fromText(text, { sort: true });
  const model = new LanguageModel({ vocabSize: vocab.size, hiddenSize: 5, cell: "lstm", seed: 2 });
  const found = findTrackingUnits(model, vocab, text.slice(0, 140), text.slice(140));
  assertEquals(found.map((f) => f.feature), textFeatures("").map((f) => f.name));
  const trace = traceOver(model, vocab, text.slice(140));
  for (const f of found) {
    if (f.unit < 0) continue; // a constant feature (no parentheses here) has no best unit
    const feature = textFeatures(text.slice(140)).find((g) => g.name === f.feature)!;
    const unit = Array.from(
      { length: trace[f.state].rows },
      (_, t) => trace[f.state].get(t, f.unit),
    );
    assertAlmostEquals(f.heldOut, pearson(unit, feature.values), 1e-12);
  }
  assertEquals(found[2].unit, -1);
});
