import { assertEquals, assertThrows } from "@std/assert";
import { encodeSentences, EOS, tokenCount } from "../../lib/data/sentence_ids.ts";
import { Vocabulary } from "../../lib/data/vocab.ts";

Deno.test("encodeSentences: one </s> after each sentence, unknown words as <unk>", () => {
  const vocabulary = new Vocabulary([EOS, "a", "b", "<unk>"]);
  assertEquals(Array.from(encodeSentences([["a"], ["b", "x", "a"], []], vocabulary)), [
    1,
    0,
    2,
    3,
    1,
    0,
    0,
  ]);
});

Deno.test("encodeSentences: the vocabulary must hold </s> and <unk>", () => {
  assertThrows(() => encodeSentences([["a"]], new Vocabulary(["a", "<unk>"])), RangeError, "</s>");
  assertThrows(() => encodeSentences([["a"]], new Vocabulary(["</s>", "a"])), RangeError, "<unk>");
});

Deno.test("tokenCount: words plus one </s> per sentence", () => {
  assertEquals(tokenCount([["a", "b"], [], ["c"]]), 6);
  assertEquals(tokenCount([]), 0);
});
