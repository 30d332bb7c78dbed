import { assertEquals, assertThrows } from "@std/assert";
import { labelledLists, takeTokens } from "../../../lib/data/tasks/lists.ts";

Deno.test("labelledLists: items of one list keep its index; shared items are set aside", () => {
  const { items, labels, shared } = labelledLists([
    ["ann", "alex", "eve", "ann"],
    ["bob", "alex", "sam"],
    ["sam", "zoe"],
  ]);
  assertEquals(items, ["ann", "eve", "bob", "zoe"]);
  assertEquals(Array.from(labels), [0, 0, 1, 2]);
  assertEquals(shared, ["alex", "sam"]);
  assertThrows(() => labelledLists([]), RangeError);
});

Deno.test("takeTokens: the shortest prefix with at least the asked tokens", () => {
  const s = [[1, 2], [3], [4, 5, 6], [7]];
  assertEquals(takeTokens(s, 0), []);
  assertEquals(takeTokens(s, 2), [[1, 2]]);
  assertEquals(takeTokens(s, 4), [[1, 2], [3], [4, 5, 6]]);
  assertEquals(takeTokens(s, 100), s);
  assertEquals(takeTokens(["ab", "c"], 3), ["ab", "c"]);
});
