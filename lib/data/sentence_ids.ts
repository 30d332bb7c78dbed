/**
 * Sentences as one stream of ids with an end-of-sentence token after each,
 * the input of sentence-level language models and the perplexity convention
 * of PTB and `rnnlm`: `</s>` is predicted and counted, `<s>` is context only
 * (a model starts each sentence fresh after `</s>`), `<unk>` is a word.
 *
 * @module
 */

import type { Vocabulary } from "./vocab.ts";
import { UNK } from "./words.ts";

/** The end-of-sentence token. */
export const EOS = "</s>";

/**
 * The ids of `sentences` in `vocabulary`, each sentence followed by the id of
 * `</s>`; a word the vocabulary lacks becomes `<unk>` (both symbols must be
 * in the vocabulary).
 *
 * @example
 * ```ts
 * import { encodeSentences } from "./sentence_ids.ts";
 * import { Vocabulary } from "./vocab.ts";
 * const vocabulary = new Vocabulary(["</s>", "a", "b", "<unk>"]);
 * const ids = encodeSentences([["a", "b"], ["zebra"]], vocabulary);
 * console.assert(ids.join() === "1,2,0,3,0");
 * ```
 */
export function encodeSentences(
  sentences: readonly (readonly string[])[],
  vocabulary: Vocabulary,
): Int32Array {
  for (const symbol of [EOS, UNK]) {
    if (!vocabulary.has(symbol)) {
      throw new RangeError(
        `encodeSentences: the vocabulary must hold ${symbol}; it has ${vocabulary.preview()}`,
      );
    }
  }
  const eos = vocabulary.id(EOS), unk = vocabulary.id(UNK);
  const ids = new Int32Array(sentences.reduce((n, s) => n + s.length + 1, 0));
  let i = 0;
  for (const sentence of sentences) {
    for (const word of sentence) ids[i++] = vocabulary.has(word) ? vocabulary.id(word) : unk;
    ids[i++] = eos;
  }
  return ids;
}

/**
 * The number of tokens of `sentences` by the perplexity convention: words
 * plus one `</s>` per sentence.
 *
 * @example
 * ```ts
 * import { tokenCount } from "./sentence_ids.ts";
 * console.assert(tokenCount([["a", "b"], ["c"]]) === 5);
 * ```
 */
export function tokenCount(sentences: readonly (readonly string[])[]): number {
  return sentences.reduce((n, s) => n + s.length + 1, 0);
}
