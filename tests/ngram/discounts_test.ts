import { assert, assertAlmostEquals, assertEquals, assertFalse, assertThrows } from "@std/assert";
import { countOfCountsDiscounts, discountsAreValid } from "../../lib/ngram/discounts.ts";

Deno.test("countOfCountsDiscounts: Chen & Goodman's formulas, by hand", () => {
  // n₁ = 100, n₂ = 30, n₃ = 12, n₄ = 6: Y = 100 / 160 = 0.625
  const [d1, d2, d3] = countOfCountsDiscounts([0, 100, 30, 12, 6]);
  assertAlmostEquals(d1, 1 - 2 * 0.625 * 30 / 100, 1e-15); // 0.625
  assertAlmostEquals(d2, 2 - 3 * 0.625 * 12 / 30, 1e-15); // 1.25
  assertAlmostEquals(d3, 3 - 4 * 0.625 * 6 / 12, 1e-15); // 1.75
  assertEquals(countOfCountsDiscounts([999, 100, 30, 12, 6]), [d1, d2, d3], "n[0] is ignored");
});

Deno.test("countOfCountsDiscounts: returns what the counts give, even when invalid", () => {
  const d = countOfCountsDiscounts([0, 10, 5, 0, 3]); // n₃ = 0: D₃₊ is not finite
  assertFalse(Number.isFinite(d[2]));
  assertFalse(discountsAreValid(d));
  assertThrows(() => countOfCountsDiscounts([1, 2, 3]), RangeError, "got 3 values");
});

Deno.test("discountsAreValid: each D_r in [0, r]", () => {
  assert(discountsAreValid([0.5, 1, 1.5]));
  assert(discountsAreValid([0, 2, 3]));
  assertFalse(discountsAreValid([1.1, 1, 1]));
  assertFalse(discountsAreValid([0.5, -0.1, 1]));
  assertFalse(discountsAreValid([0.5, 1, 3.01]));
  assertFalse(discountsAreValid([0.5, 1]));
});
