/**
 * Public tests of notebook 08's exercises (shipped to learners):
 * `kn_discounts` and `dynamic_evaluation`. Points are beside each test.
 * Expected values come from the engine (the oracle): `KneserNeyLM` and its
 * discounts on seeded random counts and texts, and `RNNLM.logProbs` with a
 * learning rate on small seeded float64 models.
 *
 * @module
 */

import type { Random } from "../../../random.ts";
import type {
  DynamicEvaluationFn,
  KNDiscountsFn,
  OnlineLanguageModel,
} from "../../exercise_types.ts";
import { describe, expect, expectNumber, fail, fmt } from "../expect.ts";
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

/** A small RNNLM for the dynamic-evaluation tests and a text for it (words from a Zipf-like law). */
export function lmProblem(
  rng: Random,
  words: number,
  spec: Partial<oracle.ToyRNNLM> = {},
): { spec: oracle.ToyRNNLM; text: number[]; where: string } {
  const full: oracle.ToyRNNLM = {
    vocabSize: 8,
    numClasses: 3,
    hiddenSize: 5,
    seed: 1 + rng.int(1000),
    learningRate: 0.3,
    bptt: 2,
    bpttBlock: 3,
    ...spec,
  };
  const text = Array.from({ length: words }, () => zipfWord(rng, full.vocabSize));
  const where = `(${words} words, vocabulary ${full.vocabSize}, hidden ${full.hiddenSize})`;
  return { spec: full, text, where };
}

/** Asserts `got` holds one log-probability per word after the first. */
export function expectLogProbs(
  what: string,
  got: unknown,
  words: number,
): asserts got is ArrayLike<number> {
  const n = words - 1, expected = `${n} log-${n === 1 ? "probability" : "probabilities"}`;
  const ok = got instanceof Float64Array || Array.isArray(got);
  expect(ok, `${what}: expected a Float64Array of ${expected}, got ${describe(got)}`);
  const length = (got as ArrayLike<unknown>).length;
  expect(
    length === n,
    `${what}: expected ${expected} (one per word after the first), got ${length}`,
  );
}

/** Runs the learner's function on a fresh model of `p` and compares with the engine's dynamic evaluation. */
export function checkDynamic(f: DynamicEvaluationFn, p: ReturnType<typeof lmProblem>): void {
  const { model } = oracle.onlineRNNLM(p.spec);
  const got = f(model, p.text.slice());
  expectLogProbs(`dynamicEvaluation ${p.where}`, got, p.text.length);
  const expected = oracle.dynamicEvaluation(p.spec, p.text).logProbs;
  for (let t = 0; t < expected.length; t++) {
    expectNumber(`ln P of word ${t + 1} ${p.where}`, got[t], expected[t]);
  }
}

/**
 * `model` with its `learn` watched: before each `learn(word)` the model is
 * asked `logProb(word)`, the score the word has just before the model learns
 * from it.
 */
export function watchLearning(model: OnlineLanguageModel): {
  model: OnlineLanguageModel;
  beforeLearning: number[];
} {
  const beforeLearning: number[] = [];
  return {
    beforeLearning,
    model: {
      reset: () => model.reset(),
      read: (word) => model.read(word),
      logProb: (word) => model.logProb(word),
      learn(word) {
        let score = NaN;
        try {
          score = model.logProb(word);
        } catch { /* learn will say what is wrong */ }
        beforeLearning.push(score);
        model.learn(word);
      },
    },
  };
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

/** Public tests of `dynamic_evaluation`. */
export const dynamicEvaluationTests = suite<DynamicEvaluationFn>("dynamic_evaluation", [
  {
    name: "returns one log-probability per word after the first (texts of 2, 10 and 40 words)",
    points: 1,
    run(f, rng) {
      for (const n of [2, 10, 40]) {
        const p = lmProblem(rng, n);
        expectLogProbs(
          `dynamicEvaluation ${p.where}`,
          f(oracle.onlineRNNLM(p.spec).model, p.text),
          n,
        );
      }
    },
  },
  {
    name: "matches the engine's dynamic evaluation on three small models",
    points: 3,
    run(f, rng) {
      checkDynamic(f, lmProblem(rng, 30));
      checkDynamic(f, lmProblem(rng, 60, { hiddenSize: 3, vocabSize: 6, numClasses: 2 }));
      checkDynamic(f, lmProblem(rng, 50, { hiddenSize: 8, vocabSize: 12, learningRate: 0.1 }));
    },
  },
  {
    name: "each word is scored before the model learns from it",
    points: 1,
    run(f, rng) {
      const p = lmProblem(rng, 25);
      const watched = watchLearning(oracle.onlineRNNLM(p.spec).model);
      const got = f(watched.model, p.text);
      expectLogProbs(`dynamicEvaluation ${p.where}`, got, p.text.length);
      const learned = watched.beforeLearning.length;
      expect(
        learned === p.text.length - 1,
        `the model learned ${learned} times, expected ${
          p.text.length - 1
        } (once per word after the first)`,
      );
      watched.beforeLearning.forEach((before, t) => {
        if (!(Math.abs(got[t] - before) <= 1e-12 * Math.max(1, Math.abs(before)))) {
          fail(
            `word ${t + 1}: you returned ln P = ${
              fmt(got[t])
            }, but just before the model learned ` +
              `from it, it gave ${fmt(before)}: score each word before learning from it`,
          );
        }
      });
    },
  },
  {
    name: "the model passed in learns: its weights end as the engine's do",
    points: 1,
    run(f, rng) {
      const p = lmProblem(rng, 30);
      const { model, weights } = oracle.onlineRNNLM(p.spec);
      f(model, p.text);
      const expected = oracle.dynamicEvaluation(p.spec, p.text).weights, got = weights();
      ["Wxh", "Whh", "Vc", "Vw"].forEach((name, k) => {
        const i = got[k].findIndex((v, i) => !(Math.abs(v - expected[k][i]) <= 1e-9));
        if (i >= 0) {
          fail(
            `${name} after the text ${p.where}: element ${i} is ${fmt(got[k][i])}, expected ` +
              `${fmt(expected[k][i])} (the model must learn from every word, once)`,
          );
        }
      });
    },
  },
]);
