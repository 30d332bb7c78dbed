/**
 * Abbreviations, the periods PTB keeps: `mr.`, `u.s.`, `f.` (an initial).
 * The same knowledge tells the sentence splitter where a period does not end
 * a sentence.
 *
 * @module
 */

/** Titles before a name: a sentence never ends after them. */
const TITLES = words(
  "adm capt cmdr col dr ft gen gov hon lt maj messrs mr mrs ms mt pres prof rep rev " +
    "sen sgt st supt",
);

/** Abbreviations that can end a sentence (the sentence then ends after the next capital). */
const ENDING = words("bros co cong corp dept esq etc inc jr ltd sess sr");

/** Abbreviations inside a sentence only. */
const INNER = words("cf viz vs");

/** Abbreviations before a number (`No. 5`, `Jan. 1`, `p. 590`); elsewhere a plain word. */
const NUMBERED = words(
  "apr art aug ch dec feb fig jan jul jun mar no nos nov oct p pp sec sep sept vol",
);

/** Words that begin a sentence after a dotted abbreviation such as `U.S.` ends one. */
const STARTERS = words(
  "and as but for he i if in it let my now our she so that the there these they " +
    "this those to we what yet",
);

function words(list: string): ReadonlySet<string> {
  return new Set(list.split(" "));
}

const DOTTED = /^(?:\p{L}\.){2,}$/u;
const INITIAL = /^\p{Lu}\.$/u;

/**
 * Whether the period that ends `word` (given with that period, original case)
 * belongs to an abbreviation and so stays part of the token: dotted
 * abbreviations (`U.S.`, `a.m.`), initials (`F.`, but not the pronoun or
 * numeral `I.`), titles (`Mr.`, `St.`), other abbreviations (`etc.`, `Jr.`,
 * `vs.`) and, before a number only, `No.`, `p.`, `Jan.` and the like.
 *
 * @example
 * ```ts
 * import { isAbbreviation } from "./abbreviations.ts";
 * console.assert(isAbbreviation("U.S.") && isAbbreviation("Mr.") && isAbbreviation("F."));
 * console.assert(isAbbreviation("No.", "5") && !isAbbreviation("no.") && !isAbbreviation("I."));
 * ```
 */
export function isAbbreviation(word: string, next?: string): boolean {
  if (!word.endsWith(".")) return false;
  if (DOTTED.test(word) || (INITIAL.test(word) && word !== "I.")) return true;
  const stem = word.slice(0, -1).toLowerCase();
  if (TITLES.has(stem) || ENDING.has(stem) || INNER.has(stem) || stem === "ph.d") return true;
  return NUMBERED.has(stem) && next !== undefined && /^\d/.test(next);
}

/**
 * Whether a sentence can end at `word` (with its final period) given the
 * next chunk of text `next`: not after a title, an initial, `vs.` or a
 * numbered abbreviation before its number, and after a dotted abbreviation
 * such as `U.S.` only when `next` is a common sentence opener (`The`, `We`,
 * `But` …). Any other word, `etc.` and `Jr.` included, can end a sentence.
 *
 * @example
 * ```ts
 * import { canEndSentence } from "./abbreviations.ts";
 * console.assert(!canEndSentence("Mr.", "Smith") && !canEndSentence("U.S.", "Senate"));
 * console.assert(canEndSentence("U.S.", "The") && canEndSentence("etc.", "We"));
 * ```
 */
export function canEndSentence(word: string, next: string): boolean {
  if (!isAbbreviation(word, next)) return true;
  const stem = word.slice(0, -1).toLowerCase();
  if (ENDING.has(stem)) return true;
  if (DOTTED.test(word)) return STARTERS.has(next.replace(/^\P{L}+/u, "").toLowerCase());
  return false;
}
