import { assert, assertEquals, assertThrows } from "@std/assert";
import { Adam, Random } from "../../lib/mod.ts";
import { padSequences } from "../../lib/layers/sequence.ts";
import { classificationBatches, SequenceClassifier } from "../../lib/models/classifier.ts";
import { fit } from "../../lib/models/fit.ts";
import { assertModelGradients, assertSameLossAndGradients, repad } from "./_sequence_helpers.ts";

const V = 5;
const sequences = [[1, 2, 3, 4], [2, 0], [4], [3, 3, 1]];
const labels = Int32Array.of(0, 1, 2, 1);
const batch = { inputs: padSequences(sequences, { padId: 0 }), labels };

for (
  const [kind, options] of [
    ["one-hot", {}],
    ["embedding", { embeddingSize: 3 }],
    ["embedding, 2 layers", { embeddingSize: 3, numLayers: 2 }],
  ] as const
) {
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
  assertSameLossAndGradients(model, batch, padded);
  // A sequence's prediction does not depend on the batch it is in.
  const alone = model.probabilities([[4]])[0];
  const inBatch = model.probabilities(sequences)[2];
  alone.forEach((p, j) => assert(Math.abs(p - inBatch[j]) < 1e-14));
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

function containsThree(n: number, seed: number) {
  const rng = new Random(seed);
  const seqs = Array.from(
    { length: n },
    () => Array.from({ length: 1 + rng.int(7) }, () => rng.int(V)),
  );
  return { seqs, labels: seqs.map((s) => (s.includes(3) ? 1 : 0)) };
}

Deno.test("SequenceClassifier learns whether a sequence contains the symbol 3", () => {
  const train = containsThree(240, 1), test = containsThree(200, 2);
  const model = new SequenceClassifier({
    vocabSize: V,
    numClasses: 2,
    hiddenSize: 12,
    embeddingSize: 6,
    seed: 1,
  });
  const batches = classificationBatches(train.seqs, train.labels, { batchSize: 16, seed: 3 });
  const testBatches = classificationBatches(test.seqs, test.labels, { batchSize: 50 });
  const before = model.accuracy(testBatches);
  const history = fit(model, batches, {
    epochs: 12,
    optimizer: new Adam({ lr: 0.03 }),
    clipNorm: 5,
  });
  const after = model.accuracy(testBatches);
  assert(
    history.at(-1)!.loss < history[0].loss / 3,
    `loss ${history[0].loss} → ${history.at(-1)!.loss}`,
  );
  assert(after >= 0.95, `held-out accuracy ${after} (before training ${before})`);
});

Deno.test("SequenceClassifier rejects labels out of range and mismatched counts", () => {
  const model = new SequenceClassifier({ vocabSize: V, numClasses: 2, hiddenSize: 4 });
  assertThrows(
    () => model.forward({ inputs: batch.inputs, labels: Int32Array.of(0, 1, 2, 0) }),
    RangeError,
    "label 2 of example 2 is outside [0, 2)",
  );
  assertThrows(
    () => model.forward({ inputs: batch.inputs, labels: Int32Array.of(0) }),
    RangeError,
    "1 labels for a batch of 4",
  );
  assertThrows(() => model.predict([[1, 7]]), RangeError, "id 7");
  assertThrows(
    () => classificationBatches([[1]], [0, 1], { batchSize: 1 }),
    RangeError,
    "1 sequences but 2 labels",
  );
  assertThrows(
    () => new SequenceClassifier({ vocabSize: V, numClasses: 2, hiddenSize: 4 }).backward(),
    Error,
    "before forward",
  );
});
