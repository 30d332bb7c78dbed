/**
 * n-gram language models over integer ids (characters or words): the
 * baseline every recurrent model of the course is measured against.
 *
 * The model predicts token `w` from the `n − 1` tokens before it, `h`. Two
 * smoothings:
 *
 * - **add-k** (Laplace for k = 1): `P(w | h) = (c(h w) + k) / (c(h) + k·V)`
 *   with the full context (no back-off), so an unseen context gives the
 *   uniform 1/V.
 * - **interpolated modified Kneser–Ney** (Chen & Goodman 1998): at every
 *   order, absolute discounting interpolated with the next lower order,
 *
 *   `P(w | h) = max(c(h w) − D(c), 0) / Σ_v c(h v) + γ(h) · P(w | h′)`,
 *   `γ(h) = (D₁·N₁(h •) + D₂·N₂(h •) + D₃₊·N₃₊(h •)) / Σ_v c(h v)`,
 *
 *   where `h′` is `h` without its first token, `N_r(h •)` the number of
 *   distinct tokens that followed `h` exactly r times (3 or more for `N₃₊`),
 *   and the three discounts per order come from the count-of-counts `n_r`:
 *   `Y = n₁ / (n₁ + 2n₂)`, `D₁ = 1 − 2Y·n₂/n₁`, `D₂ = 2 − 3Y·n₃/n₂`,
 *   `D₃₊ = 3 − 4Y·n₄/n₃`. The highest order counts occurrences; the lower
 *   orders count *continuations*, `c(g) = N₁₊(• g)`, the number of distinct
 *   tokens seen just before `g` — "Francisco" is frequent but follows only
 *   "San", so it gets little unigram mass. Below the unigrams sits the
 *   uniform distribution 1/V, so every token of the vocabulary, seen or not,
 *   has a probability above zero. A context never seen (or seen only at the
 *   very start of the stream, where it has no continuation count) passes
 *   straight to the lower order.
 *
 * Both sum to 1 over the vocabulary for every context. Near the start of a
 * stream the context is shorter than `n − 1`; the model then uses the
 * orders it has (add-k: the shorter context's counts; Kneser–Ney: the lower
 * orders' continuation counts).
 *
 * The counts live in an `NGramTrie` (`_trie.ts`). For word models over
 * sentences with `<s>` and `</s>`, KenLM's conventions and ARPA export, see
 * `KneserNeyLM` (`kneser_ney.ts`).
 *
 * @module
 */

import { type Random, sampleCategorical } from "../random.ts";
import { checkId, checkIds, checkOrder, maxIdPlusOne } from "./_checks.ts";
import { countStream } from "./_count.ts";
import { EMPTY, type NGramTrie } from "./_trie.ts";

/** How unseen events get probability. */
export type Smoothing = "kneser-ney" | "add-k";

/** Options of {@link NGramModel.train}. */
export interface NGramOptions {
  /** n: the model conditions on the previous `order − 1` tokens (1 = unigram). */
  order: number;
  /** Default "kneser-ney" (interpolated, modified). */
  smoothing?: Smoothing;
  /** The pseudo-count of add-k smoothing (default 1: Laplace). */
  k?: number;
  /** Number of distinct ids V; ids must lie in [0, V). Default: largest id + 1. */
  vocabSize?: number;
  /**
   * Kneser–Ney discounts to use at every order instead of estimating them:
   * one number (plain interpolated Kneser–Ney, the same D for every count),
   * or `[D₁, D₂, D₃₊]` with `0 < D_r ≤ r`.
   */
  discount?: number | readonly [number, number, number];
}

/** An n-gram language model with add-k or interpolated modified Kneser–Ney smoothing. */
export class NGramModel {
  /** n: the length of the longest n-gram counted. */
  readonly order: number;
  /** Number of distinct ids V. */
  readonly vocabSize: number;
  /** The smoothing used by {@link prob}. */
  readonly smoothing: Smoothing;
  /** The pseudo-count of add-k smoothing. */
  readonly k: number;
  /** Number of trie nodes, the root (empty n-gram) included. */
  readonly nodeCount: number;

  readonly #trie: NGramTrie;
  // Statistics of each node as a context h, over its followers h w.
  readonly #totalRaw: Float64Array; // Σ_w c(h w)
  readonly #total: Float64Array; // Σ_w c'(h w), c' = c at order n, else N₁₊(•)
  readonly #followers: Int32Array; // N₁, N₂, N₃₊ of c'(h w), 3 per node
  readonly #discounts: Float64Array; // D₁, D₂, D₃₊ per order, 3 per order
  readonly #types: Int32Array; // distinct n-grams per order

  private constructor(
    options: Required<Omit<NGramOptions, "discount">>,
    trie: NGramTrie,
    discount: NGramOptions["discount"],
  ) {
    this.order = options.order;
    this.vocabSize = options.vocabSize;
    this.smoothing = options.smoothing;
    this.k = options.k;
    const n = trie.size;
    this.nodeCount = n;
    this.#trie = trie;
    const { context, depth, count, continuation } = trie;
    const order = this.order;

    // c' and the count-of-counts n₁…n₄ per order.
    const countOfCounts = new Float64Array((order + 1) * 5);
    this.#types = new Int32Array(order + 1);
    this.#totalRaw = new Float64Array(n);
    this.#total = new Float64Array(n);
    this.#followers = new Int32Array(3 * n);
    for (let g = 1; g < n; g++) {
      const o = depth[g];
      this.#types[o]++;
      const h = context[g];
      this.#totalRaw[h] += count[g];
      const v = o === order ? count[g] : continuation[g];
      if (v === 0) continue; // seen only at the stream's start: no continuation
      this.#total[h] += v;
      this.#followers[3 * h + Math.min(v, 3) - 1]++;
      if (v <= 4) countOfCounts[5 * o + v]++;
    }
    this.#discounts = new Float64Array(3 * (order + 1));
    for (let o = 1; o <= order; o++) {
      const d = discount === undefined
        ? lenientDiscounts(countOfCounts.subarray(5 * o, 5 * o + 5))
        : typeof discount === "number"
        ? [discount, discount, discount]
        : discount;
      this.#discounts.set(d, 3 * o);
    }
  }

  /**
   * Counts all n-grams of orders 1 … `order` in `ids` (one stream) and
   * returns the smoothed model.
   *
   * @example
   * ```ts
   * import { NGramModel } from "./ngram_model.ts";
   * const model = NGramModel.train([0, 1, 0, 1, 0, 2], { order: 2, smoothing: "add-k", k: 1 });
   * // after 0: 1 twice, 2 once, in 3 → (2 + 1) / (3 + 3)
   * console.assert(model.prob([0], 1) === 0.5);
   * ```
   */
  static train(ids: ArrayLike<number>, options: NGramOptions): NGramModel {
    const order = options.order;
    checkOrder("NGramModel", order, 255);
    const smoothing = options.smoothing ?? "kneser-ney";
    if (smoothing !== "kneser-ney" && smoothing !== "add-k") {
      throw new RangeError(
        `NGramModel: smoothing must be "kneser-ney" or "add-k", got ${JSON.stringify(smoothing)}`,
      );
    }
    const k = options.k ?? 1;
    if (!(k > 0) || !Number.isFinite(k)) {
      throw new RangeError(`NGramModel: k must be a finite number > 0, got ${k}`);
    }
    const vocabSize = options.vocabSize ?? maxIdPlusOne(ids);
    if (!Number.isInteger(vocabSize) || vocabSize < 1) {
      throw new RangeError(`NGramModel: vocabSize must be an integer ≥ 1, got ${vocabSize}`);
    }
    checkIds("NGramModel.train", ids, vocabSize);
    const discount = options.discount;
    if (discount !== undefined) checkDiscount(discount);
    const trie = countStream(ids, order);
    return new NGramModel({ order, smoothing, k, vocabSize }, trie, discount);
  }

  /**
   * P(next | context). Only the last `order − 1` tokens of `context` matter;
   * a shorter context (the start of a stream) uses the orders it has.
   */
  prob(context: ArrayLike<number>, next: number): number {
    checkIds("prob: context", context, this.vocabSize);
    checkId("prob: next", next, this.vocabSize);
    const chain = new Int32Array(this.order);
    const m = this.#contextChain(context, 0, context.length, chain);
    return this.#probGiven(chain, m, context, context.length, next);
  }

  /** P(w | context) for every w of the vocabulary (sums to 1). */
  distribution(context: ArrayLike<number>): Float64Array {
    checkIds("distribution: context", context, this.vocabSize);
    const chain = new Int32Array(this.order);
    const m = this.#contextChain(context, 0, context.length, chain);
    const p = new Float64Array(this.vocabSize);
    for (let w = 0; w < this.vocabSize; w++) {
      p[w] = this.#probGiven(chain, m, context, context.length, w);
    }
    return p;
  }

  /**
   * Average negative log-probability of `ids` in nats per token: each token
   * is predicted from the `order − 1` tokens before it in `ids`, the first
   * ones from the shorter contexts the stream has (the stream is evaluated
   * on its own, without the training text before it).
   */
  crossEntropy(ids: ArrayLike<number>): number {
    if (ids.length === 0) throw new RangeError("crossEntropy: no tokens to evaluate");
    checkIds("crossEntropy", ids, this.vocabSize);
    const chain = new Int32Array(this.order);
    let sum = 0;
    for (let i = 0; i < ids.length; i++) {
      const from = Math.max(0, i - this.order + 1);
      const m = this.#contextChain(ids, from, i, chain);
      sum -= Math.log(this.#probGiven(chain, m, ids, i, ids[i]));
    }
    return sum / ids.length;
  }

  /** Draws the next token from P(· | context). */
  sample(rng: Random, context: ArrayLike<number>): number {
    return sampleCategorical(rng, this.distribution(context));
  }

  /** Extends `prompt` by `length` sampled tokens and returns the new tokens. */
  generate(rng: Random, prompt: ArrayLike<number>, length: number): number[] {
    const tokens = Array.from(prompt);
    const out: number[] = [];
    for (let i = 0; i < length; i++) {
      const next = this.sample(rng, tokens.slice(Math.max(0, tokens.length - this.order + 1)));
      tokens.push(next);
      out.push(next);
    }
    return out;
  }

  /** c(g): how often the n-gram `ngram` occurs in the training stream (0 for the empty one: see {@link tokenCount}). */
  count(ngram: ArrayLike<number>): number {
    const g = this.#trie.find(ngram);
    return g > 0 ? this.#trie.count[g] : 0;
  }

  /** N₁₊(• g): the number of distinct tokens seen just before `ngram`. */
  continuationCount(ngram: ArrayLike<number>): number {
    const g = this.#trie.find(ngram);
    return g > 0 ? this.#trie.continuation[g] : 0;
  }

  /** Number of training tokens. */
  get tokenCount(): number {
    return this.#totalRaw[0];
  }

  /** Number of distinct n-grams of one order (1 … `order`). */
  types(order: number): number {
    this.#checkOrder(order);
    return this.#types[order];
  }

  /** The Kneser–Ney discounts [D₁, D₂, D₃₊] of one order (1 … `order`). */
  discounts(order: number): [number, number, number] {
    this.#checkOrder(order);
    const d = this.#discounts;
    return [d[3 * order], d[3 * order + 1], d[3 * order + 2]];
  }

  #checkOrder(order: number): void {
    checkOrder("NGramModel", order, this.order);
  }

  /**
   * Fills chain[j] with the node of the last j tokens of ctx[from, to)
   * (EMPTY once unseen), j = 0 … m with m = min(order − 1, to − from).
   */
  #contextChain(ctx: ArrayLike<number>, from: number, to: number, chain: Int32Array): number {
    const m = Math.min(this.order - 1, to - from);
    let h = 0;
    chain[0] = 0;
    for (let j = 1; j <= m; j++) {
      if (h !== EMPTY) h = this.#trie.child(h, ctx[to - j]);
      chain[j] = h;
    }
    return m;
  }

  #probGiven(chain: Int32Array, m: number, ctx: ArrayLike<number>, to: number, w: number): number {
    const V = this.vocabSize;
    let hw = this.#trie.child(0, w); // node of (last j context tokens, w), j = 0 first
    if (this.smoothing === "add-k") {
      for (let j = 1; j <= m && hw !== EMPTY; j++) hw = this.#trie.child(hw, ctx[to - j]);
      const h = chain[m];
      const c = hw === EMPTY ? 0 : this.#trie.count[hw];
      const total = h === EMPTY ? 0 : this.#totalRaw[h];
      return (c + this.k) / (total + this.k * V);
    }
    let p = 1 / V;
    for (let j = 0; j <= m; j++) {
      if (j > 0 && hw !== EMPTY) hw = this.#trie.child(hw, ctx[to - j]);
      const h = chain[j];
      if (h === EMPTY) break; // longer contexts are unseen too
      const total = this.#total[h];
      if (total === 0) continue;
      const o = 3 * (j + 1); // discounts of order j + 1
      const D1 = this.#discounts[o], D2 = this.#discounts[o + 1], D3 = this.#discounts[o + 2];
      const f = 3 * h;
      const gamma = (D1 * this.#followers[f] + D2 * this.#followers[f + 1] +
        D3 * this.#followers[f + 2]) / total;
      let v = 0;
      if (hw !== EMPTY) {
        v = j + 1 === this.order ? this.#trie.count[hw] : this.#trie.continuation[hw];
      }
      const discounted = v === 0 ? 0 : v - (v === 1 ? D1 : v === 2 ? D2 : D3);
      p = discounted / total + gamma * p;
    }
    return p;
  }
}

/**
 * Chen & Goodman's discounts from the count-of-counts n₁ … n₄ (`nr[r]`, the
 * formulas of `countOfCountsDiscounts`), leniently: a discount the counts cannot give (n_r = 0, or a value outside
 * (0, r]) falls back to Y = n₁/(n₁ + 2n₂) (0.5 if n₁ = 0); it then only
 * matters for counts that do not occur.
 */
function lenientDiscounts(nr: ArrayLike<number>): [number, number, number] {
  const Y = nr[1] > 0 ? nr[1] / (nr[1] + 2 * nr[2]) : 0.5;
  const d: [number, number, number] = [Y, Y, Y];
  for (let r = 1; r <= 3; r++) {
    if (nr[r] === 0) continue;
    const D = r - (r + 1) * Y * nr[r + 1] / nr[r];
    if (D > 0 && D <= r) d[r - 1] = D;
  }
  return d;
}

function checkDiscount(discount: number | readonly [number, number, number]): void {
  const d = typeof discount === "number" ? [discount, discount, discount] : discount;
  if (d.length !== 3) {
    throw new RangeError(`NGramModel: discount must be a number or [D1, D2, D3+], got ${d}`);
  }
  d.forEach((D, i) => {
    const max = typeof discount === "number" ? 1 : i + 1;
    if (!(D > 0 && D <= max)) {
      throw new RangeError(
        `NGramModel: discount ${
          typeof discount === "number" ? "" : `D${i + 1} `
        }must be in (0, ${max}], got ${D}`,
      );
    }
  });
}
