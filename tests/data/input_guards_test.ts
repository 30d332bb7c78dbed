/**
 * Issue 9, points 11 and 14: every entry point that takes token ids refuses
 * non-integers and ids outside the vocabulary, naming the first bad position
 * and its value, and a loss mask must hold finite weights. The old batchers
 * copied ids into an Int32Array, which turns NaN into 0, 1.5 into 1 and
 * 2³² + 1 into 1, and the old loss let an infinite weight through (a NaN loss).
 *
 * These entry points live in lib/data, lib/core (SequenceBatch), lib/layers
 * (Embedding, oneHot, the loss) and lib/models; they are tested together here.
 */
import { assertThrows } from "@std/assert";
import {
  classificationBatches,
  Embedding,
  evaluateLanguageModel,
  fromArray,
  generate,
  generationBatches,
  LanguageModel,
  oneHot,
  Random,
  Seq2Seq,
  seq2seqBatches,
  SequenceBatch,
  SequenceClassifier,
  SequenceTagger,
  SoftmaxCrossEntropy,
  StreamBatcher,
  taggingBatches,
  unigramBitsPerToken,
} from "../../lib/mod.ts";

const V = 5;
/** Not integers, or too large for an Int32Array: each was coerced silently before. */
const nonIds = [NaN, 1.5, 2 ** 32 + 1, -1];
/** Every bad value, the out-of-vocabulary id V included. */
const bad = [...nonIds, V];

/** `[0, 1, value, 1]`: the bad value at position 2. */
const withBad = (value: number) => [0, 1, value, 1];

Deno.test("StreamBatcher rejects bad ids, naming the position and the value", () => {
  // Before: NaN became 0, 1.5 became 1, 2³² + 1 became 1, and training ran on them.
  for (const value of bad) {
    assertThrows(
      () => new StreamBatcher(withBad(value), { batchSize: 1, seqLength: 2, vocabSize: V }),
      RangeError,
      `StreamBatcher ids: position 2 holds ${value}, expected an integer id in [0, ${V})`,
    );
  }
  for (const value of nonIds) {
    assertThrows(
      () => new StreamBatcher(withBad(value), { batchSize: 1, seqLength: 2 }),
      RangeError,
      `position 2 holds ${value}, expected a non-negative integer id`,
    );
  }
});

Deno.test("SequenceBatch.pad and SequenceBatch.tokens reject bad ids, naming where", () => {
  for (const value of bad) {
    assertThrows(
      () => SequenceBatch.pad([[0], withBad(value)], { vocabSize: V }),
      RangeError,
      `SequenceBatch.pad: sequence 1: position 2 holds ${value}`,
    );
    assertThrows(
      () => SequenceBatch.tokens(withBad(value), 2, V),
      RangeError,
      `token ids: position 2 holds ${value}, expected an integer id in [0, ${V})`,
    );
  }
  // Without a vocabulary, any non-negative integer passes; nothing else does.
  for (const value of nonIds) {
    assertThrows(() => SequenceBatch.pad([withBad(value)]), RangeError, `holds ${value}`);
    assertThrows(() => SequenceBatch.tokens(withBad(value), 1), RangeError, `holds ${value}`);
  }
});

Deno.test("the batch builders reject bad ids and tags", () => {
  for (const value of nonIds) {
    const seqs = [[0, 1], withBad(value)];
    assertThrows(
      () => classificationBatches(seqs, [0, 1], { batchSize: 2 }),
      RangeError,
      `position 2 holds ${value}`,
    );
    assertThrows(
      () => taggingBatches([[0, 1], [0, 1, 2, 3]], [[0, 1], withBad(value)], { batchSize: 2 }),
      RangeError,
      `sequence 1: position 2 holds ${value}`,
    );
    assertThrows(
      () => seq2seqBatches([withBad(value)], [[2]], { batchSize: 1, bos: 0, eos: 1 }),
      RangeError,
      `position 2 holds ${value}`,
    );
    assertThrows(
      () => generationBatches([withBad(value)], [0], { batchSize: 1, eos: 0 }),
      RangeError,
      `position 2 holds ${value}`,
    );
  }
});

Deno.test("the batch builders reject labels that are not integers ≥ 0", () => {
  // 2³² + 1 would be stored as 1 by an Int32Array.
  for (const value of [NaN, 1.5, -1, 2 ** 32 + 1]) {
    for (const build of [classificationBatches, generationBatches]) {
      assertThrows(
        () => build([[0], [1]], [0, value], { batchSize: 2, eos: 0 }),
        RangeError,
        `label of example 1 must be an integer in [0, 2147483647], got ${value}`,
      );
    }
  }
});

Deno.test("Embedding and oneHot reject bad ids, naming the position and the value", () => {
  // These two refused bad ids before too (as "id … at position … is outside the vocabulary"):
  // this pins the one guard's wording, it is not a regression test of issue 9.
  const E = new Embedding({ vocabSize: V, embeddingSize: 2, rng: new Random(0) });
  for (const value of bad) {
    const message = `position 2 holds ${value}, expected an integer id in [0, ${V})`;
    assertThrows(() => E.forward(withBad(value)), RangeError, `Embedding: ${message}`);
    assertThrows(() => oneHot(withBad(value), V), RangeError, `oneHot: ${message}`);
  }
});

Deno.test("the models' entry points reject ids outside the vocabulary", () => {
  const outside = new SequenceBatch(Int32Array.of(0, 1, V, 1), { batchSize: 2 });
  const inside = SequenceBatch.tokens([0, 1, 2, 3], 2);
  for (const embeddingSize of [undefined, 2]) {
    const lm = new LanguageModel({ vocabSize: V, hiddenSize: 3, embeddingSize });
    assertThrows(
      () => lm.forward({ inputs: outside, targets: inside }),
      RangeError,
      `position 2 holds ${V}`,
    );
    assertThrows(() => lm.predict(outside), RangeError, `position 2 holds ${V}`);
    assertThrows(
      () => lm.forward({ inputs: inside, targets: outside }),
      RangeError,
      `target ${V} at row 2`,
    );
  }
  // Before: the evaluation's batcher scored NaN as id 0, and the unigram baseline returned NaN.
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 3 });
  for (const value of bad) {
    assertThrows(
      () => generate(lm, withBad(value), { length: 1 }),
      RangeError,
      `position 2 holds ${value}`,
    );
    assertThrows(
      () => evaluateLanguageModel(lm, withBad(value)),
      RangeError,
      `position 2 holds ${value}`,
    );
    assertThrows(
      () => unigramBitsPerToken([0, 1], withBad(value), V),
      RangeError,
      `position 2 holds ${value}`,
    );
  }
});

Deno.test("predict and translate on raw sequences reject bad ids", () => {
  const models = [
    new SequenceClassifier({ vocabSize: V, numClasses: 2, hiddenSize: 3 }),
    new SequenceTagger({ vocabSize: V, numTags: 2, hiddenSize: 3 }),
    {
      predict: (s: number[][]) =>
        new Seq2Seq({ sourceVocabSize: V, targetVocabSize: 4, bos: 0, eos: 1, hiddenSize: 3 })
          .translate(s),
    },
  ];
  for (const model of models) {
    for (const value of nonIds) {
      assertThrows(
        () => model.predict([[0], withBad(value)]),
        RangeError,
        `SequenceBatch.pad: sequence 1: position 2 holds ${value}`,
      );
    }
    assertThrows(
      () => model.predict([[0], withBad(V)]),
      RangeError,
      `SequenceBatch.pad: sequence 1: position 2 holds ${V}, expected an integer id in [0, ${V})`,
    );
  }
});

Deno.test("a loss mask with an infinite, NaN or negative weight is rejected", () => {
  // Before: an infinite weight passed the old `m >= 0` check and made the loss NaN.
  for (const w of [Infinity, NaN, -1]) {
    assertThrows(
      () => new SequenceBatch(Int32Array.of(0, 1), { batchSize: 1, mask: [1, w] }),
      RangeError,
      `mask: entry 1 is ${w}, expected a finite weight ≥ 0`,
    );
    assertThrows(
      () => new SoftmaxCrossEntropy().forward(fromArray([[0, 0], [0, 0]]), [0, 1], [1, w]),
      RangeError,
      `SoftmaxCrossEntropy weights: entry 1 is ${w}, expected a finite weight ≥ 0`,
    );
  }
});
