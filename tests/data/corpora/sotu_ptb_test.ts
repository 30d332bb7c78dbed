import { assert, assertEquals } from "@std/assert";
import {
  buildSotuPTB,
  SOTU_PTB_DIRECTORY,
  SOTU_PTB_SPEC,
  sotuPTB,
  sotuPTBFiles,
} from "../../../lib/data/corpora/sotu_ptb.ts";
import { encodeSentences, tokenCount } from "../../../lib/data/sentence_ids.ts";

Deno.test("SOTU PTB: a rebuild from the npm package reproduces data/sotu/ byte for byte", () => {
  const files = sotuPTBFiles(buildSotuPTB());
  assertEquals(Object.keys(files).sort(), [
    "stats.json",
    "test.txt",
    "train.txt",
    "valid.txt",
    "vocab.txt",
  ]);
  for (const [name, text] of Object.entries(files)) {
    const committed = Deno.readTextFileSync(new URL(name, SOTU_PTB_DIRECTORY));
    assert(text === committed, `data/sotu/${name} differs from a rebuild: run \`deno task data\``);
  }
});

Deno.test("SOTU PTB: the committed files follow the recipe", () => {
  const corpus = sotuPTB();
  const { years, trainTokens, vocabSize } = SOTU_PTB_SPEC;
  const train = tokenCount(corpus.train);
  // The shortest run of last sentences reaching the size: dropping the first one falls short.
  assert(train >= trainTokens && train - corpus.train[0].length - 1 < trainTokens, `${train}`);
  assertEquals(corpus.words.length, vocabSize);
  assertEquals(corpus.words.at(-1), "<unk>");
  assertEquals(new Set(corpus.words).size, vocabSize);
  const known = new Set(corpus.words);
  for (const split of ["train", "valid", "test"] as const) {
    const stats = corpus.stats.splits[split];
    assertEquals(stats.sentences, corpus[split].length, split);
    assertEquals(stats.tokens, tokenCount(corpus[split]), split);
    assert(stats.years[0] >= years[split][0] && stats.years[1] <= years[split][1], split);
    assert(corpus[split].every((s) => s.length > 0 && s.every((w) => known.has(w))), split);
  }
  const ids = encodeSentences(corpus.valid, corpus.vocabulary);
  assertEquals(ids.length, corpus.stats.splits.valid.tokens);
  assertEquals(corpus.vocabulary.symbols[0], "</s>");
});

Deno.test("SOTU PTB: the vocabulary is the most frequent training words, ties alphabetical", () => {
  const corpus = sotuPTB();
  const counts = new Map<string, number>();
  for (const s of corpus.train) for (const w of s) counts.set(w, (counts.get(w) ?? 0) + 1);
  const words = corpus.words.slice(0, -1);
  for (let i = 1; i < words.length; i++) {
    const [a, b] = [counts.get(words[i - 1])!, counts.get(words[i])!];
    assert(a > b || (a === b && words[i - 1] < words[i]), `${words[i - 1]} before ${words[i]}`);
  }
  // Every training word left out is at most as frequent as the last one kept, and was replaced.
  assertEquals(counts.size, corpus.words.length, "train holds exactly the vocabulary's words");
});
