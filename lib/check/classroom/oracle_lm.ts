/**
 * The oracle of notebook 08's exercises (part of `oracle.ts`, which
 * re-exports it): Kneser–Ney discounts by the engine's
 * `countOfCountsDiscounts` and `KneserNeyLM`.
 *
 * @module
 */

import { countOfCountsDiscounts, discountsAreValid } from "../../ngram/discounts.ts";
import { KneserNeyLM } from "../../ngram/kneser_ney.ts";

/**
 * `kn_discounts` by the engine's `countOfCountsDiscounts`, from n₁ … n₄
 * counted as `KneserNeyLM` counts them (`if (a <= 4) n[a]++`).
 */
export function knDiscounts(counts: Iterable<number>): [number, number, number] {
  const n = new Float64Array(5);
  for (const a of counts) if (a <= 4) n[a]++;
  return countOfCountsDiscounts(n);
}

/**
 * A `KneserNeyLM` of order `order` trained on the sentences of `text` (each
 * closed by `eos`): the counts of its highest-order n-grams, read back from
 * the model, and the discounts it uses for them (raw counts at that order).
 * Lower orders fall back to KenLM's discounts when their counts cannot give
 * valid ones; the highest order must give valid ones (else this throws).
 */
export function kneserNeyTopOrder(
  text: ArrayLike<number>,
  options: { vocabSize: number; eos: number; order: number },
): { counts: number[]; discounts: [number, number, number] } {
  const { vocabSize, eos, order } = options;
  const model = KneserNeyLM.train(text, { vocabSize, eos, order, discountFallback: [0.5, 1, 1.5] });
  const seen = new Map<string, number[]>();
  let sentence = [model.bos];
  for (let i = 0; i < text.length; i++) {
    sentence.push(text[i]);
    if (sentence.length >= order) {
      const g = sentence.slice(-order);
      seen.set(g.join(" "), g);
    }
    if (text[i] === eos) sentence = [model.bos];
  }
  if (seen.size !== model.types(order)) {
    throw new Error(
      `oracle: ${seen.size} ${order}-grams found, the model has ${model.types(order)}`,
    );
  }
  const counts = [...seen.values()].map((g) => model.count(g));
  if (!discountsAreValid(knDiscounts(counts))) {
    throw new Error(`oracle: the ${order}-gram counts of this text give no valid discounts`);
  }
  return { counts, discounts: model.discounts(order) };
}
