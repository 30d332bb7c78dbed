import { assert, assertEquals } from "@std/assert";
import {
  cellLabel,
  charLMParams,
  hiddenSizeForParams,
  trainCharLM,
  Vocabulary,
} from "../../lib/mod.ts";

Deno.test("hiddenSizeForParams: the size whose count is nearest the target", () => {
  assertEquals(hiddenSizeForParams(1000, (h) => h * h), 32);
  assertEquals(hiddenSizeForParams(990, (h) => h * h), 31);
  assertEquals(hiddenSizeForParams(0, (h) => h), 1);
  const rnn = charLMParams({ cell: "rnn", hiddenSize: 128, vocabSize: 83 });
  const h = hiddenSizeForParams(
    rnn,
    (size) => charLMParams({ cell: "lstm", hiddenSize: size, vocabSize: 83 }),
  );
  const lstm = charLMParams({ cell: "lstm", hiddenSize: h, vocabSize: 83 });
  assert(Math.abs(lstm - rnn) / rnn < 0.03, `${lstm} vs ${rnn}`);
});

Deno.test("cellLabel names the cell and its options", () => {
  assertEquals(cellLabel("gru"), "gru");
  assertEquals(cellLabel({ kind: "lstm", forgetBias: 0 }), "lstm, forgetBias 0");
  assertEquals(cellLabel({ kind: "lstm", peephole: true }), "lstm, peephole");
});

Deno.test("trainCharLM: trains, scores the validation text, times training apart", async () => {
  const text = "abcabcabd ".repeat(200);
  const vocab = Vocabulary.fromText(text, { sort: true });
  const ids = vocab.encode(text);
  const corpus = {
    vocab,
    train: ids.subarray(0, 1600),
    validation: ids.subarray(1600, 1800),
    test: ids.subarray(1800),
  };
  const run = await trainCharLM({
    corpus,
    cell: "gru",
    hiddenSize: 8,
    embeddingSize: 4,
    steps: 30,
    batchSize: 4,
    seqLength: 16,
    lr: 0.02,
    validateEvery: 10,
  });
  assertEquals(run.curve.length, 3);
  assertEquals(run.curve[0].x, 10 * 4 * 16);
  assert(run.validationBpc < Math.log2(vocab.size), `${run.validationBpc}`);
  assert(run.trainSeconds > 0 && run.trainSeconds <= run.history.seconds);
  assertEquals(run.label, "gru (8 units)");
  assertEquals(
    run.params,
    charLMParams({ cell: "gru", hiddenSize: 8, embeddingSize: 4, vocabSize: vocab.size }),
  );
});
