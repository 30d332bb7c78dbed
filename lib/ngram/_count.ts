/**
 * Filling an {@link NGramTrie}: every n-gram of orders 1 … n of one stream
 * of ids, or of sentences marked by an end-of-sentence id with a
 * start-of-sentence token in front of each.
 *
 * @module
 */

import { NGramTrie } from "./_trie.ts";

/**
 * All n-grams of orders 1 … `order` of one stream (near its start, only
 * those that fit).
 */
export function countStream(ids: ArrayLike<number>, order: number): NGramTrie {
  const trie = new NGramTrie();
  // previous[j] = node of the j tokens ending just before position i.
  let previous = new Int32Array(order + 1);
  let current = new Int32Array(order + 1);
  for (let i = 0; i < ids.length; i++) {
    const longest = Math.min(order, i + 1);
    let g = 0;
    for (let j = 1; j <= longest; j++) {
      current[j] = g = trie.add(g, ids[i - j + 1], previous[j - 1]);
    }
    [previous, current] = [current, previous];
  }
  return trie;
}

/**
 * All n-grams of orders 1 … `order` of sentences the way KenLM counts them:
 * each sentence runs from just after an `eos` (or the start of the stream)
 * to its `eos` included, and `bos` stands before its first word. An n-gram
 * holds `bos` at most once, at its start (`<s> w₁ w₂`): nothing is counted
 * to the left of a sentence start. The unigram `bos` gets a node (the
 * context of the first words) but no count.
 */
export function countSentences(
  ids: ArrayLike<number>,
  order: number,
  eos: number,
  bos: number,
): NGramTrie {
  const trie = new NGramTrie();
  const bosNode = trie.add(0, bos, 0);
  trie.count[bosNode] = 0;
  let previous = new Int32Array(order + 1);
  let current = new Int32Array(order + 1);
  previous[1] = bosNode;
  let words = 0; // words of the current sentence before position i
  for (let i = 0; i < ids.length; i++) {
    const longest = Math.min(order, words + 2);
    let g = 0;
    for (let j = 1; j <= longest; j++) {
      const w = j <= words + 1 ? ids[i - j + 1] : bos;
      current[j] = g = trie.add(g, w, previous[j - 1]);
    }
    [previous, current] = [current, previous];
    if (ids[i] === eos) {
      words = 0;
      previous[1] = bosNode;
    } else words++;
  }
  return trie;
}
