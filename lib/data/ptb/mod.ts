/**
 * PTB-style preprocessing: running text → sentences of lower-case tokens
 * that look like Mikolov's Penn Treebank files (`ptb.train.txt`), so that
 * language-model toolkits and the course read the same thing.
 *
 * @module
 */

import { normalizeTypography } from "./normalize.ts";
import { splitSentences } from "./sentences.ts";
import { removeStageDirections } from "./stage_directions.ts";
import { ptbTokens } from "./tokenize.ts";

export * from "./abbreviations.ts";
export * from "./normalize.ts";
export * from "./sentences.ts";
export * from "./stage_directions.ts";
export * from "./tokenize.ts";

/**
 * The PTB-style sentences of running text: typography normalised
 * ({@link normalizeTypography}), stage directions removed
 * ({@link removeStageDirections}), split into sentences
 * ({@link splitSentences}) and tokenized ({@link ptbTokens}); sentences left
 * without a token are dropped.
 *
 * @example
 * ```ts
 * import { ptbSentences } from "./mod.ts";
 * const text = "We can’t wait. [Applause] The U.S. economy grew 3% in 1999—a record.";
 * const lines = ptbSentences(text).map((tokens) => tokens.join(" "));
 * console.assert(lines.length === 2);
 * console.assert(lines[0] === "we ca n't wait");
 * console.assert(lines[1] === "the u.s. economy grew N percent in N a record");
 * ```
 */
export function ptbSentences(text: string): string[][] {
  const sentences: string[][] = [];
  for (const sentence of splitSentences(removeStageDirections(normalizeTypography(text)))) {
    const tokens = ptbTokens(sentence);
    if (tokens.length > 0) sentences.push(tokens);
  }
  return sentences;
}
