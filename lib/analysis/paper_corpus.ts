/**
 * The data of the reproduction of Mikolov et al. (2010): the State of the
 * Union PTB-style splits (`data/sotu`), as the KN5 model reads them (the
 * corpus's ids, one `</s>` after each sentence) and as the RNN reads them
 * (the same tokens renumbered in the RNNLM toolkit's order, `</s>` first
 * then by training count, with a `</s>` in front as the first context,
 * exactly as the toolkit reads a text file). Both score the same tokens, so
 * their probabilities can be interpolated token by token.
 *
 * A budget run can take only part of it: the last training sentences up to
 * a number of tokens, and the first validation and test sentences.
 *
 * @module
 */

import { sotuPTB } from "../data/corpora/sotu_ptb.ts";
import { type FrequencyOrder, frequencyOrder } from "../data/frequency_order.ts";
import { encodeSentences, EOS } from "../data/sentence_ids.ts";
import type { Vocabulary } from "../data/vocab.ts";
import { WordClasses } from "../layers/word_classes.ts";

/** Options of {@link paperCorpus}. */
export interface PaperCorpusOptions {
  /** Keep only the last training sentences, up to this many tokens (default: all). */
  trainTokens?: number;
  /** Keep only the first this-many validation and test sentences (default: all). */
  evalSentences?: number;
  /** Word classes of the RNN's output layer (default 100, the paper's toolkit setting). */
  numClasses?: number;
}

/** The three splits. */
export interface Splits<T> {
  /** Training text. */
  train: T;
  /** Validation text (learning-rate schedule, interpolation weights). */
  valid: T;
  /** Test text. */
  test: T;
}

/** The corpus in the forms the models read. */
export interface PaperCorpus {
  /** The corpus's vocabulary: the ids of `ids` and of the KN5 model. */
  readonly vocabulary: Vocabulary;
  /** The toolkit's order of the same words: the ids of `streams` and of the RNN. */
  readonly order: FrequencyOrder;
  /** Frequency-binned classes of `order`'s ids. */
  readonly classes: WordClasses;
  /** The sentences (words). */
  readonly sentences: Splits<string[][]>;
  /** Token ids in the corpus's vocabulary, `</s>` after every sentence (KN5's input). */
  readonly ids: Splits<Int32Array>;
  /** The same tokens in the toolkit's order, after one leading `</s>` (the RNN's input). */
  readonly streams: Splits<Int32Array>;
}

/**
 * The corpus, whole or cut down.
 *
 * @example
 * ```ts
 * import { paperCorpus } from "./paper_corpus.ts";
 * const corpus = paperCorpus({ trainTokens: 5000, evalSentences: 20 });
 * console.assert(corpus.streams.valid.length === corpus.ids.valid.length + 1);
 * console.assert(corpus.order.vocabulary.symbols[0] === "</s>" && corpus.classes.numClasses <= 100);
 * ```
 */
export function paperCorpus(options: PaperCorpusOptions = {}): PaperCorpus {
  const { trainTokens = Infinity, evalSentences = Infinity, numClasses = 100 } = options;
  const corpus = sotuPTB();
  const vocabulary = corpus.vocabulary;
  const sentences: Splits<string[][]> = {
    train: lastSentences(corpus.train, trainTokens),
    valid: corpus.valid.slice(0, evalSentences),
    test: corpus.test.slice(0, evalSentences),
  };
  const encode = (s: string[][]) => encodeSentences(s, vocabulary);
  const ids = {
    train: encode(sentences.train),
    valid: encode(sentences.valid),
    test: encode(sentences.test),
  };
  const order = frequencyOrder(ids.train, vocabulary, EOS);
  const eos = vocabulary.id(EOS);
  const stream = (split: Int32Array) => order.encode(Int32Array.from([eos, ...split]));
  return {
    vocabulary,
    order,
    classes: WordClasses.fromCounts(order.counts, numClasses),
    sentences,
    ids,
    streams: { train: stream(ids.train), valid: stream(ids.valid), test: stream(ids.test) },
  };
}

/** The last sentences whose tokens (words + `</s>`) add up to at most `tokens`. */
function lastSentences(sentences: string[][], tokens: number): string[][] {
  let total = 0, first = sentences.length;
  while (first > 0 && total + sentences[first - 1].length + 1 <= tokens) {
    total += sentences[--first].length + 1;
  }
  return sentences.slice(first);
}
