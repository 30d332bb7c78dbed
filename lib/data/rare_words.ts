/**
 * The paper's rare-word token (Mikolov et al. 2010, section 3.2): every word
 * seen fewer than `threshold` times in the training text is merged into one
 * token, which shrinks the output layer; a rare word is then scored as
 *
 * ```
 * P(w | h) = P(rare | h) / C_rare        C_rare = how many words were merged
 * ```
 *
 * so the rare token's probability is shared equally by the words it stands
 * for, and the model still gives a proper distribution over the whole
 * vocabulary: its perplexity compares with a model's that kept every word.
 *
 * PTB-style data does something else with rare words: it replaces them by
 * `<unk>` before any model sees them and scores `<unk>` as an ordinary word,
 * so the vocabulary (and every perplexity on it) is the 10,000 words left.
 * On such data the rare-word token works inside that vocabulary: it merges
 * the rarest of the 10,000 (in the paper's "RNN 90/2", 90 hidden units and
 * threshold 2: the words seen once).
 *
 * @module
 */

import { requireIds } from "../core/guards.ts";

/**
 * A merging of the rare words of a vocabulary into one token.
 *
 * @example
 * ```ts
 * import { RareWords } from "./rare_words.ts";
 * // counts of ids 0…4 (frequency order); threshold 3 merges ids 3 and 4 (counts 2 and 1)
 * const rare = RareWords.fromCounts([9, 6, 4, 2, 1], 3);
 * console.assert(rare.mergedWords === 2 && rare.vocabSize === 4);
 * console.assert(rare.encode([0, 4, 3]).join() === `0,${rare.rareId},${rare.rareId}`);
 * const full = rare.expand([Math.log(0.5), Math.log(0.2)], [0, 4]);
 * console.assert(Math.abs(Math.exp(full[1]) - 0.1) < 1e-12); // P(rare) / 2
 * ```
 */
export class RareWords {
  /** The new id of every word (rare words all get {@link RareWords.rareId}). */
  readonly newIds: Int32Array;
  /** The id of the rare token in the reduced vocabulary. */
  readonly rareId: number;
  /** `C_rare`: how many words were merged. */
  readonly mergedWords: number;
  /** Training count of each reduced id (the rare token's is the sum of the merged words'). */
  readonly counts: Int32Array;
  /** The threshold: words seen fewer times were merged. */
  readonly threshold: number;

  private constructor(
    newIds: Int32Array,
    rareId: number,
    merged: number,
    counts: Int32Array,
    threshold: number,
  ) {
    this.newIds = newIds;
    this.rareId = rareId;
    this.mergedWords = merged;
    this.counts = counts;
    this.threshold = threshold;
  }

  /**
   * Merges every word with `counts[w] < threshold`, except the ids in `keep`
   * (e.g. `</s>`). The reduced vocabulary keeps the other words in their
   * order and puts the rare token where its count ranks it (after id 0), so
   * a frequency-ordered vocabulary stays frequency-ordered.
   */
  static fromCounts(
    counts: ArrayLike<number>,
    threshold: number,
    keep: readonly number[] = [0],
  ): RareWords {
    if (!(threshold >= 1) || !Number.isFinite(threshold)) {
      throw new RangeError(`RareWords: threshold must be a number ≥ 1, got ${threshold}`);
    }
    const V = counts.length, kept = new Set(keep);
    const isRare = (w: number) => counts[w] < threshold && !kept.has(w);
    let rareCount = 0, merged = 0;
    for (let w = 0; w < V; w++) {
      if (!isRare(w)) continue;
      rareCount += counts[w];
      merged++;
    }
    if (merged === 0) {
      throw new RangeError(
        `RareWords: no word is seen fewer than ${threshold} times; nothing to merge`,
      );
    }
    const frequent = Array.from({ length: V }, (_, w) => w).filter((w) => !isRare(w));
    let at = 1;
    while (at < frequent.length && counts[frequent[at]] >= rareCount) at++;
    const order = [...frequent.slice(0, at), -1, ...frequent.slice(at)];
    const newIds = new Int32Array(V).fill(at);
    order.forEach((w, id) => {
      if (w >= 0) newIds[w] = id;
    });
    const reduced = Int32Array.from(order, (w) => w < 0 ? rareCount : counts[w]);
    return new RareWords(newIds, at, merged, reduced, threshold);
  }

  /** Size of the reduced vocabulary (the frequent words and the rare token). */
  get vocabSize(): number {
    return this.counts.length;
  }

  /** Whether word `w` (an id of the full vocabulary) was merged. */
  isRare(w: number): boolean {
    return this.newIds[w] === this.rareId;
  }

  /** Full-vocabulary ids → reduced ids. */
  encode(ids: ArrayLike<number>): Int32Array {
    return Int32Array.from(
      requireIds("RareWords.encode", ids, this.newIds.length),
      (w) => this.newIds[w],
    );
  }

  /** The reduced vocabulary's symbols, given the full vocabulary's (the rare token is `<rare>`). */
  symbols(full: readonly string[]): string[] {
    const out = new Array<string>(this.vocabSize);
    full.forEach((s, w) => {
      if (!this.isRare(w)) out[this.newIds[w]] = s;
    });
    out[this.rareId] = "<rare>";
    return out;
  }

  /**
   * Full-vocabulary log-probabilities of `targets` (full ids) from a reduced
   * model's log-probabilities of the same tokens: `− log C_rare` for a rare word.
   */
  expand(reducedLogProbs: ArrayLike<number>, targets: ArrayLike<number>): Float64Array {
    if (reducedLogProbs.length !== targets.length) {
      throw new RangeError(
        `RareWords.expand: ${reducedLogProbs.length} log-probabilities for ${targets.length} targets`,
      );
    }
    const ids = requireIds("RareWords.expand targets", targets, this.newIds.length);
    const penalty = Math.log(this.mergedWords);
    return Float64Array.from(ids, (w, t) => reducedLogProbs[t] - (this.isRare(w) ? penalty : 0));
  }
}
