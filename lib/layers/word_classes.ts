/**
 * Word classes for a factorised softmax: `P(w | h) = P(c(w) | h) · P(w | c(w), h)`,
 * with the words binned by frequency, exactly as the RNNLM toolkit's
 * `-class N` bins them (`initNet` in `rnnlmlib.cpp`, version 0.4b).
 *
 * The toolkit walks its vocabulary in order (`</s>` first, then the words
 * from most to least frequent) and accumulates each word's share of the
 * training tokens. A word goes to the current class `a`; when the running
 * share passes `(a + 1)/N`, the next word starts class `a + 1`. Two shares:
 *
 * - `"sqrt"` (the default since rnnlm 0.3d, Dan Povey's): `√(c_w/T) / Σ_v √(c_v/T)`;
 * - `"linear"` (`-old-classes`): `c_w / T`, so every class holds about the same
 *   number of training tokens.
 *
 * Either way the classes are contiguous ranges of ids, frequent words in
 * small classes and rare words in large ones: the output layer scores the
 * `N` classes and then only the words of one class, instead of the whole
 * vocabulary.
 *
 * @module
 */

import { requireOneOf, requirePositiveInteger } from "../core/guards.ts";

/** How a word's share of the training tokens is measured when binning. */
export type ClassBinning = "sqrt" | "linear";

/**
 * A partition of the ids `0 … V−1` into contiguous classes.
 *
 * @example
 * ```ts
 * import { WordClasses } from "./word_classes.ts";
 * // counts in vocabulary order (most frequent first): two classes
 * const classes = WordClasses.fromCounts([60, 20, 10, 5, 5], 2, "linear");
 * console.assert(classes.classOf.join() === "0,1,1,1,1" && classes.size(1) === 4);
 * console.assert(classes.start(1) === 1 && classes.end(1) === 5);
 * ```
 */
export class WordClasses {
  /** Class of every word id. */
  readonly classOf: Int32Array;
  /** Class boundaries: class `c` holds ids `starts[c] … starts[c+1] − 1`. */
  readonly starts: Int32Array;

  /** Classes from each word's class; they must be `0, 1, 2, …` in id order, none empty. */
  constructor(classOf: ArrayLike<number>) {
    if (classOf.length === 0) throw new RangeError("WordClasses: no words");
    if (classOf[0] !== 0) {
      throw new RangeError(`WordClasses: word 0 must be in class 0, it is in ${classOf[0]}`);
    }
    const starts = [0];
    for (let w = 1; w < classOf.length; w++) {
      const step = classOf[w] - classOf[w - 1];
      if (step !== 0 && step !== 1) {
        throw new RangeError(
          `WordClasses: classes must be contiguous id ranges numbered in order; word ${w} ` +
            `is in class ${classOf[w]} after word ${w - 1} in class ${classOf[w - 1]}`,
        );
      }
      if (step === 1) starts.push(w);
    }
    starts.push(classOf.length);
    this.classOf = Int32Array.from(classOf);
    this.starts = Int32Array.from(starts);
  }

  /**
   * The toolkit's binning of a vocabulary whose `counts` are in its id order
   * (the binning only makes sense when frequent words come first). Uses at
   * most `numClasses` classes; with fewer words than classes, or very uneven
   * counts, fewer (the toolkit would keep empty classes that take probability
   * mass and never give it to a word).
   */
  static fromCounts(
    counts: ArrayLike<number>,
    numClasses: number,
    binning: ClassBinning = "sqrt",
  ): WordClasses {
    requirePositiveInteger("numClasses", numClasses);
    requireOneOf("binning", binning, ["sqrt", "linear"]);
    const V = counts.length;
    let total = 0;
    for (let w = 0; w < V; w++) {
      const c = counts[w];
      if (!Number.isFinite(c) || c < 0) {
        throw new RangeError(`WordClasses.fromCounts: count of word ${w} is ${c}, expected ≥ 0`);
      }
      total += c;
    }
    if (!(total > 0)) throw new RangeError("WordClasses.fromCounts: every count is 0");
    const share = (c: number) => binning === "sqrt" ? Math.sqrt(c / total) : c / total;
    let norm = 0;
    for (let w = 0; w < V; w++) norm += share(counts[w]);
    const classOf = new Int32Array(V);
    let cumulative = 0, a = 0;
    for (let w = 0; w < V; w++) {
      cumulative = Math.min(1, cumulative + share(counts[w]) / norm);
      classOf[w] = a;
      if (cumulative > (a + 1) / numClasses && a < numClasses - 1) a++;
    }
    return new WordClasses(classOf);
  }

  /** Number of words. */
  get vocabSize(): number {
    return this.classOf.length;
  }

  /** Number of classes. */
  get numClasses(): number {
    return this.starts.length - 1;
  }

  /** First id of class `c`. */
  start(c: number): number {
    return this.starts[c];
  }

  /** One past the last id of class `c`. */
  end(c: number): number {
    return this.starts[c + 1];
  }

  /** Number of words in class `c`. */
  size(c: number): number {
    return this.starts[c + 1] - this.starts[c];
  }

  /**
   * The mean number of words the output layer scores per token: the size of
   * each token's class, averaged over `counts` (e.g. the training counts).
   */
  meanClassSize(counts: ArrayLike<number>): number {
    let sum = 0, n = 0;
    for (let w = 0; w < counts.length; w++) {
      sum += counts[w] * this.size(this.classOf[w]);
      n += counts[w];
    }
    return n > 0 ? sum / n : 0;
  }
}
