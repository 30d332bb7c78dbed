import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { RareWords } from "../../lib/mod.ts";

Deno.test("RareWords: words below the threshold share one token; the rest keep their order", () => {
  // id 0 is </s> (kept whatever its count); ids 5…8 are rare (counts < 4): 3 + 2 + 2 + 1 = 8
  const counts = [2, 50, 20, 9, 7, 3, 2, 2, 1];
  const rare = RareWords.fromCounts(counts, 4);
  assertEquals([rare.mergedWords, rare.vocabSize], [4, 6]);
  // the rare token (count 8) ranks between counts 9 and 7
  assertEquals(Array.from(rare.counts), [2, 50, 20, 9, 8, 7]);
  assertEquals(rare.rareId, 4);
  assertEquals(Array.from(rare.encode([0, 1, 4, 5, 8])), [0, 1, 5, 4, 4]);
  assertEquals(rare.symbols(["</s>", "a", "b", "c", "d", "e", "f", "g", "h"]), [
    "</s>",
    "a",
    "b",
    "c",
    "<rare>",
    "d",
  ]);
  assert(rare.isRare(6) && !rare.isRare(0));
});

Deno.test("RareWords: P(w) = P(rare)/C_rare keeps a proper distribution over the full vocabulary", () => {
  const counts = [5, 40, 12, 3, 2, 1];
  const rare = RareWords.fromCounts(counts, 4); // merges ids 3, 4, 5
  // any distribution over the reduced vocabulary …
  const reduced = [0.1, 0.4, 0.2, 0.3];
  const full = Array.from(
    { length: 6 },
    (_, w) => Math.exp(rare.expand([Math.log(reduced[rare.newIds[w]])], [w])[0]),
  );
  // … gives one over the full vocabulary: the three rare words get 0.3 / 3 each
  assertAlmostEquals(full.reduce((a, b) => a + b), 1, 1e-12);
  assertAlmostEquals(full[5], 0.1, 1e-12);
});

Deno.test("RareWords: bad input is named", () => {
  assertThrows(
    () => RareWords.fromCounts([5, 6], 2),
    RangeError,
    "no word is seen fewer than 2 times",
  );
  assertThrows(() => RareWords.fromCounts([5, 1], 0), RangeError, "threshold must be a number ≥ 1");
  const rare = RareWords.fromCounts([5, 6, 1], 2);
  assertThrows(() => rare.encode([3]), RangeError, "position 0 holds 3");
  assertThrows(() => rare.expand([0, 0], [1]), RangeError, "2 log-probabilities for 1 targets");
});
