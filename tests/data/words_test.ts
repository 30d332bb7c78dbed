import { assertEquals, assertThrows } from "@std/assert";
import {
  buildVocabulary,
  countTokens,
  encodeWords,
  tokenizeWords,
  UNK,
} from "../../lib/data/words.ts";
import { Vocabulary } from "../../lib/data/vocab.ts";

Deno.test("tokenizeWords: lower case, punctuation split off, inner marks kept", () => {
  assertEquals(
    tokenizeWords("Call me Ishmael. Some years ago—never mind (how long)!").join(" "),
    "call me ishmael . some years ago — never mind ( how long ) !",
  );
  assertEquals(tokenizeWords('Don\'t: a well-known 1,000.5 U.S. "quote"'), [
    "don't",
    ":",
    "a",
    "well-known",
    "1,000.5",
    "u.s",
    ".",
    '"',
    "quote",
    '"',
  ]);
  assertEquals(tokenizeWords("  \n "), []);
});

Deno.test("countTokens: by decreasing count, ties in order of first appearance", () => {
  assertEquals(countTokens(["b", "a", "c", "a", "c"]), [["a", 2], ["c", 2], ["b", 1]]);
});

Deno.test("buildVocabulary: <unk> first, then the most frequent, at most maxSize", () => {
  const tokens = tokenizeWords("the cat and the dog and the bird");
  assertEquals(buildVocabulary(tokens, { maxSize: 3 }).symbols, [UNK, "the", "and"]);
  assertEquals(buildVocabulary(tokens).size, 6);
  assertEquals(buildVocabulary(tokens, { minCount: 2 }).symbols, [UNK, "the", "and"]);
  assertEquals(buildVocabulary(tokens, { unk: "?", maxSize: 2 }).symbols, ["?", "the"]);
  assertThrows(() => buildVocabulary(tokens, { maxSize: 0 }), RangeError, "got 0");
});

Deno.test("encodeWords: words outside the vocabulary become <unk>", () => {
  const v = buildVocabulary(["a", "b", "a"]);
  assertEquals(Array.from(encodeWords(v, ["b", "zebra", "a"])), [2, 0, 1]);
  assertThrows(() => encodeWords(new Vocabulary(["a"]), ["a"]), RangeError, '"<unk>"');
});
