import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  ConditionalGenerator,
  generationBatches,
  MostFrequentTagBaseline,
  positionOnlyCrossEntropy,
  Random,
  SuffixBaseline,
  unigramBitsPerToken,
} from "../../lib/mod.ts";
import { trainModel } from "../_train.ts";

Deno.test("SuffixBaseline: majority class per ending, overall majority for unseen endings", () => {
  const words = ["anna", "maria", "luca", "john", "tom", "ben", "jan"];
  const labels = [0, 0, 1, 1, 1, 1, 0];
  const base = SuffixBaseline.fit(words, labels, { numClasses: 2 });
  assertEquals(base.table.get("a"), 0); // anna, maria: 0; luca: 1 → 0
  assertEquals(base.table.get("n"), 1); // john, ben: 1; jan: 0 → 1
  assertEquals(base.fallback, 1); // 4 of 7 are class 1
  assertEquals(base.predict("zzz"), 1);
  // training accuracy: every word but luca and jan
  assertAlmostEquals(base.accuracy(words, labels), 5 / 7, 1e-12);
});

Deno.test("SuffixBaseline: longer suffixes separate what one letter cannot", () => {
  const words = ["anna", "luca", "ilka", "joshua"];
  const labels = [0, 1, 0, 1];
  const one = SuffixBaseline.fit(words, labels, { numClasses: 2 });
  const two = SuffixBaseline.fit(words, labels, { numClasses: 2, suffixLength: 2 });
  assertEquals(one.accuracy(words, labels), 0.5); // all end in a: a tie, broken to class 0
  assertEquals(two.accuracy(words, labels), 1);
});

Deno.test("SuffixBaseline: rejects mismatched or bad inputs", () => {
  assertThrows(() => SuffixBaseline.fit(["a"], [0, 1], { numClasses: 2 }), RangeError);
  assertThrows(() => SuffixBaseline.fit(["a"], [2], { numClasses: 2 }), RangeError);
  assertThrows(
    () => SuffixBaseline.fit(["a"], [0], { numClasses: 2, suffixLength: 0 }),
    RangeError,
  );
});

Deno.test("MostFrequentTagBaseline: per-word majority tag, overall majority for unknown words", () => {
  const sentences = [["the", "can", "rusts"], ["we", "can", "go"], ["they", "can", "swim"]];
  const tags = [[0, 1, 2], [3, 2, 2], [3, 2, 2]]; // DET NOUN VERB / PRON VERB VERB …
  const base = MostFrequentTagBaseline.fit(sentences, tags, { numTags: 4 });
  assertEquals(base.table.get("can"), 2);
  assertEquals(base.fallback, 2); // VERB: 5 of 9 tokens
  assertEquals(base.predict(["the", "can", "fly"]), [0, 2, 2]);
  assertAlmostEquals(base.accuracy(sentences, tags), 8 / 9, 1e-12); // "the can" is wrong
  assertAlmostEquals(base.unknownRate([["the", "cat"], ["sat"]]), 2 / 3, 1e-12);
  assertThrows(
    () => MostFrequentTagBaseline.fit([["a", "b"]], [[0]], { numTags: 2 }),
    RangeError,
  );
});

Deno.test("positionOnlyCrossEntropy: the entropy of the target at each (label, step)", () => {
  // label 0: "xy", "xz"; label 1: "x" → targets x y </s>, x z </s>, x </s>
  const floor = positionOnlyCrossEntropy([[1, 2], [1, 3], [1]], [0, 0, 1], 0);
  assertAlmostEquals(floor, (2 * Math.log(2)) / 8, 1e-12);
  // Sequences fully determined by label and position: zero.
  assertEquals(positionOnlyCrossEntropy([[1, 2], [1, 2]], [1, 1], 0), 0);
});

Deno.test("positionOnlyCrossEntropy bounds the training loss of a first-step generator", async () => {
  // Four words per label that share letters at each position in different combinations:
  // position-only statistics cannot tell which combination comes.
  const rng = new Random(5);
  const sequences: number[][] = [], labels: number[] = [];
  for (let i = 0; i < 40; i++) {
    const label = i % 2;
    const a = 1 + rng.int(2), b = a === 1 ? 3 : 4; // the second letter follows from the first
    sequences.push(label === 0 ? [a, b] : [b, a, a]);
    labels.push(label);
  }
  const floor = positionOnlyCrossEntropy(sequences, labels, 0);
  assert(floor > 0.1);
  const batches = generationBatches(sequences, labels, { batchSize: 40, eos: 0, shuffle: false });
  const losses: Record<string, number> = {};
  for (const conditioning of ["first-step", "feedback"] as const) {
    const model = new ConditionalGenerator({
      vocabSize: 5,
      eos: 0,
      numLabels: 2,
      hiddenSize: 12,
      conditioning,
      seed: 1,
    });
    const history = await trainModel(model, batches, {
      epochs: 300,
      optimizer: new Adam({ lr: 0.05 }),
    });
    losses[conditioning] = history.epochs.at(-1)!.loss;
  }
  assert(losses["first-step"] >= floor - 1e-9, `first-step ${losses["first-step"]} < ${floor}`);
  assert(losses["first-step"] < floor + 0.05, `first-step ${losses["first-step"]} far above floor`);
  // With feedback, the model sees the first letter and can predict the second: below the floor.
  assert(losses["feedback"] < floor - 0.1, `feedback ${losses["feedback"]} vs floor ${floor}`);
});

Deno.test("unigramBitsPerToken is the cross-entropy under smoothed frequencies", () => {
  // counts with add-one: token 0 → 3, token 1 → 1 (of 4).
  assertAlmostEquals(
    unigramBitsPerToken([0, 0], [0, 1], 2),
    (-Math.log2(3 / 4) - Math.log2(1 / 4)) / 2,
    1e-12,
  );
  // An unseen token costs log2(total) bits, not Infinity.
  assertAlmostEquals(unigramBitsPerToken([0, 0], [2], 3), Math.log2(5), 1e-12);
  assertThrows(() => unigramBitsPerToken([0, 3], [0], 3), RangeError, "position 1 holds 3");
});
