import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import { markdownTable, paperCorpus, perplexityOf, textTable, trainRNNLM } from "../../lib/mod.ts";

Deno.test("paperCorpus: the same tokens for KN5 and the RNN, in two numberings", () => {
  const corpus = paperCorpus({ trainTokens: 20_000, evalSentences: 50 });
  const { ids, streams, order, vocabulary } = corpus;
  assert(ids.train.length <= 20_000 && ids.train.length > 19_000);
  assertEquals(corpus.sentences.valid.length, 50);
  for (const split of ["train", "valid", "test"] as const) {
    assertEquals(streams[split].length, ids[split].length + 1);
    assertEquals(streams[split][0], 0, "a leading </s>");
    const back = Array.from(streams[split].subarray(1), (id) => order.vocabulary.symbols[id]);
    assertEquals(back, Array.from(ids[split], (id) => vocabulary.symbols[id]));
  }
  // The toolkit's order: </s> first, then by training count.
  const counts = Array.from(order.counts);
  assert(counts.slice(1).every((c, i) => i === 0 || c <= counts[i]));
  assertEquals(corpus.classes.vocabSize, vocabulary.size);
});

Deno.test("trainRNNLM: the paper's recipe through the trainer; the schedule stops or the cap does", async () => {
  const corpus = paperCorpus({ trainTokens: 8000, evalSentences: 40 });
  const { streams, classes } = corpus;
  const run = await trainRNNLM(streams.train, streams.valid, classes, {
    hiddenSize: 10,
    maxEpochs: 4,
  });
  assert(run.epochs.length >= 2 && run.epochs.length <= 4);
  assertEquals(run.epochs[0].lr, 0.1);
  assert(run.epochs[1].validPerplexity < run.epochs[0].validPerplexity, "it learns");
  // The model holds the weights of the last epoch that did not make validation worse.
  const final = perplexityOf(run.model.logProbs(streams.valid));
  const kept = run.epochs.reduce(
    (best, e, i) =>
      i === 0 || e.validPerplexity <= run.epochs[i - 1].validPerplexity ? e.validPerplexity : best,
    Infinity,
  );
  assertAlmostEquals(final, kept, 1e-6);
  assert(run.wordsPerSecond > 0 && run.trainingSeconds <= run.history.seconds);
});

Deno.test("paper tables: Markdown and text show the numbers, the references and the gap", () => {
  const rows = [
    { model: "KN5", valid: 206.03, test: 238.17, referenceValid: 206.5, referenceTest: 238.2 },
    { model: "RNN-100", valid: 181.0, test: null, referenceValid: 177.7, note: "9 epochs" },
  ];
  const md = markdownTable(rows);
  assert(md.includes("| KN5 | 206.0 | 238.2 | 206.5 | 238.2 | -0.2 % |"));
  assert(md.includes("| RNN-100 | 181.0 | — | 177.7 | — | +1.9 % | 9 epochs |"));
  const text = textTable(rows).split("\n");
  assertEquals(text.length, 4);
  assert(text[3].startsWith("RNN-100") && text[3].includes("+1.9 %"));
});
