/**
 * Hidden tests of notebook 08's exercises (teacher only: never copied into a
 * student release). Points are beside each test.
 *
 * @module
 */

import type { DynamicEvaluationFn, KNDiscountsFn } from "../../../lib/check/exercise_types.ts";
import { expect, expectNumber } from "../../../lib/check/classroom/expect.ts";
import { suite } from "../../../lib/check/classroom/harness.ts";
import * as oracle from "../../../lib/check/classroom/oracle.ts";
import {
  checkDynamic,
  expectDiscounts,
  expectLogProbs,
  lmProblem,
  randomCounts,
  watchLearning,
} from "../../../lib/check/classroom/public/lm.ts";

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

/** Hidden tests of `dynamic_evaluation`. */
export const dynamicEvaluationHidden = suite<DynamicEvaluationFn>("dynamic_evaluation", [
  {
    name: "starts from a fresh state, even when the model has read other words before",
    points: 1,
    run(f, rng) {
      const p = lmProblem(rng, 30);
      const { model } = oracle.onlineRNNLM(p.spec);
      for (const w of [3, 1, 0, 2, 5]) model.read(w);
      const got = f(model, p.text);
      expectLogProbs("dynamicEvaluation (a model that had read 5 words)", got, p.text.length);
      const expected = oracle.dynamicEvaluation(p.spec, p.text).logProbs;
      for (let t = 0; t < expected.length; t++) {
        expectNumber(`ln P of word ${t + 1} (a model that had read 5 words)`, got[t], expected[t]);
      }
    },
  },
  {
    name: "the paper's settings: BPTT 4 in blocks of 10 (walks of 13 steps), α = 0.1, 150 words",
    points: 1,
    run: (f, rng) =>
      checkDynamic(f, lmProblem(rng, 150, { bptt: 4, bpttBlock: 10, learningRate: 0.1 })),
  },
  {
    name: "a text of two words gives one log-probability, from the model before any learning",
    points: 1,
    run(f, rng) {
      const p = lmProblem(rng, 2);
      const watched = watchLearning(oracle.onlineRNNLM(p.spec).model);
      const got = f(watched.model, p.text);
      expectLogProbs("dynamicEvaluation (2 words)", got, 2);
      const expected = oracle.dynamicEvaluation({ ...p.spec, learningRate: 0 }, p.text).logProbs;
      expectNumber("ln P of the second word (2 words)", got[0], expected[0]);
      expect(watched.beforeLearning.length === 1, "the model must learn from the second word");
    },
  },
  {
    name: "a larger model (hidden 16, 40 words in 4 classes) on 400 words",
    points: 1,
    run: (f, rng) =>
      checkDynamic(
        f,
        lmProblem(rng, 400, { hiddenSize: 16, vocabSize: 40, numClasses: 4, learningRate: 0.1 }),
      ),
  },
]);
