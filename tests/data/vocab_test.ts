import { assertEquals, assertThrows } from "@std/assert";
import { Vocabulary } from "../../lib/mod.ts";

Deno.test("a vocabulary from text keeps first-appearance order, or sorts", () => {
  assertEquals(Vocabulary.fromText("hello").symbols, ["h", "e", "l", "o"]);
  assertEquals(Vocabulary.fromText("hello", { sort: true }).symbols, ["e", "h", "l", "o"]);
});

Deno.test("encode and decode round-trip", () => {
  const v = Vocabulary.fromText("abc ");
  assertEquals(Array.from(v.encode("cab a")), [2, 0, 1, 3, 0]);
  assertEquals(v.decode(v.encode("cab a")), "cab a");
  assertEquals(new Vocabulary(["the", "cat"]).decode([1, 0], " "), "cat the");
});

Deno.test("unknown symbols and ids are named", () => {
  const v = Vocabulary.fromText("hello");
  assertThrows(() => v.encode("hi"), RangeError, 'symbol "i" not in the vocabulary of 4');
  assertThrows(
    () => v.decode([0, 9]),
    RangeError,
    "id 9 at position 1 is outside the vocabulary [0, 4)",
  );
  assertThrows(() => new Vocabulary(["a", "a"]), RangeError, 'symbol "a" appears twice');
});
