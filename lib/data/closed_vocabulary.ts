/**
 * A closed vocabulary the PTB way: the most frequent words of the training
 * text plus `<unk>`, and every other word replaced by `<unk>`, so that no
 * word of any split is out of the vocabulary.
 *
 * @module
 */

import { UNK } from "./words.ts";

/**
 * The `size − 1` most frequent words of `sentences` followed by `unk`: most
 * frequent first, ties in code-unit (for ASCII: alphabetical) order. Throws
 * if `unk` itself occurs in the text.
 *
 * @example
 * ```ts
 * import { closedVocabulary } from "./closed_vocabulary.ts";
 * const words = closedVocabulary([["b", "a", "c"], ["a", "d"]], 3);
 * console.assert(words.join(" ") === "a b <unk>"); // b, c and d tie: b first
 * ```
 */
export function closedVocabulary(
  sentences: readonly (readonly string[])[],
  size: number,
  unk: string = UNK,
): string[] {
  if (!Number.isInteger(size) || size < 1) {
    throw new RangeError(`closedVocabulary: size must be an integer ≥ 1, got ${size}`);
  }
  const counts = new Map<string, number>();
  for (const sentence of sentences) {
    for (const word of sentence) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  if (counts.has(unk)) {
    throw new RangeError(`closedVocabulary: the text already contains ${JSON.stringify(unk)}`);
  }
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return [...ranked.slice(0, size - 1).map(([word]) => word), unk];
}

/**
 * `sentences` with every word outside `words` replaced by `unk`.
 *
 * @example
 * ```ts
 * import { replaceUnknown } from "./closed_vocabulary.ts";
 * const out = replaceUnknown([["a", "zebra", "b"]], new Set(["a", "b", "<unk>"]));
 * console.assert(out[0].join(" ") === "a <unk> b");
 * ```
 */
export function replaceUnknown(
  sentences: readonly (readonly string[])[],
  words: ReadonlySet<string>,
  unk: string = UNK,
): string[][] {
  return sentences.map((sentence) => sentence.map((word) => words.has(word) ? word : unk));
}
