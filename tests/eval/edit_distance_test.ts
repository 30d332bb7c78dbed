import { assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { editDistance, phonemeErrorRate } from "../../lib/eval/edit_distance.ts";

Deno.test("editDistance on hand-worked examples", () => {
  assertEquals(editDistance("kitten", "sitting"), 3); // k→s, e→i, +g
  assertEquals(editDistance("flaw", "lawn"), 2); // −f, +n
  assertEquals(editDistance("", "abc"), 3);
  assertEquals(editDistance("abc", ""), 3);
  assertEquals(editDistance("same", "same"), 0);
  assertEquals(editDistance("ab", "ba"), 2); // no transpositions in Levenshtein
  // Phoneme sequences: CAT → CATS is one insertion; stress markers count as different symbols.
  assertEquals(editDistance(["K", "AE1", "T"], ["K", "AE1", "T", "S"]), 1);
  assertEquals(editDistance(["K", "AE1", "T"], ["K", "AE0", "T"]), 1);
  // Symmetric.
  assertEquals(editDistance("intention", "execution"), editDistance("execution", "intention"));
  assertEquals(editDistance("intention", "execution"), 5);
});

Deno.test("phonemeErrorRate is total edits over total reference length", () => {
  assertEquals(phonemeErrorRate([[1, 2, 3]], [[1, 2, 3]]), 0);
  // 1 edit (deletion of 4) + 2 edits over 3 + 2 reference symbols.
  assertAlmostEquals(phonemeErrorRate([[1, 2], [7, 8, 9]], [[1, 2, 4], [7, 6]]), 3 / 5, 1e-15);
  assertThrows(() => phonemeErrorRate([[1]], []), RangeError, "1 predictions but 0 references");
  assertThrows(() => phonemeErrorRate([[1]], [[]]), RangeError, "the references are all empty");
});
