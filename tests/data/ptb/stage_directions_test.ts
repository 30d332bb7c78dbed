import { assertEquals } from "@std/assert";
import { removeStageDirections } from "../../../lib/data/ptb/stage_directions.ts";

const clean = (text: string) => removeStageDirections(text).replace(/\s+/g, " ").trim();

Deno.test("removeStageDirections: audience reactions in brackets or parentheses, any case", () => {
  for (
    const direction of ["[Applause]", "[laughter]", "(Applause.)", "(applause)", "(Laughter.)"]
  ) {
    assertEquals(clean(`We act. ${direction} Now.`), "We act. Now.", direction);
  }
  assertEquals(clean("So be it (laughs) then [Cheers!]"), "So be it then");
});

Deno.test("removeStageDirections: editorial notes, footnotes, page markers and [sic]", () => {
  assertEquals(
    clean("Thank you. [At this point, audience members responded.] Yes."),
    "Thank you. Yes.",
  );
  assertEquals(
    clean("done.[1] [Footnote 1: Executive Order 9808 (3 CFR, p. 590.)] Then"),
    "done. Then",
  );
  assertEquals(clean("the [p.2] budget [sic] rose"), "the budget rose");
});

Deno.test("removeStageDirections: other brackets and parentheses keep their words", () => {
  assertEquals(
    clean("[the States] and (in part) the (1) list"),
    "[the States] and (in part) the (1) list",
  );
  assertEquals(clean("applause is due"), "applause is due");
});

Deno.test("removeStageDirections: speaker labels where a turn begins, and the audience's turn", () => {
  assertEquals(clean("The President. Mr. Speaker, thank you."), "Mr. Speaker, thank you.");
  assertEquals(
    clean(
      "as gold. [Laughter] Audience members. U.S.A.! U.S.A.! The President. My fellow Americans",
    ),
    "as gold. My fellow Americans",
  );
  // inside a sentence it is no label
  assertEquals(clean("signed by The President. Then"), "signed by The President. Then");
});
