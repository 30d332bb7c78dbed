/**
 * Typography to plain ASCII punctuation, the first step of PTB-style
 * preprocessing: curly quotes become straight ones, dashes become a
 * double hyphen (a word separator), hyphen look-alikes inside words become
 * `-`, the few HTML entities of transcripts are decoded, a missing space
 * after a sentence's period is restored, and control characters and exotic
 * spaces become spaces.
 *
 * @module
 */

const RULES: readonly (readonly [RegExp, string])[] = [
  // ‘ ’ ‚ ‛ ′ ` ´ → '
  [/[\u2018\u2019\u201A\u201B\u2032\u0060\u00B4]/g, "'"],
  // “ ” „ ‟ ″ « » → "
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'],
  // hyphen, non-breaking hyphen → - (they join the parts of a word)
  [/[\u2010\u2011]/g, "-"],
  // figure dash, en dash, em dash, horizontal bar, minus → a dash between words
  [/\s*[\u2012\u2013\u2014\u2015\u2212]\s*/g, " -- "],
  // HTML entities left in transcripts
  [/&quot;/g, '"'],
  [/&(?:mdash|ndash);/g, " -- "],
  [/&amp;/g, "&"],
  [/&nbsp;/g, " "],
  // … → ...
  [/\u2026/g, "..."],
  // a sentence glued to the previous one: "workers.We" → "workers. We"
  [/(\p{Ll}{2})([.?!])(?=\p{Lu})/gu, "$1$2 "],
  // control characters, no-break and other special spaces, zero-width characters
  [/[\p{Cc}\u00A0\u2000-\u200B\u202F\u205F\u3000\uFEFF]/gu, " "],
];

/**
 * Replaces Unicode quotes, dashes, ellipses and special spaces by their ASCII
 * forms: `’ ‘` → `'`, `“ ”` → `"`, `– —` → ` -- `, `‑` (non-breaking hyphen)
 * → `-`, `…` → `...`, `&quot;` `&mdash;` `&amp;` `&nbsp;` decoded,
 * `workers.We` → `workers. We`, control characters and no-break spaces →
 * space.
 *
 * @example
 * ```ts
 * import { normalizeTypography } from "./normalize.ts";
 * console.assert(normalizeTypography("“It’s ours”—all") === `"It's ours" -- all`);
 * ```
 */
export function normalizeTypography(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
