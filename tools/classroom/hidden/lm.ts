/**
 * Hidden tests of notebook 08's exercises (teacher only: never copied into a
 * student release). Points are beside each test.
 *
 * @module
 */

import type { KNDiscountsFn } from "../../../lib/check/exercise_types.ts";
import { suite } from "../../../lib/check/classroom/harness.ts";
import * as oracle from "../../../lib/check/classroom/oracle.ts";
import { expectDiscounts, randomCounts } from "../../../lib/check/classroom/public/lm.ts";

/** Hidden tests of `kn_discounts`. */
export const knDiscountsHidden = suite<KNDiscountsFn>("kn_discounts", [
  {
    name: "counts above 4 play no part in n1 … n4",
    points: 1,
    run(f, rng) {
      const counts = randomCounts(rng, 300, 2);
      const many = [...counts, ...randomCounts(rng, 300, 40).map((c) => c + 4)];
      expectDiscounts("(300 counts, and 300 more above 4)", f(many), oracle.knDiscounts(counts));
    },
  },
  {
    name: "any iterable: an Int32Array, the values of a Map, a generator",
    points: 1,
    run(f, rng) {
      const counts = randomCounts(rng, 200, 3);
      const expected = oracle.knDiscounts(counts);
      expectDiscounts("(an Int32Array)", f(Int32Array.from(counts)), expected);
      expectDiscounts(
        "(a Map's values)",
        f(new Map(counts.map((c, i) => [i, c])).values()),
        expected,
      );
      expectDiscounts(
        "(a generator)",
        f((function* () {
          yield* counts;
        })()),
        expected,
      );
    },
  },
  {
    name: "an n_r of 0 gives what the formula gives (not finite), without an exception",
    points: 1,
    run(f, rng) {
      const noThrees = randomCounts(rng, 100, 3).filter((c) => c !== 3);
      expectDiscounts("(no count of 3)", f(noThrees), oracle.knDiscounts(noThrees));
      const noTwos = randomCounts(rng, 100, 3).filter((c) => c !== 2);
      expectDiscounts("(no count of 2)", f(noTwos), oracle.knDiscounts(noTwos));
    },
  },
  {
    name: "100 000 counts",
    points: 1,
    run(f, rng) {
      const counts = randomCounts(rng, 100_000, 5);
      expectDiscounts("(100 000 counts)", f(counts.slice()), oracle.knDiscounts(counts));
    },
  },
]);
