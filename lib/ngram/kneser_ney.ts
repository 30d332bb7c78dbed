/**
 * Interpolated modified Kneser–Ney over sentences, the way KenLM's
 * `lmplz -o 5` builds it (no pruning, no cutoffs): the n-gram baseline of
 * Mikolov et al. (2010), "KN5".
 *
 * Text is one stream of word ids in which an end-of-sentence id (`</s>`)
 * closes each sentence. A start-of-sentence token `<s>` stands before each
 * sentence as context only: it is never predicted, while `</s>` is
 * predicted and counted. At every order,
 *
 *   `P(w | h) = (a(h w) − D_o(a)) / Σ_v a(h v) + γ(h) · P(w | h′)`,
 *   `γ(h) = (D₁·N₁(h •) + D₂·N₂(h •) + D₃₊·N₃₊(h •)) / Σ_v a(h v)`,
 *
 * where `h′` is `h` without its first word, `a` the adjusted count (the
 * count at the highest order and for n-grams that begin with `<s>`, else the
 * continuation count N₁₊(• g), the number of distinct words seen before g,
 * `<s>` included), `N_r(h •)` the number of words w with a(h w) = r (3 or
 * more for N₃₊), and the discounts of order o come from its count-of-counts
 * of adjusted counts (`countOfCountsDiscounts`). Below the unigrams lies the
 * uniform 1/V over the vocabulary (`</s>` in it, `<s>` not). A context
 * never seen passes to the next shorter one. Every probability is then
 * stored in backoff form: `P(w | h)` of an n-gram seen in training, and
 * `γ(h) · P(w | h′)` for an unseen one — which is what an ARPA file holds
 * (`toArpa`).
 *
 * @module
 */

import { checkDiscounts, checkId, checkIds, checkInteger, checkOrder } from "./_checks.ts";
import { countSentences } from "./_count.ts";
import { adjustedCount, kneserNeyStats } from "./_kneser_ney_stats.ts";
import { EMPTY, type NGramTrie } from "./_trie.ts";
import type { Discounts } from "./discounts.ts";

/** Options of {@link KneserNeyLM.train}. */
export interface KneserNeyOptions {
  /** V: ids lie in [0, V), `eos` and `<unk>` among them (`<s>` is not: the model adds it). */
  vocabSize: number;
  /** The id of `</s>`, which ends each sentence of the stream. */
  eos: number;
  /** n, the longest n-gram (default 5). */
  order?: number;
  /**
   * Discounts for an order whose count-of-counts cannot give valid ones
   * (tiny or artificial data); KenLM's `--discount_fallback` uses
   * `[0.5, 1, 1.5]`. Without it such data throws.
   */
  discountFallback?: Discounts;
}

/** Log-likelihood of a stream: see {@link KneserNeyLM.evaluate}. */
export interface KneserNeyEvaluation {
  /** Tokens scored: words and `</s>`. */
  tokens: number;
  /** Σ ln P over the tokens (nats). */
  logProb: number;
  /** −logProb / tokens: nats per token. */
  crossEntropy: number;
  /** exp(crossEntropy). */
  perplexity: number;
}

/** An interpolated modified Kneser–Ney language model over sentences. */
export class KneserNeyLM {
  /** n: the length of the longest n-gram. */
  readonly order: number;
  /** V: the number of ids that can be predicted (`</s>` included). */
  readonly vocabSize: number;
  /** The id of `</s>`. */
  readonly eos: number;
  /** The id the model gives `<s>`: `vocabSize` (outside the vocabulary). */
  readonly bos: number;
  readonly #trie: NGramTrie;
  readonly #prob: Float64Array;
  readonly #backoff: Float64Array;
  readonly #discounts: Float64Array;
  readonly #types: Int32Array;

  private constructor(
    trie: NGramTrie,
    options: Required<Omit<KneserNeyOptions, "discountFallback">>,
    fallback?: Discounts,
  ) {
    this.order = options.order;
    this.vocabSize = options.vocabSize;
    this.eos = options.eos;
    this.bos = options.vocabSize;
    this.#trie = trie;
    const stats = kneserNeyStats(trie, this.order, this.vocabSize, this.bos, fallback);
    this.#prob = stats.prob;
    this.#backoff = stats.backoff;
    this.#discounts = stats.discounts;
    this.#types = stats.types;
  }

  /**
   * Counts every n-gram of the sentences of `ids` (each closed by `eos`; a
   * last sentence without it is counted as it stands) and smooths them.
   *
   * @example
   * ```ts
   * import { KneserNeyLM } from "./kneser_ney.ts";
   * // ids: 0 = </s>, 1 = a, 2 = b, 3 = <unk>; three sentences "a b", "a b", "b"
   * const model = KneserNeyLM.train([1, 2, 0, 1, 2, 0, 2, 0], {
   *   vocabSize: 4, eos: 0, order: 2, discountFallback: [0.5, 1, 1.5],
   * });
   * let sum = 0;
   * for (let w = 0; w < 4; w++) sum += model.prob([1], w); // after <s> a
   * console.assert(Math.abs(sum - 1) < 1e-12);
   * console.assert(model.prob([1], 2) > model.prob([1], 1)); // b follows a, a does not
   * ```
   */
  static train(ids: ArrayLike<number>, options: KneserNeyOptions): KneserNeyLM {
    const { vocabSize, eos, order = 5, discountFallback } = options;
    checkOrder("KneserNeyLM", order, 255);
    checkInteger("KneserNeyLM: vocabSize", vocabSize, 2);
    checkId("KneserNeyLM: eos", eos, vocabSize);
    checkIds("KneserNeyLM.train", ids, vocabSize);
    if (ids.length === 0) throw new RangeError("KneserNeyLM.train: no tokens to count");
    if (discountFallback) checkDiscounts("KneserNeyLM: discountFallback", discountFallback);
    const trie = countSentences(ids, order, eos, vocabSize);
    return new KneserNeyLM(trie, { vocabSize, eos, order }, discountFallback);
  }

  /**
   * P(next | history), where `history` is the words of the current sentence
   * before `next` (without `<s>`, which the model puts in front; only the last
   * `order − 1` matter, `<s>` among them for a short history).
   */
  prob(history: ArrayLike<number>, next: number): number {
    this.#checkHistory(history);
    checkId("KneserNeyLM.prob: next", next, this.vocabSize);
    const from = Math.max(0, history.length - this.order + 1);
    return this.#probability(history, from, history.length, from === 0, next);
  }

  /** ln P(next | history), as {@link prob}. */
  logProb(history: ArrayLike<number>, next: number): number {
    return Math.log(this.prob(history, next));
  }

  /**
   * ln P of every token of a stream (words and `</s>`, sentences as in
   * training): the per-token log-probabilities (natural logarithms) to mix
   * with another model's. Each token is predicted from its sentence so far,
   * `<s>` first.
   *
   * @example
   * ```ts
   * import { KneserNeyLM } from "./kneser_ney.ts";
   * const ids = [1, 2, 0, 1, 2, 0, 2, 0];
   * const model = KneserNeyLM.train(ids, { vocabSize: 4, eos: 0, order: 2, discountFallback: [0.5, 1, 1.5] });
   * const lp = model.logProbs([1, 2, 0]);
   * console.assert(lp.length === 3 && Math.abs(lp[1] - model.logProb([1], 2)) < 1e-15);
   * ```
   */
  logProbs(ids: ArrayLike<number>): Float64Array {
    checkIds("KneserNeyLM.logProbs", ids, this.vocabSize);
    const out = new Float64Array(ids.length);
    let start = 0; // the first token of the current sentence
    for (let i = 0; i < ids.length; i++) {
      const from = Math.max(start, i - this.order + 1);
      out[i] = Math.log(this.#probability(ids, from, i, from === start, ids[i]));
      if (ids[i] === this.eos) start = i + 1;
    }
    return out;
  }

  /**
   * Log-likelihood, cross-entropy and perplexity of a stream by the PTB and
   * `rnnlm` convention: every token counts, `</s>` and `<unk>` included.
   */
  evaluate(ids: ArrayLike<number>): KneserNeyEvaluation {
    if (ids.length === 0) throw new RangeError("KneserNeyLM.evaluate: no tokens to evaluate");
    let logProb = 0;
    for (const lp of this.logProbs(ids)) logProb += lp;
    const crossEntropy = -logProb / ids.length;
    return { tokens: ids.length, logProb, crossEntropy, perplexity: Math.exp(crossEntropy) };
  }

  /** The discounts [D₁, D₂, D₃₊] of one order (1 … `order`). */
  discounts(order: number): Discounts {
    checkOrder("KneserNeyLM.discounts", order, this.order);
    const d = this.#discounts;
    return [d[3 * order], d[3 * order + 1], d[3 * order + 2]];
  }

  /** Number of distinct n-grams of one order (those starting with `<s>` included; `<s>` is a unigram). */
  types(order: number): number {
    checkOrder("KneserNeyLM.types", order, this.order);
    return this.#types[order];
  }

  /** c(g): occurrences of an n-gram in training (ids in reading order; `bos` may start it). */
  count(ngram: ArrayLike<number>): number {
    const g = this.#find(ngram);
    return g > 0 ? this.#trie.count[g] : 0;
  }

  /**
   * a(g), the count Kneser–Ney smooths: the count for the highest order and
   * for n-grams that start with `<s>`, else the continuation count N₁₊(• g).
   */
  adjustedCount(ngram: ArrayLike<number>): number {
    const g = this.#find(ngram);
    return g > 0 ? adjustedCount(this.#trie, g, this.order, this.bos) : 0;
  }

  /**
   * Every n-gram of the model with its log10 probability and log10 backoff
   * weight (0 for n-grams that are no context), unigrams first; then each
   * vocabulary id never seen in training, as a unigram with
   * P = γ(ε)/V. `<s>` is the unigram `[bos]` with log10 P = 0, as KenLM writes it.
   */
  *entries(): Generator<{ ngram: number[]; log10Prob: number; log10Backoff: number }> {
    const trie = this.#trie, byOrder: number[][] = Array.from({ length: this.order + 1 }, () => []);
    for (let g = 1; g < trie.size; g++) byOrder[trie.depth[g]].push(g);
    for (let w = 0; w < this.vocabSize; w++) {
      if (trie.child(0, w) !== EMPTY) continue;
      yield {
        ngram: [w],
        log10Prob: Math.log10(this.#backoff[0] / this.vocabSize),
        log10Backoff: 0,
      };
    }
    for (let o = 1; o <= this.order; o++) {
      for (const g of byOrder[o]) {
        yield {
          ngram: trie.ngram(g),
          log10Prob: Math.log10(this.#prob[g]),
          log10Backoff: o < this.order ? Math.log10(this.#backoff[g]) : 0,
        };
      }
    }
  }

  #checkHistory(history: ArrayLike<number>): void {
    checkIds("KneserNeyLM.prob: history", history, this.vocabSize);
    for (let i = 0; i < history.length; i++) {
      if (history[i] === this.eos) {
        throw new RangeError(
          `KneserNeyLM.prob: history holds </s> (id ${this.eos}) at position ${i}; pass the words of one sentence, or score a stream with logProbs`,
        );
      }
    }
  }

  #find(ngram: ArrayLike<number>): number {
    return ngram.length === 0 ? EMPTY : this.#trie.find(ngram);
  }

  /**
   * P(w | ctx[from, to)), with `<s>` before ctx[from] when `atStart`: the
   * stored P of the longest n-gram seen, times γ of each longer context seen.
   */
  #probability(
    ctx: ArrayLike<number>,
    from: number,
    to: number,
    atStart: boolean,
    w: number,
  ): number {
    const trie = this.#trie;
    const m = Math.min(this.order - 1, to - from + (atStart ? 1 : 0));
    let hw = trie.child(0, w), h = 0;
    let p = hw !== EMPTY ? this.#prob[hw] : this.#backoff[0] / this.vocabSize;
    for (let j = 1; j <= m; j++) {
      const t = j <= to - from ? ctx[to - j] : this.bos;
      h = trie.child(h, t);
      if (h === EMPTY) break; // longer contexts are unseen too
      if (hw !== EMPTY) hw = trie.child(hw, t);
      p = hw !== EMPTY ? this.#prob[hw] : p * this.#backoff[h];
    }
    return p;
  }
}
