import { assertEquals, assertThrows } from "@std/assert";
import { frequencyOrder, Vocabulary } from "../../lib/mod.ts";

Deno.test("frequencyOrder: </s> first, then by count, ties in the old order; encode maps ids", () => {
  const vocabulary = new Vocabulary(["a", "</s>", "b", "c", "d"]);
  // counts: a 1, </s> 2, b 3, c 0, d 1
  const order = frequencyOrder([2, 1, 0, 2, 4, 1, 2], vocabulary);
  assertEquals(order.vocabulary.symbols, ["</s>", "b", "a", "d", "c"]);
  assertEquals(Array.from(order.counts), [2, 3, 1, 1, 0]);
  assertEquals(Array.from(order.encode([0, 1, 2, 3, 4])), [2, 0, 1, 4, 3]);
  assertEquals(order.vocabulary.symbols[order.newIds[3]], "c");
});

Deno.test("frequencyOrder: without </s> every word is ranked; bad ids are named", () => {
  const order = frequencyOrder([1, 1, 0], new Vocabulary(["x", "y"]));
  assertEquals(order.vocabulary.symbols, ["y", "x"]);
  assertThrows(
    () => frequencyOrder([2], new Vocabulary(["x", "y"])),
    RangeError,
    "position 0 holds 2",
  );
  assertThrows(() => order.encode([5]), RangeError, "position 0 holds 5");
});
