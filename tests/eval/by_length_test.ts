import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { phonemeErrorByLength, rateByLength } from "../../lib/eval/by_length.ts";

Deno.test("rateByLength: pooled rate per length, ascending", () => {
  const bins = rateByLength([5, 3, 5, 3, 4], [1, 0, 3, 2, 0], [4, 2, 4, 2, 1]);
  assertEquals(bins.map((b) => b.length), [3, 4, 5]);
  assertEquals(bins.map((b) => b.items), [2, 1, 2]);
  assertEquals(bins.map((b) => b.rate), [0.5, 0, 0.5]);
});

Deno.test("rateByLength: minItems drops sparse lengths, maxLength pools the long tail", () => {
  const lengths = [2, 3, 3, 7, 9];
  const bins = rateByLength(lengths, [1, 1, 1, 2, 4], [2, 2, 2, 4, 4], { maxLength: 6 });
  assertEquals(bins.map((b) => b.length), [2, 3, 6]);
  assertAlmostEquals(bins[2].rate, 6 / 8, 1e-12);
  const dense = rateByLength(lengths, [1, 1, 1, 2, 4], [2, 2, 2, 4, 4], { minItems: 2 });
  assertEquals(dense.map((b) => b.length), [3]);
  assertThrows(() => rateByLength([1], [1, 2], [1]), RangeError);
  assertThrows(() => rateByLength([1.5], [1], [1]), RangeError);
});

Deno.test("phonemeErrorByLength: edit distances over reference lengths, grouped by source length", () => {
  const predictions = [["K", "AE", "T"], ["D", "AO"], ["B", "IY"]];
  const references = [["K", "AE", "T"], ["D", "AO", "G"], ["B", "IY", "Z"]];
  const bins = phonemeErrorByLength(predictions, references, [3, 3, 4]);
  assertEquals(bins.map((b) => [b.length, b.errors, b.total]), [[3, 1, 6], [4, 1, 3]]);
});
