/**
 * Words for word-level language models: a tokenizer (lower case,
 * punctuation split off), a vocabulary of the most frequent words with an
 * unknown-word symbol, and encoding that maps rare words to it.
 *
 * @module
 */

import { Vocabulary } from "./vocab.ts";

/** The default unknown-word symbol. */
export const UNK = "<unk>";

// A word is letters and digits, possibly joined by an apostrophe, hyphen,
// period or comma followed by more letters or digits ("don't", "well-known",
// "u.s", "3.5", "1,000"); any other non-space character is a token of its own.
const TOKEN = /[\p{L}\p{N}]+(?:['’.,\-][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu;

/**
 * Splits text into lower-case tokens: words (with inner apostrophes,
 * hyphens, periods and commas kept: "don't", "well-known", "1,000") and
 * single punctuation characters.
 *
 * @example
 * ```ts
 * import { tokenizeWords } from "./words.ts";
 * console.assert(tokenizeWords("Call me Ishmael. Don't!").join(" ") === "call me ishmael . don't !");
 * ```
 */
export function tokenizeWords(text: string): string[] {
  return text.toLowerCase().match(TOKEN) ?? [];
}

/** How many times each token occurs, most frequent first (ties: first seen first). */
export function countTokens(tokens: Iterable<string>): [string, number][] {
  const counts = new Map<string, number>();
  for (const t of tokens) counts.set(t, (counts.get(t) ?? 0) + 1);
  // Map keeps insertion order and sort is stable, so ties stay in order of first appearance.
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** Options of {@link buildVocabulary}. */
export interface VocabularyOptions {
  /** At most this many symbols, the unknown symbol included (default: all tokens + 1). */
  maxSize?: number;
  /** Keep only tokens seen at least this often (default 1). */
  minCount?: number;
  /** The unknown-word symbol, given id 0 (default `"<unk>"`). */
  unk?: string;
}

/**
 * A vocabulary of the most frequent tokens: id 0 is the unknown symbol, then
 * the tokens by decreasing count (ties in order of first appearance), at
 * most `maxSize` symbols in all. Encode with {@link encodeWords}, which maps
 * every other token to the unknown symbol.
 *
 * @example
 * ```ts
 * import { buildVocabulary } from "./words.ts";
 * const v = buildVocabulary(["a", "b", "a", "c", "a", "b"], { maxSize: 3 });
 * console.assert(v.symbols.join(" ") === "<unk> a b");
 * ```
 */
export function buildVocabulary(
  tokens: Iterable<string>,
  options: VocabularyOptions = {},
): Vocabulary {
  const unk = options.unk ?? UNK;
  const maxSize = options.maxSize ?? Infinity;
  const minCount = options.minCount ?? 1;
  if (!(maxSize >= 1) || (maxSize !== Infinity && !Number.isInteger(maxSize))) {
    throw new RangeError(`buildVocabulary: maxSize must be an integer ≥ 1, got ${maxSize}`);
  }
  const symbols = [unk];
  for (const [token, count] of countTokens(tokens)) {
    if (symbols.length >= maxSize || count < minCount) break;
    if (token !== unk) symbols.push(token);
  }
  return new Vocabulary(symbols);
}

/**
 * Ids of `tokens` in `vocabulary`, with every token it does not hold mapped
 * to the id of `unk` (which must be in the vocabulary).
 *
 * @example
 * ```ts
 * import { buildVocabulary, encodeWords } from "./words.ts";
 * const v = buildVocabulary(["a", "b", "a"]);
 * console.assert(encodeWords(v, ["a", "z", "b"]).join() === "1,0,2");
 * ```
 */
export function encodeWords(
  vocabulary: Vocabulary,
  tokens: readonly string[],
  unk: string = UNK,
): Int32Array {
  if (!vocabulary.has(unk)) {
    throw new RangeError(
      `encodeWords: the unknown symbol ${
        JSON.stringify(unk)
      } is not in the vocabulary (${vocabulary.preview()})`,
    );
  }
  const unkId = vocabulary.id(unk);
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    ids[i] = vocabulary.has(t) ? vocabulary.id(t) : unkId;
  }
  return ids;
}
