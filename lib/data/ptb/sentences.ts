/**
 * Rule-based sentence splitting for running text (one speech as one long
 * line): a sentence ends at `.`, `?`, `!` or `...` followed by a capital or
 * a digit, except after an abbreviation that does not end sentences
 * (`Mr. Smith`, `U.S. Senate`, `Harry S. Truman`, `No. 5`).
 *
 * @module
 */

import { canEndSentence } from "./abbreviations.ts";

/** Final `.`, `?`, `!` (one or more), then closing quotes or brackets. */
const TERMINAL = /^(.*?)([.?!]+)["')\]]*$/s;
/** The next chunk starts (after opening quotes or brackets) with a capital or a digit. */
const OPENS = /^["'([]*[\p{Lu}\d]/u;

/**
 * Splits running text into sentences, each returned as its chunks of text
 * (whitespace-separated, punctuation still attached) joined by single
 * spaces. Colons and semicolons do not end a sentence.
 *
 * @example
 * ```ts
 * import { splitSentences } from "./sentences.ts";
 * const text = "Mr. Smith went to the U.S. Senate. Did he? Yes, at 9 a.m. today.";
 * const sentences = splitSentences(text);
 * console.assert(sentences.length === 3 && sentences[0] === "Mr. Smith went to the U.S. Senate.");
 * ```
 */
export function splitSentences(text: string): string[] {
  const chunks = text.split(/\s+/).filter((chunk) => chunk !== "");
  const sentences: string[] = [];
  let start = 0;
  for (let i = 0; i < chunks.length; i++) {
    if (i + 1 === chunks.length || endsSentence(chunks[i], chunks[i + 1])) {
      sentences.push(chunks.slice(start, i + 1).join(" "));
      start = i + 1;
    }
  }
  return sentences;
}

function endsSentence(chunk: string, next: string): boolean {
  const terminal = TERMINAL.exec(chunk);
  if (terminal === null || !OPENS.test(next)) return false;
  if (terminal[2] !== ".") return true; // ? ! or an ellipsis
  const word = terminal[1].replace(/^\P{L}+/u, "") + ".";
  return canEndSentence(word, next.replace(/^["'([]+/, ""));
}
