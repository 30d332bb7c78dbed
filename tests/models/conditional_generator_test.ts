import { assertEquals, assertThrows } from "@std/assert";
import { Adam } from "../../lib/mod.ts";
import {
  ConditionalGenerator,
  type Conditioning,
  generationBatches,
} from "../../lib/models/conditional_generator.ts";
import { fit } from "../../lib/models/fit.ts";
import { assertModelGradients, assertSameLossAndGradients, repad } from "./_sequence_helpers.ts";

const EOS = 0, V = 5;
const [batch] = generationBatches([[1, 2, 3], [4], [2, 2]], [0, 1, 1], {
  batchSize: 3,
  eos: EOS,
  shuffle: false,
});
const modes: Conditioning[] = ["first-step", "feedback"];

for (const conditioning of modes) {
  Deno.test(`ConditionalGenerator (${conditioning}): gradients with padding match numerical ones`, () => {
    const gen = new ConditionalGenerator({
      vocabSize: V,
      eos: EOS,
      numLabels: 2,
      hiddenSize: 4,
      conditioning,
      seed: 6,
    });
    assertModelGradients(gen, batch);
  });

  Deno.test(`ConditionalGenerator (${conditioning}): extra padding changes neither loss nor gradients`, () => {
    const gen = new ConditionalGenerator({
      vocabSize: V,
      eos: EOS,
      numLabels: 2,
      hiddenSize: 4,
      conditioning,
    });
    assertSameLossAndGradients(gen, batch, {
      labels: batch.labels,
      targets: repad(batch.targets, 8, 3),
    });
  });

  Deno.test(`ConditionalGenerator (${conditioning}) reproduces a label-specific sequence`, () => {
    const words = [[1, 2, 3, 1], [3, 3, 2], [4, 1]];
    const gen = new ConditionalGenerator({
      vocabSize: V,
      eos: EOS,
      numLabels: 3,
      hiddenSize: 16,
      conditioning,
      seed: 1,
    });
    const batches = generationBatches(words, [0, 1, 2], { batchSize: 3, eos: EOS });
    fit(gen, batches, { epochs: 150, optimizer: new Adam({ lr: 0.03 }), clipNorm: 5 });
    words.forEach((w, label) => assertEquals(gen.sample(label, { temperature: 0 }), w));
  });
}

Deno.test("ConditionalGenerator inputs: the label first, then zeros or the previous token", () => {
  const make = (conditioning: Conditioning) =>
    new ConditionalGenerator({ vocabSize: V, eos: EOS, numLabels: 2, hiddenSize: 4, conditioning });
  // Sequence 0 (label 0): targets 1 2 3 </s>; the batch has B = 3 rows per step.
  const first = make("first-step").inputs(batch.labels, batch.targets).toArray();
  assertEquals(first[0], [1, 0]);
  assertEquals(first[1], [0, 1]);
  for (let r = 3; r < first.length; r++) assertEquals(first[r], [0, 0]);
  const feedback = make("feedback").inputs(batch.labels, batch.targets).toArray();
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
    const gen = new ConditionalGenerator({
      vocabSize: V,
      eos: EOS,
      numLabels: 2,
      hiddenSize: 4,
      conditioning,
    });
    const a = gen.inputs(batch.labels, batch.targets), b = gen.inputs(other.labels, other.targets);
    const same = a.data.every((x, i) => x === b.data[i]);
    assertEquals(same, conditioning === "first-step", conditioning);
  }
});

Deno.test("ConditionalGenerator rejects bad labels, tokens and options", () => {
  const gen = new ConditionalGenerator({ vocabSize: V, eos: EOS, numLabels: 2, hiddenSize: 4 });
  assertThrows(() => gen.sample(2), RangeError, "label 2 of example 0 is outside [0, 2)");
  assertThrows(
    () => gen.forward({ labels: Int32Array.of(0, 1, 5), targets: batch.targets }),
    RangeError,
    "label 5 of example 2 is outside [0, 2)",
  );
  const [bad] = generationBatches([[1, 7]], [0], { batchSize: 1, eos: EOS });
  assertThrows(() => gen.forward(bad), RangeError, "token 7 at row 1 is outside [0, 5)");
  assertThrows(
    () =>
      new ConditionalGenerator({
        vocabSize: V,
        eos: EOS,
        numLabels: 2,
        hiddenSize: 4,
        conditioning: "every-step" as Conditioning,
      }),
    RangeError,
    'conditioning must be "first-step" or "feedback", got "every-step"',
  );
  assertThrows(
    () => gen.sample(0, { temperature: -1 }),
    RangeError,
    "temperature must be a finite number ≥ 0, got -1",
  );
});
