import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  Random,
  SequenceBatch,
  SequenceTagger,
  type SequenceTaggerOptions,
  taggingBatches,
} from "../../lib/mod.ts";
import {
  assertBackwardSurvives,
  assertModelGradients,
  assertSameLossAndGradients,
  repad,
  trainModel,
} from "./_helpers.ts";

const V = 5;
const sentences = [[1, 2, 3, 4], [2, 0], [4], [3, 3, 1]];
const [batch] = taggingBatches(sentences, [[0, 1, 2, 0], [2, 2], [1], [0, 1, 1]], {
  batchSize: 4,
  shuffle: false,
});

const kinds: [string, Partial<SequenceTaggerOptions>][] = [
  ["unidirectional", {}],
  ["bidirectional", { bidirectional: true }],
  ["stacked 2-layer", { numLayers: 2 }],
  ["stacked bidirectional", { numLayers: 2, bidirectional: true }],
];

for (const [kind, options] of kinds) {
  Deno.test(`SequenceTagger (${kind}): gradients with padding match numerical ones`, () => {
    const tagger = new SequenceTagger({
      vocabSize: V,
      numTags: 3,
      hiddenSize: 3,
      embeddingSize: 2,
      seed: 4,
      ...options,
    });
    assertModelGradients(tagger, batch);
  });

  Deno.test(`SequenceTagger (${kind}): extra padding changes neither loss nor gradients`, () => {
    const tagger = new SequenceTagger({
      vocabSize: V,
      numTags: 3,
      hiddenSize: 3,
      embeddingSize: 2,
      ...options,
    });
    const padded = { inputs: repad(batch.inputs, 7, 3), targets: repad(batch.targets, 7, 2) };
    assertEquals(padded.targets.mask.filter((m) => m === 0).length, 7 * 4 - 10);
    assertSameLossAndGradients(tagger, batch, padded);
  });
}

Deno.test("SequenceTagger names its parameters as in the math", () => {
  const tagger = new SequenceTagger({
    vocabSize: V,
    numTags: 3,
    hiddenSize: 3,
    embeddingSize: 2,
    bidirectional: true,
  });
  assertEquals(tagger.params.map((p) => p.name), [
    "E",
    "fwd.Wxh",
    "fwd.Whh",
    "fwd.b",
    "bwd.Wxh",
    "bwd.Whh",
    "bwd.b",
    "Why",
    "by",
  ]);
  assertEquals(tagger.head.W.value.shape, [6, 3]);
});

/** Random sequences; each token's tag is the token `shift` steps away (V where there is none). */
function shifted(n: number, shift: number, seed: number) {
  const rng = new Random(seed);
  const seqs = Array.from(
    { length: n },
    () => Array.from({ length: 2 + rng.int(6) }, () => rng.int(V)),
  );
  const tags = seqs.map((s) => s.map((_, t) => s[t + shift] ?? V));
  return { seqs, tags };
}

async function trainTagger(shift: number, bidirectional: boolean): Promise<number> {
  const data = shifted(200, shift, 1), test = shifted(100, shift, 2);
  const tagger = new SequenceTagger({
    vocabSize: V,
    numTags: V + 1,
    hiddenSize: 16,
    embeddingSize: 8,
    bidirectional,
    seed: 3,
  });
  const batches = taggingBatches(data.seqs, data.tags, { batchSize: 20 });
  await trainModel(tagger, batches, {
    epochs: 15,
    optimizer: new Adam({ lr: 0.03 }),
    clipNorm: 5,
  });
  return tagger.accuracy(taggingBatches(test.seqs, test.tags, { batchSize: 100 }));
}

Deno.test("SequenceTagger learns to tag each token with the PREVIOUS one (needs memory)", async () => {
  const accuracy = await trainTagger(-1, false);
  assert(accuracy >= 0.95, `held-out token accuracy ${accuracy}`);
});

Deno.test("SequenceTagger: only the bidirectional one can tag each token with the NEXT one", async () => {
  const uni = await trainTagger(1, false), bi = await trainTagger(1, true);
  assert(bi >= 0.95, `bidirectional accuracy ${bi}`);
  // Left to right, the next token is unknown: about chance (1 in 5 tokens).
  assert(uni <= 0.45, `unidirectional accuracy ${uni}`);
});

Deno.test("SequenceTagger accuracy ignores padding; predict returns real lengths", () => {
  const tagger = new SequenceTagger({ vocabSize: V, numTags: 3, hiddenSize: 3 });
  const predicted = tagger.predict(batch.inputs);
  assertEquals(predicted.map((p) => p.length), [4, 2, 1, 3]);
  assertEquals(tagger.predict(sentences), predicted);
  const [own] = taggingBatches(sentences, predicted, { batchSize: 4, shuffle: false });
  assertEquals(tagger.accuracy(own), 1);
  // Making every *padding* tag wrong leaves it at 1.
  const { data, mask } = own.targets;
  const wrongPadding = data.map((y, i) => (mask[i] ? y : (y + 1) % 3));
  const targets = new SequenceBatch(wrongPadding, own.targets);
  assert(wrongPadding.some((y, i) => y !== data[i]), "some padding tag changed");
  assertEquals(tagger.accuracy({ inputs: own.inputs, targets }), 1);
});

Deno.test("SequenceTagger: predict between forward and backward leaves it intact", () => {
  const tagger = new SequenceTagger({
    vocabSize: V,
    numTags: 3,
    hiddenSize: 3,
    bidirectional: true,
  });
  assertBackwardSurvives(tagger, batch, () => tagger.predict([[4, 4, 4, 4, 4, 4]]));
});

Deno.test("SequenceTagger rejects tags out of range and mismatched lengths", () => {
  const tagger = new SequenceTagger({ vocabSize: V, numTags: 3, hiddenSize: 3 });
  const bad = batch.targets.data.slice();
  bad[0] = 3;
  assertThrows(
    () => tagger.forward({ inputs: batch.inputs, targets: batch.targets.with(bad) }),
    RangeError,
    "target 3 at row 0 is outside [0, 3)",
  );
  assertThrows(
    () => tagger.forward({ inputs: batch.inputs, targets: SequenceBatch.pad([[0, 1, 2]]) }),
    RangeError,
    "3 tags for 16 padded positions",
  );
  assertThrows(
    () => taggingBatches([[1, 2]], [[0]], { batchSize: 1 }),
    RangeError,
    "sequence 0: 2 tokens but 1 tags",
  );
});
