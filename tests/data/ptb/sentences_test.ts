import { assertEquals } from "@std/assert";
import { splitSentences } from "../../../lib/data/ptb/sentences.ts";

Deno.test("splitSentences: at . ? ! and ellipses before a capital or a digit", () => {
  assertEquals(splitSentences("We won. Did we? Yes! Then... More. 1990 came."), [
    "We won.",
    "Did we?",
    "Yes!",
    "Then...",
    "More.",
    "1990 came.",
  ]);
});

Deno.test("splitSentences: not before a lower-case word, nor at colons and semicolons", () => {
  assertEquals(splitSentences("Ask why? he said; then: It ends. here"), [
    "Ask why? he said; then: It ends. here",
  ]);
});

Deno.test("splitSentences: closing quotes and brackets stay with their sentence", () => {
  assertEquals(splitSentences(`He said "go." (Then we went.) "Now," they said.`), [
    `He said "go."`,
    "(Then we went.)",
    `"Now," they said.`,
  ]);
});

Deno.test("splitSentences: no break after Mr., initials, U.S. before a name, No. before a number", () => {
  const text = "Mr. Smith met Harry S. Truman in the U.S. Senate. Bill No. 5 passed. It won.";
  assertEquals(splitSentences(text), [
    "Mr. Smith met Harry S. Truman in the U.S. Senate.",
    "Bill No. 5 passed.",
    "It won.",
  ]);
});

Deno.test("splitSentences: a break after U.S. or etc. when a new sentence plainly starts", () => {
  assertEquals(splitSentences("Trade with the U.S. We grew. Tea, coffee, etc. The rest."), [
    "Trade with the U.S.",
    "We grew.",
    "Tea, coffee, etc.",
    "The rest.",
  ]);
});

Deno.test("splitSentences: whitespace is normalised and nothing is lost", () => {
  const text = "  One\ttwo.\n\nThree  ";
  assertEquals(splitSentences(text), ["One two.", "Three"]);
  assertEquals(splitSentences(""), []);
});
