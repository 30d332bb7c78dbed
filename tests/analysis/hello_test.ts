import { assert, assertEquals } from "@std/assert";
import { generate, LanguageModel, oneHot, SequenceBatch, trainHello } from "../../lib/mod.ts";

Deno.test("the hello model: vocabulary [h, e, l, o], one-hot inputs, spells hello from h", async () => {
  const { vocab, spelled, history, model } = await trainHello({ progress: false });
  assertEquals(vocab.symbols, ["h", "e", "l", "o"]);
  assertEquals(oneHot(vocab.encode("helo"), 4).toArray(), [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ]);
  assertEquals(model.input.embedding, undefined, "inputs are one-hot vectors, not an embedding");
  assertEquals(model.input.size, 4);
  assertEquals(spelled, "hello");
  assertEquals(history.length, 200);
  assert(history.at(-1)!.loss < 0.01, `final loss ${history.at(-1)!.loss}`);
});

Deno.test("before training the same model does not spell hello", () => {
  const untrained = new LanguageModel({ vocabSize: 4, hiddenSize: 8, seed: 1 });
  assert(generate(untrained, [0], { length: 4, temperature: 0 }).join() !== "1,2,2,3");
});

Deno.test("without the recurrent weight the model cannot learn hello: loss floor ln 2 / 2", async () => {
  const { history, spelled, model, vocab } = await trainHello({
    recurrent: false,
    steps: 300,
    progress: false,
  });
  const floor = Math.log(2) / 2; // h→e and e→l are certain; after each l, l or o is a coin toss
  const final = history.at(-1)!.loss;
  assert(Math.abs(final - floor) < 0.01, `final loss ${final} should sit at the floor ${floor}`);
  assert(spelled !== "hello", `a memoryless model cannot spell hello (spelled ${spelled})`);
  // rows: inputs h, e, l, l; columns: h, e, l, o
  const p = model.probabilities(SequenceBatch.tokens(vocab.encode("hell"), 1));
  for (const row of [2, 3]) {
    assert(Math.abs(p.get(row, 2) - 0.5) < 0.05 && Math.abs(p.get(row, 3) - 0.5) < 0.05);
  }
  assertEquals(Array.from(p.row(2)), Array.from(p.row(3)), "both l's look the same to it");
});
