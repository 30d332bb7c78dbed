/**
 * Public tests of notebook 08's exercises (shipped to learners):
 * `kn_discounts`. Points are beside each test. Expected values come from the
 * engine (the oracle): `KneserNeyLM` and its discounts on seeded random
 * counts and texts.
 *
 * @module
 */

import type { Random } from "../../../random.ts";
import type { KNDiscountsFn } from "../../exercise_types.ts";
import { describe, expect, expectNumber } from "../expect.ts";
import { suite } from "../harness.ts";
import * as oracle from "../oracle.ts";

/** `n` counts of n-grams: 1 + ⌊an exponential sample of mean `scale`⌋, so most are small and a few large. */
export function randomCounts(rng: Random, n: number, scale: number): number[] {
  return Array.from({ length: n }, () => 1 + Math.floor(-scale * Math.log(1 - rng.uniform())));
}

/** A word id in [0, V) with a Zipf-like distribution, P(k) about ∝ 1/(k + 1) (word 0 the most frequent). */
export function zipfWord(rng: Random, V: number): number {
  return Math.min(V - 1, Math.floor((V + 1) ** rng.uniform()) - 1);
}

/** A text of `n` ids over words 1 … V−1 in sentences of about `sentence` words, each closed by 0 (`</s>`). */
export function randomSentences(rng: Random, n: number, V: number, sentence = 12): number[] {
  const text: number[] = [];
  while (text.length < n - 1) {
    text.push(rng.int(sentence) === 0 ? 0 : 1 + zipfWord(rng, V - 1));
  }
  text.push(0);
  return text;
}

/** Asserts the learner returned `[D1, D2, D3+]`: an array of three numbers. */
export function expectThreeNumbers(what: string, got: unknown): asserts got is number[] {
  expect(
    Array.isArray(got) && got.length === 3 && got.every((d) => typeof d === "number"),
    `${what}: expected [D1, D2, D3+], an array of 3 numbers, got ${describe(got)}`,
  );
}

/** Asserts the learner returned `expected` (D₁, D₂, D₃₊), each to 1e-12. */
export function expectDiscounts(what: string, got: unknown, expected: readonly number[]): void {
  expectThreeNumbers(what, got);
  ["D1", "D2", "D3+"].forEach((name, i) =>
    expectNumber(`${name} ${what}`, got[i], expected[i], 1e-12)
  );
}

/** Public tests of `kn_discounts`. */
export const knDiscountsTests = suite<KNDiscountsFn>("kn_discounts", [
  {
    name: "returns three numbers [D1, D2, D3+]",
    points: 1,
    run(f, rng) {
      expectThreeNumbers("knDiscounts (40 counts)", f(randomCounts(rng, 40, 2)));
    },
  },
  {
    name: "matches the engine on random counts of 50, 500 and 5000 n-grams",
    points: 3,
    run(f, rng) {
      for (const [n, scale] of [[50, 1.5], [500, 3], [5000, 8]]) {
        const counts = randomCounts(rng, n, scale);
        expectDiscounts(`(${n} random counts)`, f(counts.slice()), oracle.knDiscounts(counts));
      }
    },
  },
  {
    name: "gives the discounts KneserNeyLM uses for the bigrams and trigrams of a text",
    points: 2,
    run(f, rng) {
      const text = randomSentences(rng, 4000, 40);
      for (const order of [2, 3]) {
        const kn = oracle.kneserNeyTopOrder(text, { vocabSize: 40, eos: 0, order });
        expectDiscounts(`(the ${order}-grams of a text of 4000 words)`, f(kn.counts), kn.discounts);
      }
    },
  },
]);
