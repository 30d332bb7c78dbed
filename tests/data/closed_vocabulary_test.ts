import { assertEquals, assertThrows } from "@std/assert";
import { closedVocabulary, replaceUnknown } from "../../lib/data/closed_vocabulary.ts";

Deno.test("closedVocabulary: most frequent first, ties alphabetical, <unk> last", () => {
  const sentences = [["the", "cat", "sat"], ["the", "dog", "sat"], ["a", "cat"]];
  assertEquals(closedVocabulary(sentences, 4), ["cat", "sat", "the", "<unk>"]);
  assertEquals(closedVocabulary(sentences, 6), ["cat", "sat", "the", "a", "dog", "<unk>"]);
  assertEquals(closedVocabulary(sentences, 100).length, 6, "no more words than the text has");
  assertEquals(closedVocabulary(sentences, 1), ["<unk>"]);
});

Deno.test("closedVocabulary: rejects a bad size and a text that already holds <unk>", () => {
  assertThrows(() => closedVocabulary([["a"]], 0), RangeError, "got 0");
  assertThrows(() => closedVocabulary([["a", "<unk>"]], 5), RangeError, "<unk>");
});

Deno.test("replaceUnknown: words outside the vocabulary become <unk>", () => {
  const words = new Set(closedVocabulary([["a", "a", "b", "c"]], 2));
  assertEquals(replaceUnknown([["a", "b"], ["c", "a"]], words), [["a", "<unk>"], ["<unk>", "a"]]);
});
