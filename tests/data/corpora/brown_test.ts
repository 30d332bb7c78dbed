import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  BROWN_CATEGORIES,
  type BrownCategory,
  brownFiles,
  brownSentences,
  parseBrown,
  UNIVERSAL_TAGS,
  universalTag,
} from "../../../lib/data/corpora/brown.ts";

Deno.test("Brown corpus: 500 files, 57,340 sentences, 1,161,192 tagged tokens", () => {
  assertEquals(brownFiles().length, 500);
  assertEquals(new Set(brownFiles().map((f) => f.category)), new Set(BROWN_CATEGORIES));
  const sentences = brownSentences();
  assertEquals(sentences.length, 57_340);
  assertEquals(sentences.reduce((n, s) => n + s.length, 0), 1_161_192);
  assertEquals(
    sentences[0].slice(0, 4).map((t) => `${t.word}/${t.brownTag}/${t.tag}`),
    ["The/at/DET", "Fulton/np-tl/NOUN", "County/nn-tl/NOUN", "Grand/jj-tl/ADJ"],
  );
});

Deno.test("Brown corpus: universal tags cover the corpus, X only for foreign words, interjections, nil", () => {
  const counts = new Map<string, number>();
  for (const s of brownSentences()) {
    for (const t of s) {
      counts.set(t.tag, (counts.get(t.tag) ?? 0) + 1);
      if (t.tag === "X") assert(/^(fw-|uh|nil)/.test(t.brownTag), t.brownTag);
    }
  }
  assertEquals(new Set(counts.keys()), new Set(UNIVERSAL_TAGS));
  // Nouns are the most frequent tag, as in every English corpus.
  const top = [...counts].sort((a, b) => b[1] - a[1])[0][0];
  assertEquals(top, "NOUN");
});

Deno.test("Brown corpus: genres select their files' sentences", () => {
  const news = brownSentences({ categories: ["news"] });
  const reviews = brownSentences({ categories: ["reviews"] });
  const both = brownSentences({ categories: ["news", "reviews"] });
  assertEquals(both.length, news.length + reviews.length);
  assertEquals(news[0], brownSentences()[0]);
  assertThrows(
    () => brownSentences({ categories: ["poetry" as BrownCategory] }),
    RangeError,
    '"poetry"',
  );
});

Deno.test("universal tags of Brown tags with suffixes, contractions, negation, possessives", () => {
  const cases: [string, string][] = [
    ["nn", "NOUN"],
    ["np$-tl", "NOUN"],
    ["vbd", "VERB"],
    ["bez*", "VERB"],
    ["md*-hl", "VERB"],
    ["ppss+md", "PRON"],
    ["pp$$", "PRON"],
    ["at", "DET"],
    ["in-tl", "ADP"],
    ["cs", "ADP"],
    ["cc", "CONJ"],
    ["cd", "NUM"],
    ["od", "ADJ"],
    ["rb", "ADV"],
    ["*", "ADV"],
    ["to", "PRT"],
    ["---hl", "."],
    ["``", "."],
    ["fw-nn", "X"],
    ["uh", "X"],
  ];
  for (const [brown, universal] of cases) assertEquals(universalTag(brown), universal, brown);
});

Deno.test("Brown parser: splits at the last slash, one sentence per line", () => {
  const s = parseBrown("\n\n\tA/at 1-1/2/cd inch/nn ./.\n\n\tOk/uh\n");
  assertEquals(s.length, 2);
  assertEquals(s[0].map((t) => t.word), ["A", "1-1/2", "inch", "."]);
  assertEquals(s[0].map((t) => t.tag), ["DET", "NUM", "NOUN", "."]);
  assertThrows(() => parseBrown("word"), SyntaxError, '"word"');
});
