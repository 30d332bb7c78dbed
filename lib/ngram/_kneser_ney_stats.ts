/**
 * The smoothed statistics of {@link KneserNeyLM}, computed once from its
 * counts the way KenLM's `lmplz` computes them: adjusted counts,
 * count-of-counts and discounts per order, the interpolation weight γ of
 * every context and the interpolated probability of every n-gram.
 *
 * @module
 */

import type { NGramTrie } from "./_trie.ts";
import { countOfCountsDiscounts, type Discounts, discountsAreValid } from "./discounts.ts";

/** What the model keeps besides its counts. */
export interface KneserNeyStats {
  /** p(w | h) of each n-gram node `h w`, interpolated down to the uniform 1/V. */
  prob: Float64Array;
  /** γ(h) of each node that is a context (has followers), 1 for the others. */
  backoff: Float64Array;
  /** D₁, D₂, D₃₊ of each order o at 3·o … 3·o + 2. */
  discounts: Float64Array;
  /** Number of n-grams of each order (the `<s>` unigram included). */
  types: Int32Array;
}

/**
 * The adjusted count a(g) of modified Kneser–Ney: the count itself for the
 * highest order and for n-grams that start with `<s>` (nothing can stand
 * before them), else the continuation count N₁₊(• g).
 */
export function adjustedCount(trie: NGramTrie, g: number, order: number, bos: number): number {
  return trie.depth[g] === order || trie.token[g] === bos ? trie.count[g] : trie.continuation[g];
}

/** Computes {@link KneserNeyStats} (`fallback`: discounts for an order whose counts cannot give them). */
export function kneserNeyStats(
  trie: NGramTrie,
  order: number,
  vocabSize: number,
  bos: number,
  fallback: Discounts | undefined,
): KneserNeyStats {
  const n = trie.size, bosNode = trie.child(0, bos);
  const total = new Float64Array(n); // Σ_w a(h w) of each context h
  const followers = new Int32Array(3 * n); // N₁, N₂, N₃₊ of a(h w)
  const countOfCounts = new Float64Array(5 * (order + 1));
  const types = new Int32Array(order + 1);
  for (let g = 1; g < n; g++) {
    const o = trie.depth[g];
    types[o]++;
    if (g === bosNode) continue; // never predicted: no count, no probability mass
    const a = adjustedCount(trie, g, order, bos);
    const h = trie.context[g];
    total[h] += a;
    followers[3 * h + Math.min(a, 3) - 1]++;
    if (a <= 4) countOfCounts[5 * o + a]++;
  }
  const discounts = new Float64Array(3 * (order + 1));
  for (let o = 1; o <= order; o++) {
    discounts.set(orderDiscounts(countOfCounts.subarray(5 * o, 5 * o + 5), o, fallback), 3 * o);
  }
  const backoff = new Float64Array(n).fill(1);
  for (let h = 0; h < n; h++) {
    if (total[h] === 0) continue;
    const d = 3 * (trie.depth[h] + 1), f = 3 * h;
    backoff[h] = (discounts[d] * followers[f] + discounts[d + 1] * followers[f + 1] +
      discounts[d + 2] * followers[f + 2]) / total[h];
  }
  // Parents and contexts are created before their extensions, so one pass in node order works.
  const prob = new Float64Array(n);
  for (let g = 1; g < n; g++) {
    if (g === bosNode) {
      prob[g] = 1; // as KenLM: <s> is context only, log10 p = 0
      continue;
    }
    const a = adjustedCount(trie, g, order, bos), h = trie.context[g];
    const D = discounts[3 * trie.depth[g] + Math.min(a, 3) - 1];
    const lower = trie.depth[g] === 1 ? 1 / vocabSize : prob[trie.parent[g]];
    prob[g] = (a - D) / total[h] + backoff[h] * lower;
  }
  return { prob, backoff, discounts, types };
}

function orderDiscounts(nr: Float64Array, order: number, fallback?: Discounts): Discounts {
  const d = countOfCountsDiscounts(nr);
  if (discountsAreValid(d) && nr[1] > 0 && nr[2] > 0 && nr[3] > 0) return d;
  if (fallback !== undefined) return [...fallback];
  throw new RangeError(
    `KneserNeyLM: the ${order}-gram count-of-counts n1…n4 = ${
      Array.from(nr.subarray(1)).join(", ")
    } give discounts ${d.map((x) => x.toFixed(3)).join(", ")}, outside [0, 1], [0, 2], [0, 3] ` +
      `(too little or artificial data): pass discountFallback, e.g. [0.5, 1, 1.5] as KenLM's ` +
      `--discount_fallback`,
  );
}
