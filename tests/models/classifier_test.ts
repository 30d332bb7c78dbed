import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  classificationBatches,
  Random,
  SequenceBatch,
  SequenceClassifier,
  type SequenceClassifierOptions,
} from "../../lib/mod.ts";
import {
  assertBackwardSurvives,
  assertModelGradients,
  assertSameLossAndGradients,
  repad,
  trainModel,
} from "./_helpers.ts";

const V = 5;
const sequences = [[1, 2, 3, 4], [2, 0], [4], [3, 3, 1]];
const labels = Int32Array.of(0, 1, 2, 1);
const batch = { inputs: SequenceBatch.pad(sequences, { padId: 0 }), labels };

const shapes: [string, Partial<SequenceClassifierOptions>][] = [
  ["one-hot", {}],
  ["embedding", { embeddingSize: 3 }],
  ["embedding, 2 layers", { embeddingSize: 3, numLayers: 2 }],
];

for (const [kind, options] of shapes) {
  Deno.test(`SequenceClassifier (${kind}): gradients with padding match numerical ones`, () => {
    const model = new SequenceClassifier({
      vocabSize: V,
      numClasses: 3,
      hiddenSize: 4,
      seed: 2,
      ...options,
    });
    assertModelGradients(model, batch);
  });
}

Deno.test("SequenceClassifier: extra padding changes neither the loss nor the gradients", () => {
  const model = new SequenceClassifier({
    vocabSize: V,
    numClasses: 3,
    hiddenSize: 4,
    embeddingSize: 3,
  });
  const padded = { inputs: repad(batch.inputs, 9, 4), labels };
  assertEquals(padded.inputs.steps, 9);
  assertSameLossAndGradients(model, batch, padded);
  // A sequence's prediction does not depend on the batch it is in.
  const alone = model.probabilities([[4]]).row(0);
  const inBatch = model.probabilities(sequences).row(2);
  alone.forEach((p, j) => assert(Math.abs(p - inBatch[j]) < 1e-14));
});

Deno.test("SequenceClassifier: the class is read from each sequence's last real state", () => {
  const model = new SequenceClassifier({ vocabSize: V, numClasses: 3, hiddenSize: 4, seed: 1 });
  const pass = model.forward(batch);
  const hs = pass.hidden.trace.h;
  // Sequence 1 ends at t = 1: its row is 1·B + 1 = 5.
  assertEquals(Array.from(pass.head.x.row(1)), Array.from(hs.row(5)));
  assertEquals(pass.probs.shape, [4, 3]);
  assertEquals(pass.count, 4, "one item per sequence");
});

Deno.test("SequenceClassifier names its parameters as in the math", () => {
  const model = new SequenceClassifier({
    vocabSize: V,
    numClasses: 2,
    hiddenSize: 4,
    embeddingSize: 3,
  });
  assertEquals(model.params.map((p) => p.name), ["E", "Wxh", "Whh", "b", "Why", "by"]);
});

Deno.test("SequenceClassifier: predict between forward and backward leaves it intact", () => {
  const model = new SequenceClassifier({ vocabSize: V, numClasses: 3, hiddenSize: 4 });
  assertBackwardSurvives(model, batch, () => model.predict([[1, 1, 1, 1, 1, 1], [2]]));
});

function containsThree(n: number, seed: number) {
  const rng = new Random(seed);
  const seqs = Array.from(
    { length: n },
    () => Array.from({ length: 1 + rng.int(7) }, () => rng.int(V)),
  );
  return { seqs, labels: seqs.map((s) => (s.includes(3) ? 1 : 0)) };
}

Deno.test("SequenceClassifier learns whether a sequence contains the symbol 3", async () => {
  const data = containsThree(240, 1), test = containsThree(200, 2);
  const model = new SequenceClassifier({
    vocabSize: V,
    numClasses: 2,
    hiddenSize: 12,
    embeddingSize: 6,
    seed: 1,
  });
  const batches = classificationBatches(data.seqs, data.labels, { batchSize: 16, seed: 3 });
  const testBatches = classificationBatches(test.seqs, test.labels, { batchSize: 50 });
  const before = model.accuracy(testBatches);
  const { epochs } = await trainModel(model, batches, {
    epochs: 12,
    optimizer: new Adam({ lr: 0.03 }),
    clipNorm: 5,
  });
  const after = model.accuracy(testBatches);
  assert(
    epochs.at(-1)!.loss < epochs[0].loss / 3,
    `loss ${epochs[0].loss} → ${epochs.at(-1)!.loss}`,
  );
  assert(after >= 0.95, `held-out accuracy ${after} (before training ${before})`);
});

Deno.test("SequenceClassifier rejects labels out of range and mismatched counts", () => {
  const model = new SequenceClassifier({ vocabSize: V, numClasses: 2, hiddenSize: 4 });
  assertThrows(
    () => model.forward({ inputs: batch.inputs, labels: Int32Array.of(0, 1, 2, 0) }),
    RangeError,
    "SequenceClassifier labels: position 2 holds 2, expected an integer id in [0, 2)",
  );
  assertThrows(
    () => model.forward({ inputs: batch.inputs, labels: Int32Array.of(0) }),
    RangeError,
    "1 labels for a batch of 4",
  );
  assertThrows(() => model.predict([[1, 7]]), RangeError, "position 1 holds 7");
  assertThrows(
    () => classificationBatches([[1]], [0, 1], { batchSize: 1 }),
    RangeError,
    "1 sequences but 2 labels",
  );
  const other = new SequenceClassifier({ vocabSize: V, numClasses: 2, hiddenSize: 4 });
  const pass = other.forward({ inputs: batch.inputs, labels: Int32Array.of(0, 1, 1, 0) });
  assertThrows(() => model.backward(pass), Error, "the pass was made by another layer");
});
