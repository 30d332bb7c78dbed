import { assertEquals } from "@std/assert";
import { ptbSentences } from "../../../lib/data/ptb/mod.ts";

Deno.test("ptbSentences: the whole pipeline on a transcript excerpt", () => {
  const text = "Mr. Speaker, Mr. Vice President: Tonight—as always—we’re “one nation.” " +
    "[Applause] The U.S. economy grew 3% in 1999. (Laughter.) Isn't that something? Thank you.";
  assertEquals(ptbSentences(text).map((s) => s.join(" ")), [
    "mr. speaker mr. vice president tonight as always we 're one nation",
    "the u.s. economy grew N percent in N",
    "is n't that something",
    "thank you",
  ]);
});

Deno.test("ptbSentences: sentences left without tokens are dropped", () => {
  assertEquals(ptbSentences("[Applause] -- ... It ends. ?!"), [["it", "ends"]]);
});
