import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  batchIndices,
  classificationBatches,
  generationBatches,
  seq2seqBatches,
  taggingBatches,
} from "../../lib/mod.ts";

Deno.test("batchIndices covers every example once, seeded", () => {
  const groups = batchIndices(10, { batchSize: 4, seed: 3 });
  assertEquals(groups.map((g) => g.length), [4, 4, 2]);
  assertEquals(groups.flat().toSorted((a, b) => a - b), Array.from({ length: 10 }, (_, i) => i));
  assertEquals(batchIndices(10, { batchSize: 4, seed: 3 }), groups);
  assert(JSON.stringify(batchIndices(10, { batchSize: 4, seed: 4 })) !== JSON.stringify(groups));
  assertEquals(batchIndices(5, { batchSize: 2, shuffle: false }), [[0, 1], [2, 3], [4]]);
  assertThrows(
    () => batchIndices(10, { batchSize: 0 }),
    RangeError,
    "batchSize must be an integer ≥ 1, got 0",
  );
});

Deno.test("classificationBatches: padded sequences and their labels, in the same order", () => {
  const seqs = [[1, 2, 3], [4], [5, 6], [7]];
  const batches = classificationBatches(seqs, [0, 1, 2, 3], { batchSize: 3, seed: 1, padId: 9 });
  assertEquals(batches.map((b) => b.inputs.batchSize), [3, 1]);
  for (const b of batches) {
    // Each sequence still carries its own label after the shuffle.
    b.inputs.sequences().forEach((s, i) => assertEquals(s, seqs[b.labels[i]]));
  }
  const [first] = classificationBatches(seqs, [0, 1, 2, 3], {
    batchSize: 4,
    shuffle: false,
    padId: 9,
  });
  assertEquals(Array.from(first.inputs.data), [1, 4, 5, 7, 2, 9, 6, 9, 3, 9, 9, 9]);
  assertEquals(Array.from(first.inputs.lengths), [3, 1, 2, 1]);
  assertThrows(
    () => classificationBatches([[1]], [0, 1], { batchSize: 1 }),
    RangeError,
    "1 sequences but 2 labels",
  );
  assertThrows(
    () => classificationBatches([[1]], [-1], { batchSize: 1 }),
    RangeError,
    "label of example 0 must be an integer in [0, 2147483647], got -1",
  );
});

Deno.test("taggingBatches: tags padded like the tokens, padding masked", () => {
  const [b] = taggingBatches([[5, 6, 7], [8]], [[1, 2, 3], [4]], { batchSize: 2, shuffle: false });
  assertEquals(Array.from(b.inputs.data), [5, 8, 6, 0, 7, 0]);
  assertEquals(Array.from(b.targets.data), [1, 4, 2, 0, 3, 0]);
  assertEquals(Array.from(b.targets.mask), [1, 1, 1, 0, 1, 0]);
  assertEquals(Array.from(b.targets.lengths), Array.from(b.inputs.lengths));
  assertThrows(
    () => taggingBatches([[1, 2]], [[0]], { batchSize: 1 }),
    RangeError,
    "sequence 0: 2 tokens but 1 tags",
  );
});

Deno.test("seq2seqBatches builds teacher forcing: <s> + target in, target + </s> out", () => {
  const BOS = 0, EOS = 1;
  const [b] = seq2seqBatches([[7, 8]], [[4, 5, 6]], { batchSize: 1, bos: BOS, eos: EOS });
  assertEquals(Array.from(b.source.data), [7, 8]);
  assertEquals(Array.from(b.inputs.data), [BOS, 4, 5, 6]);
  assertEquals(Array.from(b.targets.data), [4, 5, 6, EOS]);
  // With padding, inputs and targets share the lengths (n + 1) and the mask.
  const [padded] = seq2seqBatches([[1, 2, 3], [2], [3, 1]], [[4, 2], [3, 3, 4], [2]], {
    batchSize: 3,
    bos: BOS,
    eos: EOS,
    shuffle: false,
  });
  assertEquals(Array.from(padded.inputs.lengths), [3, 4, 2]);
  assertEquals(Array.from(padded.targets.mask), Array.from(padded.inputs.mask));
  assertEquals(Array.from(padded.source.lengths), [3, 1, 2]);
  assertEquals(padded.targets.sequences(), [[4, 2, EOS], [3, 3, 4, EOS], [2, EOS]]);
});

Deno.test("generationBatches appends </s> and keeps each label with its sequence", () => {
  const seqs = [[2, 3], [4], [2, 2, 2]];
  const batches = generationBatches(seqs, [0, 1, 2], { batchSize: 2, eos: 0, seed: 5 });
  for (const b of batches) {
    b.targets.sequences().forEach((s, i) => assertEquals(s, [...seqs[b.labels[i]], 0]));
  }
  assertThrows(
    () => generationBatches(seqs, [0, 1], { batchSize: 2, eos: 0 }),
    RangeError,
    "3 sequences but 2 labels",
  );
});
