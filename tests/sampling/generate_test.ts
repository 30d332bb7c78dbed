import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  generate,
  LanguageModel,
  NonFiniteScoresError,
  Random,
  sampleText,
  SequenceBatch,
  trainHello,
  Vocabulary,
} from "../../lib/mod.ts";

/** The trained hello model, trained once for this file. */
let hello: ReturnType<typeof trainHello> | undefined;
const trained = () => (hello ??= trainHello({ progress: false }));

Deno.test("greedy generation continues a prompt the way the model learned it", async () => {
  const { model, vocab } = await trained();
  assertEquals(sampleText(model, vocab, "h", { length: 4, temperature: 0 }), "hello");
  assertEquals(sampleText(model, vocab, "hel", { length: 2, temperature: 0 }), "hello");
  assertEquals(
    generate(model, vocab.encode("he"), { length: 3, temperature: 0 }),
    Array.from(vocab.encode("llo")),
  );
});

Deno.test("sampling is seeded, and temperature flattens the distribution", async () => {
  const { model, vocab } = await trained();
  const sample = (temperature: number, seed: number) =>
    sampleText(model, vocab, "h", { length: 40, temperature, rng: new Random(seed) });
  assertEquals(sample(1, 3), sample(1, 3));
  // At T = 1 the trained model is confident; at T = 50 its choices are near uniform.
  const distinctBigrams = (s: string) => new Set(Array.from(s.slice(1), (c, i) => s[i] + c)).size;
  assert(distinctBigrams(sample(50, 3)) > distinctBigrams(sample(1, 3)));
});

Deno.test("generation starts from zeros and leaves the carried training state alone", () => {
  const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 5, seed: 2 });
  const fresh = generate(lm, [1, 2], { length: 6, temperature: 0 });
  const batch = {
    inputs: SequenceBatch.tokens([3, 3, 0], 1),
    targets: SequenceBatch.tokens([3, 0, 1], 1),
  };
  lm.forward(batch); // a carried state, as in the middle of training
  const carried = lm.state!.map((m) => Array.from(m.data));
  assertEquals(generate(lm, [1, 2], { length: 6, temperature: 0 }), fresh);
  assertEquals(lm.state!.map((m) => Array.from(m.data)), carried);
});

Deno.test("a model with NaN weights raises NonFiniteScoresError, greedy or sampled", () => {
  // The old greedy generation returned "hhhh…" (token 0) from NaN scores without a word.
  const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 5 });
  lm.head.W.value.data[0] = NaN;
  for (const temperature of [0, 1]) {
    assertThrows(
      () => generate(lm, [1], { length: 3, temperature }),
      NonFiniteScoresError,
      "is NaN: the model's outputs are not finite numbers",
    );
  }
});

Deno.test("bad prompts and options are named", () => {
  const vocab = Vocabulary.fromText("hello");
  const model = new LanguageModel({ vocabSize: 4, hiddenSize: 4 });
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
  assertThrows(() => generate(model, [0, 4], { length: 1 }), RangeError, "position 1 holds 4");
  assertThrows(
    () => generate(model, [0], { length: -1 }),
    RangeError,
    "length must be an integer ≥ 0, got -1",
  );
});
