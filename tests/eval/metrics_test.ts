import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { accuracy, bitsPerToken, perplexity } from "../../lib/mod.ts";

Deno.test("accuracy: fraction of matches, only where the weight is positive", () => {
  assertEquals(accuracy([1, 2, 3, 4], [1, 0, 3, 0]), 0.5);
  assertEquals(accuracy([1, 2, 3, 4], [1, 0, 3, 0], [1, 0, 1, 0]), 1);
  assertEquals(accuracy([1, 2, 3, 4], [1, 0, 3, 0], [0, 1, 0, 0.5]), 0);
  assertEquals(accuracy(Int32Array.of(7), Int32Array.of(7)), 1);
});

Deno.test("accuracy names mismatched lengths and refuses an all-zero mask", () => {
  assertThrows(() => accuracy([1, 2], [1]), RangeError, "2 predictions, 1 targets");
  assertThrows(
    () => accuracy([1, 2], [1, 2], [1]),
    RangeError,
    "2 predictions, 2 targets, 1 weights",
  );
  assertThrows(() => accuracy([1, 2], [1, 2], [0, 0]), RangeError, "no position to score");
});

Deno.test("perplexity and bits per token from nats", () => {
  assertAlmostEquals(perplexity(Math.log(83)), 83, 1e-12);
  assertEquals(perplexity(0), 1);
  assertEquals(bitsPerToken(Math.LN2), 1);
  assertAlmostEquals(bitsPerToken(Math.log(256)), 8, 1e-12);
  // The three views of one loss agree: 2^bits = perplexity.
  const nats = 1.234;
  assertAlmostEquals(2 ** bitsPerToken(nats), perplexity(nats), 1e-12);
});
