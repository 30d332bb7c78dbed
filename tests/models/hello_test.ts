import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  CharLM,
  generate,
  oneHot,
  Random,
  sampleText,
  trainHello,
  Vocabulary,
} from "../../lib/mod.ts";

Deno.test("the hello model: vocabulary [h, e, l, o], one-hot inputs, spells hello from h", () => {
  const { vocab, spelled, history, model } = trainHello();
  assertEquals(vocab.symbols, ["h", "e", "l", "o"]);
  assertEquals(oneHot(vocab.encode("helo"), 4).toArray(), [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ]);
  assertEquals(model.embedding, undefined, "inputs are one-hot vectors, not an embedding");
  assertEquals(spelled, "hello");
  assert(history.at(-1)!.loss < 0.01, `final loss ${history.at(-1)!.loss}`);
});

Deno.test("before training the same model does not spell hello", () => {
  const untrained = new CharLM({ vocabSize: 4, hiddenSize: 8, seed: 1 });
  assert(generate(untrained, [0], { length: 4, temperature: 0 }).join() !== "1,2,2,3");
});

Deno.test("sampling: greedy is deterministic, temperature sampling is seeded", async (t) => {
  const { model, vocab } = trainHello();
  await t.step("greedy from a longer prompt", () => {
    assertEquals(sampleText(model, vocab, "hel", { length: 2, temperature: 0 }), "hello");
  });
  await t.step("same seed, same sample; temperature flattens the distribution", () => {
    const sample = (temperature: number, seed: number) =>
      sampleText(model, vocab, "h", { length: 40, temperature, rng: new Random(seed) });
    assertEquals(sample(1, 3), sample(1, 3));
    // At T = 1 the trained model is confident; at T = 50 its choices are near uniform.
    const distinctBigrams = (s: string) =>
      new Set(s.match(/(?=(..))/g)!.map((_, i) => s.slice(i, i + 2))).size;
    assert(distinctBigrams(sample(50, 3)) > distinctBigrams(sample(1, 3)));
  });
});

Deno.test("a prompt with characters outside the vocabulary names them", () => {
  const vocab = Vocabulary.fromText("hello");
  const model = new CharLM({ vocabSize: 4, hiddenSize: 4 });
  assertThrows(
    () => sampleText(model, vocab, "hex!x", { length: 3 }),
    RangeError,
    'symbols "x", "!" not in the vocabulary of 4 ("h" "e" "l" "o")',
  );
  assertThrows(
    () => sampleText(model, vocab, "", { length: 3 }),
    RangeError,
    "the prompt is empty",
  );
  assertThrows(
    () => sampleText(model, vocab, "h", { length: 3, temperature: -1 }),
    RangeError,
    "temperature must be a finite number ≥ 0, got -1",
  );
});

Deno.test("without the recurrent weight the model cannot learn hello: loss floor ln 2 / 2", () => {
  const { history, spelled, model } = trainHello({ recurrent: false, steps: 300 });
  const floor = Math.log(2) / 2; // h→e and e→l are certain; after each l, l or o is a coin toss
  const final = history.at(-1)!.loss;
  assert(Math.abs(final - floor) < 0.01, `final loss ${final} should sit at the floor ${floor}`);
  assert(spelled !== "hello", `a memoryless model cannot spell hello (spelled ${spelled})`);
  const p = model.loss.probs!; // rows: inputs h, e, l, l; columns: h, e, l, o
  for (const row of [2, 3]) {
    assert(Math.abs(p.get(row, 2) - 0.5) < 0.05 && Math.abs(p.get(row, 3) - 0.5) < 0.05);
  }
});
