import { assert, assertFalse } from "@std/assert";
import { canEndSentence, isAbbreviation } from "../../../lib/data/ptb/abbreviations.ts";

Deno.test("isAbbreviation: titles, dotted abbreviations, initials and other abbreviations", () => {
  for (
    const word of [
      "Mr.",
      "Mrs.",
      "Dr.",
      "St.",
      "Gen.",
      "U.S.",
      "u.s.a.",
      "D.C.",
      "a.m.",
      "F.",
      "etc.",
      "Jr.",
      "vs.",
    ]
  ) {
    assert(isAbbreviation(word), word);
  }
});

Deno.test("isAbbreviation: plain words, the pronoun I and words without a period are not", () => {
  for (const word of ["year.", "Congress.", "I.", "i.", "Mr", "US", "it."]) {
    assertFalse(isAbbreviation(word), word);
  }
});

Deno.test("isAbbreviation: No., p., Jan. only before a number", () => {
  assert(isAbbreviation("No.", "5"));
  assert(isAbbreviation("Jan.", "1,"));
  assert(isAbbreviation("p.", "590"));
  assertFalse(isAbbreviation("No.", "one"));
  assertFalse(isAbbreviation("no."));
});

Deno.test("canEndSentence: never after a title, an initial or vs.", () => {
  assertFalse(canEndSentence("Mr.", "Smith"));
  assertFalse(canEndSentence("S.", "Truman"));
  assertFalse(canEndSentence("vs.", "The"));
  assertFalse(canEndSentence("No.", "5"));
});

Deno.test("canEndSentence: after U.S. only before a common sentence opener", () => {
  assertFalse(canEndSentence("U.S.", "Senate"));
  assertFalse(canEndSentence("U.N.", "Security"));
  assert(canEndSentence("U.S.", "We"));
  assert(canEndSentence("U.S.A.", "But"));
  assert(canEndSentence("U.N.", '"The'));
});

Deno.test("canEndSentence: after etc., Jr., plain words and I.", () => {
  for (const word of ["etc.", "Jr.", "Co.", "year.", "I."]) {
    assert(canEndSentence(word, "The"), word);
  }
});
