/**
 * Subtly wrong Kneser–Ney discounts and dynamic evaluations (notebook 08),
 * each the kind of mistake a learner makes, for the tests that check the
 * exercise tests catch them.
 *
 * @module
 */

import type {
  DynamicEvaluationFn,
  KNDiscountsFn,
  OnlineLanguageModel,
} from "../../lib/check/exercise_types.ts";

/** n₀ … n₄ of `counts`, with `which(c, r)` deciding whether count `c` counts for n_r. */
function countOfCounts(counts: Iterable<number>, which: (c: number, r: number) => boolean) {
  const n = [0, 0, 0, 0, 0];
  for (const c of counts) for (let r = 1; r <= 4; r++) if (which(c, r)) n[r]++;
  return n;
}

/** `[D₁, D₂, D₃₊]` from a formula for `D_r`. */
const three = (D: (r: number) => number): [number, number, number] => [D(1), D(2), D(3)];

const exactly = (c: number, r: number) => c === r;
const Y = (n: number[]) => n[1] / (n[1] + 2 * n[2]);
const right = (n: number[]) => (r: number) => r - (r + 1) * Y(n) * n[r + 1] / n[r];

/** Wrong `kn_discounts`. */
export const knDiscounts: Record<string, KNDiscountsFn> = {
  "Y = n1 / (n1 + n2), without the 2": (counts) => {
    const n = countOfCounts(counts, exactly), y = n[1] / (n[1] + n[2]);
    return three((r) => r - (r + 1) * y * n[r + 1] / n[r]);
  },
  "off by one: D_r = r − r·Y·n_{r+1}/n_r": (counts) => {
    const n = countOfCounts(counts, exactly);
    return three((r) => r - r * Y(n) * n[r + 1] / n[r]);
  },
  "n_r counts every n-gram seen r times or more": (counts) => {
    const n = countOfCounts(counts, (c, r) => c >= r);
    return three(right(n));
  },
  "counts above 4 counted in n4": (counts) => {
    const n = countOfCounts(counts, (c, r) => c === r || (r === 4 && c > 4));
    return three(right(n));
  },
  "n_r and n_{r+1} the wrong way up": (counts) => {
    const n = countOfCounts(counts, exactly);
    return three((r) => r - (r + 1) * Y(n) * n[r] / n[r + 1]);
  },
  "replaces a discount that is not finite by 0": (counts) => {
    const n = countOfCounts(counts, exactly);
    return three((r) => Number.isFinite(right(n)(r)) ? right(n)(r) : 0);
  },
};

/** The loop of dynamic evaluation with one step changed. */
function walk(
  model: OnlineLanguageModel,
  text: ArrayLike<number>,
  step: (model: OnlineLanguageModel, previous: number, word: number) => number,
): Float64Array {
  const out = new Float64Array(Math.max(0, text.length - 1));
  model.reset();
  model.read(text[0]);
  for (let t = 1; t < text.length; t++) out[t - 1] = step(model, text[t - 1], text[t]);
  return out;
}

/** Wrong `dynamic_evaluation`s. */
export const dynamicEvaluation: Record<string, DynamicEvaluationFn> = {
  "learns from each word before scoring it": (model, text) =>
    walk(model, text, (m, _, w) => {
      m.learn(w);
      const lp = m.logProb(w);
      m.read(w);
      return lp;
    }),
  "never learns (static evaluation)": (model, text) =>
    walk(model, text, (m, _, w) => {
      const lp = m.logProb(w);
      m.read(w);
      return lp;
    }),
  "reads each word before scoring it": (model, text) =>
    walk(model, text, (m, _, w) => {
      m.read(w);
      const lp = m.logProb(w);
      m.learn(w);
      return lp;
    }),
  "does not carry the state: each word from a fresh state and the word before": (model, text) =>
    walk(model, text, (m, previous, w) => {
      m.reset();
      m.read(previous);
      const lp = m.logProb(w);
      m.learn(w);
      return lp;
    }),
  "does not start from a fresh state": (model, text) => {
    const out = new Float64Array(Math.max(0, text.length - 1));
    model.read(text[0]);
    for (let t = 1; t < text.length; t++) {
      out[t - 1] = model.logProb(text[t]);
      model.learn(text[t]);
      model.read(text[t]);
    }
    return out;
  },
  "returns −ln P": (model, text) =>
    walk(model, text, (m, _, w) => {
      const lp = m.logProb(w);
      m.learn(w);
      m.read(w);
      return -lp;
    }),
  "scores the first word too, as 0": (model, text) =>
    Float64Array.of(
      0,
      ...walk(model, text, (m, _, w) => {
        const lp = m.logProb(w);
        m.learn(w);
        m.read(w);
        return lp;
      }),
    ),
};
