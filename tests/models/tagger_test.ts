import { assert, assertEquals, assertThrows } from "@std/assert";
import { Adam, Random } from "../../lib/mod.ts";
import { SequenceTagger, taggingBatches } from "../../lib/models/tagger.ts";
import { fit } from "../../lib/models/fit.ts";
import {
  assertModelGradients,
  assertSameLossAndGradients,
  repad,
  repadValues,
} from "./_sequence_helpers.ts";

const V = 5;
const [batch] = taggingBatches(
  [[1, 2, 3, 4], [2, 0], [4], [3, 3, 1]],
  [[0, 1, 2, 0], [2, 2], [1], [0, 1, 1]],
  { batchSize: 4, shuffle: false },
);

const kinds = [
  ["unidirectional", {}],
  ["bidirectional", { bidirectional: true }],
  ["stacked 2-layer", { numLayers: 2 }],
  ["stacked bidirectional", { numLayers: 2, bidirectional: true }],
] as const;

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
    const inputs = repad(batch.inputs, 7, 3);
    const tags = repadValues(batch.tags, batch.inputs.lengths, 7);
    assertSameLossAndGradients(tagger, batch, { inputs, tags });
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

function trainTagger(shift: number, bidirectional: boolean) {
  const train = shifted(200, shift, 1), test = shifted(100, shift, 2);
  const tagger = new SequenceTagger({
    vocabSize: V,
    numTags: V + 1,
    hiddenSize: 16,
    embeddingSize: 8,
    bidirectional,
    seed: 3,
  });
  const batches = taggingBatches(train.seqs, train.tags, { batchSize: 20 });
  fit(tagger, batches, { epochs: 15, optimizer: new Adam({ lr: 0.03 }), clipNorm: 5 });
  return tagger.accuracy(taggingBatches(test.seqs, test.tags, { batchSize: 100 }));
}

Deno.test("SequenceTagger learns to tag each token with the PREVIOUS one (needs memory)", () => {
  const accuracy = trainTagger(-1, false);
  assert(accuracy >= 0.95, `held-out token accuracy ${accuracy}`);
});

Deno.test("SequenceTagger: only the bidirectional one can tag each token with the NEXT one", () => {
  const uni = trainTagger(1, false), bi = trainTagger(1, true);
  assert(bi >= 0.95, `bidirectional accuracy ${bi}`);
  // Left to right, the next token is unknown: about chance (1 in 5 tokens).
  assert(uni <= 0.45, `unidirectional accuracy ${uni}`);
});

Deno.test("SequenceTagger accuracy ignores padding; predict returns real lengths", () => {
  const tagger = new SequenceTagger({ vocabSize: V, numTags: 3, hiddenSize: 3 });
  const predicted = tagger.predict(batch.inputs);
  assertEquals(predicted.map((p) => p.length), [4, 2, 1, 3]);
  const tags = predicted.map((p) => p.slice());
  const [own] = taggingBatches([[1, 2, 3, 4], [2, 0], [4], [3, 3, 1]], tags, {
    batchSize: 4,
    shuffle: false,
  });
  assertEquals(tagger.accuracy(own), 1);
  // Making every *padding* tag wrong leaves it at 1.
  const wrongPadding = own.tags.map((y, i) => (own.inputs.mask[i] ? y : (y + 1) % 3));
  assertEquals(tagger.accuracy({ inputs: own.inputs, tags: wrongPadding }), 1);
});

Deno.test("SequenceTagger rejects tags out of range and mismatched lengths", () => {
  const tagger = new SequenceTagger({ vocabSize: V, numTags: 3, hiddenSize: 3 });
  const bad = batch.tags.slice();
  bad[0] = 3;
  assertThrows(
    () => tagger.forward({ inputs: batch.inputs, tags: bad }),
    RangeError,
    "label 3 of example 0 is outside [0, 3)",
  );
  assertThrows(
    () => tagger.forward({ inputs: batch.inputs, tags: bad.slice(1) }),
    RangeError,
    "15 tags for 16 padded positions",
  );
  assertThrows(
    () => taggingBatches([[1, 2]], [[0]], { batchSize: 1 }),
    RangeError,
    "sequence 0 has 2 tokens but 1 tags",
  );
});
