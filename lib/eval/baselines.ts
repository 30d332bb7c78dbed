/**
 * Count-based baselines that a sequence model must beat to be worth its
 * training time:
 *
 * - {@link SuffixBaseline}: classify a word by its last letter(s), predicting
 *   the class most often seen with that ending in the training words;
 * - {@link MostFrequentTagBaseline}: tag each word with the tag it carried
 *   most often in the training text, and unknown words with the overall most
 *   frequent tag.
 *
 * Ties are broken towards the smaller class id, so results are deterministic.
 *
 * @module
 */

import { requireIds } from "../core/guards.ts";
import { argmax } from "../sampling/pick.ts";

/** Options of {@link SuffixBaseline.fit}. */
export interface SuffixBaselineOptions {
  /** Number of classes. */
  numClasses: number;
  /** How many final letters form the key (default 1: the last letter). */
  suffixLength?: number;
}

/**
 * Majority class per ending: `predict(word)` is the class most frequent
 * among training words with the same last `suffixLength` letters, or the
 * overall majority class for an ending never seen in training.
 *
 * @example
 * ```ts
 * import { SuffixBaseline } from "./baselines.ts";
 * const base = SuffixBaseline.fit(["anna", "maria", "john", "tom", "emma"], [0, 0, 1, 1, 0], { numClasses: 2 });
 * console.assert(base.predict("julia") === 0 && base.predict("stan") === 1);
 * console.assert(base.predict("xyz") === 0); // unseen ending: the majority class
 * ```
 */
export class SuffixBaseline {
  /** Ending → predicted class, for every ending seen in training. */
  readonly table: ReadonlyMap<string, number>;
  /** The class predicted for unseen endings (the overall majority). */
  readonly fallback: number;
  /** How many final letters form the key. */
  readonly suffixLength: number;

  private constructor(table: Map<string, number>, fallback: number, suffixLength: number) {
    this.table = table;
    this.fallback = fallback;
    this.suffixLength = suffixLength;
  }

  /** Counts classes per ending in `words` (with their `labels`) and keeps the majority. */
  static fit(
    words: readonly string[],
    labels: ArrayLike<number>,
    options: SuffixBaselineOptions,
  ): SuffixBaseline {
    const { numClasses, suffixLength = 1 } = options;
    if (words.length !== labels.length) {
      throw new RangeError(`SuffixBaseline.fit: ${words.length} words but ${labels.length} labels`);
    }
    if (words.length === 0) throw new RangeError("SuffixBaseline.fit: no training words");
    if (!Number.isInteger(suffixLength) || suffixLength < 1) {
      throw new RangeError(`suffixLength must be a positive integer, got ${suffixLength}`);
    }
    requireIds("SuffixBaseline labels", labels, numClasses);
    const counts = new Map<string, Float64Array>();
    const overall = new Float64Array(numClasses);
    words.forEach((word, i) => {
      const key = word.slice(-suffixLength);
      let c = counts.get(key);
      if (c === undefined) counts.set(key, c = new Float64Array(numClasses));
      c[labels[i]]++;
      overall[labels[i]]++;
    });
    const table = new Map<string, number>();
    for (const [key, c] of counts) table.set(key, argmax(c));
    return new SuffixBaseline(table, argmax(overall), suffixLength);
  }

  /** The class of one word. */
  predict(word: string): number {
    return this.table.get(word.slice(-this.suffixLength)) ?? this.fallback;
  }

  /** Fraction of `words` whose predicted class is their label. */
  accuracy(words: readonly string[], labels: ArrayLike<number>): number {
    if (words.length !== labels.length || words.length === 0) {
      throw new RangeError(
        `SuffixBaseline.accuracy: need as many labels as words (≥ 1), got ${words.length} and ${labels.length}`,
      );
    }
    let right = 0;
    words.forEach((w, i) => (right += this.predict(w) === labels[i] ? 1 : 0));
    return right / words.length;
  }
}

/**
 * The most-frequent-tag tagger: each known word gets the tag it had most
 * often in training (context is ignored), each unknown word the tag most
 * frequent over all training tokens.
 *
 * @example
 * ```ts
 * import { MostFrequentTagBaseline } from "./baselines.ts";
 * const words = [["the", "dog", "runs"], ["dogs", "cats"]];
 * const tags = [[0, 1, 2], [1, 1]]; // DET NOUN VERB / NOUN NOUN
 * const base = MostFrequentTagBaseline.fit(words, tags, { numTags: 3 });
 * console.assert(base.predict(["the", "bird"]).join() === "0,1"); // "bird" unknown → NOUN
 * ```
 */
export class MostFrequentTagBaseline {
  /** Word → its most frequent training tag. */
  readonly table: ReadonlyMap<string, number>;
  /** The tag of unknown words: the most frequent tag of all training tokens. */
  readonly fallback: number;

  private constructor(table: Map<string, number>, fallback: number) {
    this.table = table;
    this.fallback = fallback;
  }

  /** Counts tags per word over the training sentences. */
  static fit(
    sentences: readonly (readonly string[])[],
    tags: readonly ArrayLike<number>[],
    options: { numTags: number },
  ): MostFrequentTagBaseline {
    const { numTags } = options;
    if (sentences.length !== tags.length || sentences.length === 0) {
      throw new RangeError(
        `MostFrequentTagBaseline.fit: need as many tag lists as sentences (≥ 1), got ${sentences.length} and ${tags.length}`,
      );
    }
    const counts = new Map<string, Float64Array>();
    const overall = new Float64Array(numTags);
    sentences.forEach((words, s) => {
      if (words.length !== tags[s].length) {
        throw new RangeError(
          `MostFrequentTagBaseline.fit: sentence ${s} has ${words.length} words but ${
            tags[s].length
          } tags`,
        );
      }
      requireIds(`MostFrequentTagBaseline tags of sentence ${s}`, tags[s], numTags);
      words.forEach((w, t) => {
        let c = counts.get(w);
        if (c === undefined) counts.set(w, c = new Float64Array(numTags));
        c[tags[s][t]]++;
        overall[tags[s][t]]++;
      });
    });
    const table = new Map<string, number>();
    for (const [w, c] of counts) table.set(w, argmax(c));
    return new MostFrequentTagBaseline(table, argmax(overall));
  }

  /** One tag per word. */
  predict(words: readonly string[]): number[] {
    return words.map((w) => this.table.get(w) ?? this.fallback);
  }

  /** Fraction of all tokens tagged right, over the sentences. */
  accuracy(sentences: readonly (readonly string[])[], tags: readonly ArrayLike<number>[]): number {
    let right = 0, total = 0;
    sentences.forEach((words, s) => {
      this.predict(words).forEach((tag, t) => (right += tag === tags[s][t] ? 1 : 0));
      total += words.length;
    });
    if (total === 0) throw new RangeError("MostFrequentTagBaseline.accuracy: no tokens");
    return right / total;
  }

  /** Fraction of tokens whose word was never seen in training. */
  unknownRate(sentences: readonly (readonly string[])[]): number {
    let unknown = 0, total = 0;
    for (const words of sentences) {
      for (const w of words) unknown += this.table.has(w) ? 0 : 1;
      total += words.length;
    }
    return total > 0 ? unknown / total : 0;
  }
}

/**
 * The lowest mean cross-entropy (nats per target token) that any model can
 * reach on these sequences when its prediction at step t may depend only on
 * the label and on t: the entropy of the empirical distribution of the
 * target at each (label, step), pooled over all target tokens. Each sequence
 * is followed by `eos`, as in the targets of `generationBatches`.
 *
 * A one-to-many RNN that sees its label at the first step and zero vectors
 * afterwards is such a model (its state at step t is a function of the label
 * and t alone), so its training loss can never go below this value.
 *
 * @example
 * ```ts
 * import { positionOnlyCrossEntropy } from "./baselines.ts";
 * // label 0: "ab", "ac" → step 0 always a (0 nats), step 1 b or c (ln 2), step 2 </s> (0)
 * const floor = positionOnlyCrossEntropy([[1, 2], [1, 3]], [0, 0], 0);
 * console.assert(Math.abs(floor - (2 * Math.log(2)) / 6) < 1e-12);
 * ```
 */
export function positionOnlyCrossEntropy(
  sequences: readonly ArrayLike<number>[],
  labels: ArrayLike<number>,
  eos: number,
): number {
  if (sequences.length !== labels.length || sequences.length === 0) {
    throw new RangeError(
      `positionOnlyCrossEntropy: need as many labels as sequences (≥ 1), got ${sequences.length} and ${labels.length}`,
    );
  }
  // counts.get(`${label} ${t}`) maps token → count.
  const counts = new Map<string, Map<number, number>>();
  let tokens = 0;
  sequences.forEach((s, i) => {
    for (let t = 0; t <= s.length; t++) {
      const token = t < s.length ? s[t] : eos;
      const key = `${labels[i]} ${t}`;
      let c = counts.get(key);
      if (c === undefined) counts.set(key, c = new Map());
      c.set(token, (c.get(token) ?? 0) + 1);
      tokens++;
    }
  });
  let nats = 0;
  for (const c of counts.values()) {
    let n = 0;
    for (const k of c.values()) n += k;
    for (const k of c.values()) nats -= k * Math.log(k / n);
  }
  return nats / tokens;
}

/**
 * The baseline with no context at all: the cross-entropy (bits per token) of
 * `evaluation` under the token frequencies of `train`, with add-one
 * smoothing so unseen tokens have a finite cost.
 *
 * @example
 * ```ts
 * import { unigramBitsPerToken } from "./baselines.ts";
 * console.assert(unigramBitsPerToken([0, 1], [0, 1], 2) === 1);
 * ```
 */
export function unigramBitsPerToken(
  train: ArrayLike<number>,
  evaluation: ArrayLike<number>,
  vocabSize: number,
): number {
  const counts = new Float64Array(vocabSize).fill(1);
  for (const id of requireIds("unigramBitsPerToken train", train, vocabSize)) counts[id]++;
  const total = train.length + vocabSize;
  let bits = 0;
  for (const id of requireIds("unigramBitsPerToken evaluation", evaluation, vocabSize)) {
    bits -= Math.log2(counts[id] / total);
  }
  return bits / evaluation.length;
}
