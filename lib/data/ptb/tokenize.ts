/**
 * PTB-style tokens of one sentence, the way Mikolov's Penn Treebank files
 * look: lower case; punctuation dropped except what PTB keeps (the clitics
 * `n't 's 're 've 'll 'd 'm` split off, the possessive `'` of plurals, `$`
 * and `&` as tokens, hyphens inside words, the periods of abbreviations);
 * purely numeric tokens → `N`; `%` → `percent`.
 *
 * @module
 */

import { isAbbreviation } from "./abbreviations.ts";

/** Characters that survive the first pass: letters, digits and the punctuation handled below. */
const DROPPED = /[^\p{L}\p{N}.,:/'\-$&%\s]/gu;
/** A purely numeric token: digits with separators (`1,000`, `3.5`, `1980-81`, `9:30`, `1/2`). */
const NUMBER = /^[.,:/-]*\d[\d.,:/-]*$/;
const CLITIC = /^(.+?)('s|'re|'ve|'ll|'d|'m)$/i;
const NOT = /^(.+?)(n't)$/i;
const WORD = /^[a-z]+$/i;
/** A long number or an amount: `1837`, `22,300,000`, `137,476.26`. */
const AMOUNT = /^(?:\d{4,}|\d[\d,.]*[,.]\d+)$/;
const LETTER = /\p{L}/u;
const LETTERS = /^\p{L}+$/u;

/**
 * The PTB-style tokens of one sentence (as from {@link splitSentences}).
 *
 * - lower case; `$` and `&` separate tokens (`&` inside a word stays: `r&d`);
 *   `%` → `percent`;
 * - `do n't`, `ca n't`, `nation 's`, `we 're`, `i 'm`, `states '`;
 *   `cannot` → `can not`; a decade `1980's`, `'90's` → `1980s`, `90s`; other apostrophes at
 *   the edges of a word are quotes and go;
 * - hyphens inside words stay (`well-being`); dashes go: `--`, edge
 *   hyphens, and a hyphen after a sentence's period (`1856.-Riot`) or
 *   between a long number or amount and a word (`1837-it`);
 * - the final period of an abbreviation or initial stays (`mr.`, `u.s.`,
 *   `f.`, `no.` before a number), any other final period goes;
 * - a token of digits and separators only (`1,000`, `3.5`, `1980-81`) → `N`;
 *   mixed tokens (`1980s`, `13th`, `30-day`) stay;
 * - commas, colons and slashes split words but stay inside numbers, as do
 *   ellipses; every other character (quotes, brackets, `;`, `?`, `!`, `*` …)
 *   goes.
 *
 * @example
 * ```ts
 * import { ptbTokens } from "./tokenize.ts";
 * const tokens = ptbTokens(`Mr. Smith's "well-being" isn't 3.5% of the U.S. $1,000,000 budget.`);
 * console.assert(
 *   tokens.join(" ") === "mr. smith 's well-being is n't N percent of the u.s. $ N budget",
 * );
 * ```
 */
export function ptbTokens(sentence: string): string[] {
  const chunks = sentence
    .replace(DROPPED, " ")
    .replace(/--+|\.\.+/g, " ")
    .replace(/\b(can)(not)\b/gi, "$1 $2")
    .replace(/%/g, " percent ")
    .replace(/\$/g, " $ ")
    .replace(/&(?![\p{L}\p{N}])|(?<![\p{L}\p{N}])&/gu, " & ")
    .split(/\s+/);
  const tokens: string[] = [];
  for (let i = 0; i < chunks.length; i++) {
    const chunk = chunks[i];
    if (WORD.test(chunk)) tokens.push(chunk.toLowerCase()); // the common case, fast
    else if (chunk !== "") pushChunk(chunk, chunks[i + 1], tokens);
  }
  return tokens;
}

function pushChunk(chunk: string, next: string | undefined, tokens: string[]): void {
  const decade = chunk.replace(/^'?(\d+)'s(?=[.,:]*$)/, "$1s");
  if (NUMBER.test(decade.replace(/['.,:/-]+$/, ""))) return void tokens.push("N");
  // Commas, colons and slashes split words, except between digits; so do dashes.
  const pieces = decade.split(/(?<!\d)[,:/]|[,:/](?!\d)/).flatMap(splitDashes);
  for (let i = 0; i < pieces.length; i++) {
    if (pieces[i] !== "") pushWord(pieces[i], i + 1 < pieces.length ? pieces[i + 1] : next, tokens);
  }
}

/**
 * Splits at the hyphens that are dashes: after a period that is not an
 * abbreviation's (`1856.-Riot`) and between a long number or an amount and a
 * word (`1837-it`, `22,300,000-a`, `men-65,000`). Other hyphens join.
 */
function splitDashes(part: string): string[] {
  if (!part.includes("-")) return [part];
  const pieces = part.split("-");
  const out = [pieces[0]];
  for (let i = 1; i < pieces.length; i++) {
    const left = out[out.length - 1], right = pieces[i];
    const last = left.slice(left.lastIndexOf("-") + 1);
    const dash = (last.endsWith(".") && !isAbbreviation(last, right)) ||
      (AMOUNT.test(last) && LETTER.test(right)) || (AMOUNT.test(right) && LETTERS.test(last));
    if (dash) out.push(right);
    else out[out.length - 1] = `${left}-${right}`;
  }
  return out;
}

function pushWord(part: string, next: string | undefined, tokens: string[]): void {
  let word = part.replace(/^['.-]+/, "");
  let possessive = false;
  // Trailing periods (unless an abbreviation's), quotes and hyphens; `states'` is possessive.
  for (;;) {
    if (word.endsWith(".") && !isAbbreviation(word, next)) word = word.slice(0, -1);
    else if (word.endsWith("'")) {
      possessive ||= /s'$/i.test(word);
      word = word.slice(0, -1);
    } else if (word.endsWith("-")) word = word.slice(0, -1);
    else break;
  }
  const clitic = NOT.exec(word) ?? CLITIC.exec(word);
  const stem = clitic === null ? word : clitic[1];
  const pieces = [finish(stem)];
  if (clitic !== null) pieces.push(clitic[2].toLowerCase());
  if (possessive) pieces.push("'");
  for (const piece of pieces) if (piece !== "") tokens.push(piece);
}

/** Edge hyphens go, a number becomes N, the rest lower case. */
function finish(stem: string): string {
  const word = stem.replace(/^-+|-+$/g, "");
  return NUMBER.test(word) ? "N" : word.toLowerCase();
}
