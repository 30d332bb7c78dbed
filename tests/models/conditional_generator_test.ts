import { assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  ConditionalGenerator,
  type Conditioning,
  generationBatches,
  Random,
} from "../../lib/mod.ts";
import {
  assertBackwardSurvives,
  assertModelGradients,
  assertSameLossAndGradients,
  repad,
  trainModel,
} from "./_helpers.ts";

const EOS = 0, V = 5;
const [batch] = generationBatches([[1, 2, 3], [4], [2, 2]], [0, 1, 1], {
  batchSize: 3,
  eos: EOS,
  shuffle: false,
});
const modes: Conditioning[] = ["first-step", "feedback"];

function generator(conditioning: Conditioning, numLabels = 2, seed = 0, hiddenSize = 4) {
  return new ConditionalGenerator({
    vocabSize: V,
    eos: EOS,
    numLabels,
    hiddenSize,
    conditioning,
    seed,
  });
}

for (const conditioning of modes) {
  Deno.test(`ConditionalGenerator (${conditioning}): gradients with padding match numerical ones`, () => {
    assertModelGradients(generator(conditioning, 2, 6), batch);
  });

  Deno.test(`ConditionalGenerator (${conditioning}): extra padding changes neither loss nor gradients`, () => {
    const padded = { labels: batch.labels, targets: repad(batch.targets, 8, 3) };
    assertSameLossAndGradients(generator(conditioning), batch, padded);
  });

  Deno.test(`ConditionalGenerator (${conditioning}) reproduces a label-specific sequence`, async () => {
    const words = [[1, 2, 3, 1], [3, 3, 2], [4, 1]];
    const gen = generator(conditioning, 3, 1, 16);
    const batches = generationBatches(words, [0, 1, 2], { batchSize: 3, eos: EOS });
    await trainModel(gen, batches, { epochs: 150, optimizer: new Adam({ lr: 0.03 }), clipNorm: 5 });
    words.forEach((w, label) => assertEquals(gen.sample(label, { temperature: 0 }), w));
    assertEquals(gen.predict([0, 1, 2]), words, "predict is the greedy sample");
  });
}

Deno.test("ConditionalGenerator inputs: the label first, then zeros or the previous token", () => {
  // Sequence 0 (label 0): targets 1 2 3 </s>; the batch has B = 3 rows per step.
  const first = generator("first-step").inputs(batch.labels, batch.targets).data.toArray();
  assertEquals(first[0], [1, 0]);
  assertEquals(first[1], [0, 1]);
  for (let r = 3; r < first.length; r++) assertEquals(first[r], [0, 0]);
  const feedback = generator("feedback").inputs(batch.labels, batch.targets).data.toArray();
  assertEquals(feedback[0], [1, 0, 0, 0, 0, 0, 0]); // label 0
  assertEquals(feedback[3], [0, 0, 0, 1, 0, 0, 0]); // t = 1: previous token 1
  assertEquals(feedback[6], [0, 0, 0, 0, 1, 0, 0]); // t = 2: previous token 2
  assertEquals(feedback[4], [0, 0, 0, 0, 0, 0, 1]); // sequence 1, t = 1: previous token 4
  assertEquals(feedback[7], [0, 0, 0, 0, 0, 0, 0]); // sequence 1, t = 2: padding
});

Deno.test("ConditionalGenerator: first-step inputs ignore the tokens, feedback inputs do not", () => {
  // Same labels and lengths, different tokens: in the first-step mode the RNN sees exactly the
  // same inputs (so the same states), in the feedback mode it does not.
  const [other] = generationBatches([[4, 4, 1], [2], [3, 1]], [0, 1, 1], {
    batchSize: 3,
    eos: EOS,
    shuffle: false,
  });
  for (const conditioning of modes) {
    const gen = generator(conditioning);
    const a = gen.inputs(batch.labels, batch.targets).data;
    const b = gen.inputs(other.labels, other.targets).data;
    const same = a.data.every((x, i) => x === b.data[i]);
    assertEquals(same, conditioning === "first-step", conditioning);
  }
});

Deno.test("ConditionalGenerator: sampling between forward and backward leaves it intact", () => {
  const gen = generator("feedback");
  assertBackwardSurvives(gen, batch, () => gen.sample(1, { maxLength: 6, rng: new Random(1) }));
});

Deno.test("ConditionalGenerator rejects bad labels, tokens and options", () => {
  const gen = generator("feedback");
  assertThrows(
    () => gen.sample(2),
    RangeError,
    "position 0 holds 2, expected an integer id in [0, 2)",
  );
  assertThrows(
    () => gen.forward({ labels: Int32Array.of(0, 1, 5), targets: batch.targets }),
    RangeError,
    "ConditionalGenerator labels: position 2 holds 5, expected an integer id in [0, 2)",
  );
  const [bad] = generationBatches([[1, 7]], [0], { batchSize: 1, eos: EOS });
  assertThrows(
    () => gen.forward(bad),
    RangeError,
    "ConditionalGenerator targets: position 1 holds 7, expected an integer id in [0, 5)",
  );
  assertThrows(
    () => generator("every-step" as Conditioning),
    RangeError,
    'conditioning must be one of "first-step", "feedback", got "every-step"',
  );
  assertThrows(
    () => gen.sample(0, { temperature: -1 }),
    RangeError,
    "temperature must be a finite number ≥ 0, got -1",
  );
});
