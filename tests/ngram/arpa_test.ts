import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { ArpaModel } from "../../lib/ngram/arpa_read.ts";
import { toArpa } from "../../lib/ngram/arpa_write.ts";
import { KneserNeyLM } from "../../lib/ngram/kneser_ney.ts";
import { Random } from "../../lib/random.ts";

const FALLBACK: [number, number, number] = [0.5, 1, 1.5];

Deno.test("ARPA round trip: the backoff form scores every word as the model does", () => {
  const rng = new Random(21);
  const words = Array.from({ length: 14 }, (_, i) => `w${i}`);
  const symbols = ["</s>", ...words, "<unk>"]; // <unk> (id 15) never occurs in training
  const sentences = Array.from(
    { length: 300 },
    () => Array.from({ length: 1 + rng.int(7) }, () => 1 + Math.floor(14 * rng.uniform() ** 2)),
  );
  const ids = sentences.flatMap((s) => [...s, 0]);
  for (const order of [2, 3, 5]) {
    const model = KneserNeyLM.train(ids, {
      vocabSize: 16,
      eos: 0,
      order,
      discountFallback: FALLBACK,
    });
    const arpa = ArpaModel.parse(toArpa(model, symbols));
    assertEquals(arpa.order, order);
    // every id and <s> as unigrams (the unseen <unk> among them), then what training saw
    assertEquals(arpa.counts[1], 16 + 1);
    for (let o = 2; o <= order; o++) assertEquals(arpa.counts[o], model.types(o), `order ${o}`);
    for (let trial = 0; trial < 200; trial++) {
      const history = Array.from({ length: rng.int(6) }, () => 1 + rng.int(15));
      const w = rng.int(16);
      const context = ["<s>", ...history.map((id) => symbols[id])];
      assertAlmostEquals(
        arpa.log10Prob(context, symbols[w]),
        Math.log10(model.prob(history, w)),
        1e-6, // 8 significant digits in the file
        `order ${order}: ${context.join(" ")} → ${symbols[w]}`,
      );
    }
  }
});

Deno.test("ARPA: <s> is a unigram with log10 P = 0 and </s> a word, as KenLM writes them", () => {
  const model = KneserNeyLM.train([1, 2, 0, 2, 0], {
    vocabSize: 3,
    eos: 0,
    order: 2,
    discountFallback: FALLBACK,
  });
  const arpa = ArpaModel.parse(toArpa(model, ["</s>", "a", "b"]));
  assertEquals(arpa.entry(["<s>"])?.log10Prob, 0);
  assert(arpa.entry(["<s>", "a"]) !== undefined);
  assertAlmostEquals(arpa.log10Prob(["<s>", "a"], "b"), Math.log10(model.prob([1], 2)), 1e-6);
  assertThrows(() => toArpa(model, ["</s>", "a"]), RangeError, "3 ids, got 2");
});

Deno.test("ArpaModel.parse: names a count that does not match and a malformed line", () => {
  const good = "\\data\\\nngram 1=2\n\n\\1-grams:\n-0.5\ta\n-0.5\t</s>\n\n\\end\\\n";
  assertEquals(ArpaModel.parse(good).log10Prob([], "a"), -0.5);
  assertEquals(ArpaModel.parse(good).log10Prob(["a"], "</s>"), -0.5);
  assertThrows(
    () => ArpaModel.parse(good.replace("ngram 1=2", "ngram 1=3")),
    RangeError,
    "3 1-grams announced, 2 found",
  );
  assertThrows(() => ArpaModel.parse(good.replace("-0.5\ta", "-0.5\ta b c")), RangeError, "line 5");
  assertThrows(() => ArpaModel.parse(good.replace("-0.5\ta", "x\ta")), RangeError, "bad number");
  assertThrows(() => ArpaModel.parse("ngram 1=2"), RangeError, "no \\data\\");
  assertThrows(() => ArpaModel.parse(good).log10Prob([], "zebra"), RangeError, "nor <unk>");
});

// A tiny corpus, KenLM's ARPA for it and its query summary: see fixtures/kenlm_tiny/README.md.
const FIXTURE = new URL("./fixtures/kenlm_tiny/", import.meta.url);
const fixture = (name: string) => Deno.readTextFileSync(new URL(name, FIXTURE));
const sentences = (name: string) =>
  fixture(name).split("\n").filter((l) => l !== "").map((l) => l.split(" "));

function fixtureModel() {
  const train = sentences("train.txt");
  const symbols = ["</s>", ...new Set(train.flat()), "<unk>"];
  const ids = new Map(symbols.map((s, i) => [s, i]));
  const encode = (ss: string[][]) =>
    ss.flatMap((s) => [...s.map((w) => ids.get(w) ?? ids.get("<unk>")!), 0]);
  const model = KneserNeyLM.train(encode(train), {
    vocabSize: symbols.length,
    eos: 0,
    order: 5,
    discountFallback: FALLBACK, // lmplz --discount_fallback
  });
  return { model, symbols, encode };
}

Deno.test("KenLM fixture: the same discounts as lmplz -o 5 --discount_fallback", () => {
  const { model } = fixtureModel();
  // lmplz prints lines "order count D1=… D2=… D3+=…" on stderr.
  const lines = fixture("lmplz_discounts.txt").split("\n");
  const stated = lines.map((line) => /^(\d) (\d+) D1=(\S+) D2=(\S+) D3\+=(\S+)$/.exec(line));
  assertEquals(stated.filter((m) => m !== null).length, 5);
  for (const m of stated) {
    if (m === null) continue;
    const order = Number(m[1]);
    const d = model.discounts(order);
    for (let r = 0; r < 3; r++) assertAlmostEquals(d[r], Number(m[3 + r]), 1e-5, `order ${order}`);
  }
});

Deno.test("KenLM fixture: our ARPA holds KenLM's n-grams with KenLM's numbers", () => {
  const { model, symbols } = fixtureModel();
  const ours = ArpaModel.parse(toArpa(model, symbols));
  const kenlm = ArpaModel.parse(fixture("kenlm.arpa"));
  assertEquals(ours.counts, kenlm.counts);
  let order = 0, compared = 0;
  for (const line of fixture("kenlm.arpa").split("\n")) {
    const section = /^\\(\d)-grams:$/.exec(line);
    if (section !== null) order = Number(section[1]);
    if (order === 0 || section !== null || line === "" || line.startsWith("\\")) continue;
    const [prob, ngram, backoff = "0"] = line.split("\t");
    const entry = ours.entry(ngram.split(" "));
    if (entry === undefined) throw new Error(`our ARPA lacks ${ngram}`);
    // KenLM computes in single precision
    assertAlmostEquals(entry.log10Prob, Number(prob), 1e-6, ngram);
    assertAlmostEquals(entry.log10Backoff, Number(backoff), 1e-6, ngram);
    compared++;
  }
  assertEquals(compared, kenlm.counts.reduce((a, b) => a + b, 0));
});

Deno.test("KenLM fixture: the same test perplexity as KenLM's query", () => {
  const { model, encode } = fixtureModel();
  const test = encode(sentences("test.txt"));
  // query -v summary: "Perplexity including OOVs:\t…" (OOVs scored as <unk>, as here)
  const expected = Number(
    /Perplexity including OOVs:\s+(\S+)/.exec(fixture("query_summary.txt"))![1],
  );
  const tokens = Number(/Tokens:\s+(\d+)/.exec(fixture("query_summary.txt"))![1]);
  const e = model.evaluate(test);
  assertEquals(e.tokens, tokens);
  assertAlmostEquals(e.perplexity / expected, 1, 1e-6);
});
