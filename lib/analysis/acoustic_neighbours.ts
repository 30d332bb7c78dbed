/**
 * Words that sound alike: for every word of a vocabulary, the other words
 * whose CMUdict pronunciations (stress marks dropped) are at most one
 * phoneme edit apart — "to", "two" and "too" (no edit), "sit" and "set" (one
 * substitution), "cat" and "cats" (one insertion). The simulated speech
 * recogniser of `wer_simulation.ts` confuses a word with these.
 *
 * Finding them does not compare every pair: two sequences are within one
 * edit exactly when they share a *deletion key* (the sequence itself or the
 * sequence with one phoneme left out); candidates that share a key are then
 * checked with the edit distance.
 *
 * @module
 */

import { type CmuEntry, withoutStress } from "../data/corpora/cmudict.ts";
import { editDistance } from "../eval/edit_distance.ts";

/** Pronunciations and sound-alike neighbours of a vocabulary's words. */
export interface AcousticNeighbours {
  /** Each word's phonemes (no stress), or undefined when CMUdict lacks it. */
  readonly pronunciations: readonly (readonly string[] | undefined)[];
  /** Each word's neighbours (ids, the word itself excluded), nearest first. */
  readonly neighbours: readonly Int32Array[];
}

/**
 * The neighbours within one phoneme edit of every word in `symbols`, from
 * `dictionary` (its first pronunciation of each word; lookups are upper case).
 *
 * @example
 * ```ts
 * import { acousticNeighbours } from "./acoustic_neighbours.ts";
 * const dictionary = [
 *   { word: "TO", variant: 0, phonemes: ["T", "UW1"] },
 *   { word: "TWO", variant: 0, phonemes: ["T", "UW1"] },
 *   { word: "TOO", variant: 0, phonemes: ["T", "UW1"] },
 *   { word: "TOOTH", variant: 0, phonemes: ["T", "UW1", "TH"] },
 *   { word: "THE", variant: 0, phonemes: ["DH", "AH0"] },
 * ];
 * const { neighbours } = acousticNeighbours(["to", "two", "tooth", "the", "<unk>"], dictionary);
 * console.assert(Array.from(neighbours[0]).join() === "1,2"); // "two" (0 edits), "tooth" (1)
 * console.assert(neighbours[3].length === 0 && neighbours[4].length === 0);
 * ```
 */
export function acousticNeighbours(
  symbols: readonly string[],
  dictionary: readonly CmuEntry[],
): AcousticNeighbours {
  const lookup = new Map<string, string[]>();
  for (const entry of dictionary) {
    if (entry.variant === 0 && !lookup.has(entry.word)) {
      lookup.set(entry.word, withoutStress(entry.phonemes));
    }
  }
  const pronunciations = symbols.map((s) => lookup.get(s.toUpperCase()));
  const byKey = new Map<string, number[]>();
  pronunciations.forEach((p, w) => {
    if (p === undefined) return;
    for (const key of deletionKeys(p)) {
      const list = byKey.get(key);
      if (list) list.push(w);
      else byKey.set(key, [w]);
    }
  });
  const neighbours = pronunciations.map((p, w) => {
    if (p === undefined) return new Int32Array(0);
    const found = new Map<number, number>();
    for (const key of deletionKeys(p)) {
      for (const v of byKey.get(key) ?? []) {
        if (v !== w && !found.has(v)) found.set(v, editDistance(p, pronunciations[v]!));
      }
    }
    const close = [...found].filter(([, d]) => d <= 1).sort((a, b) => a[1] - b[1] || a[0] - b[0]);
    return Int32Array.from(close, ([v]) => v);
  });
  return { pronunciations, neighbours };
}

/** The sequence, and the sequence without each one of its phonemes, as strings. */
function deletionKeys(phonemes: readonly string[]): string[] {
  const keys = [phonemes.join(" ")];
  for (let i = 0; i < phonemes.length; i++) {
    keys.push(phonemes.filter((_, j) => j !== i).join(" "));
  }
  return keys;
}
