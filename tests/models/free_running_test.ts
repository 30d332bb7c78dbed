import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { Adam, CharLM, evaluateLoss, Random, trainLanguageModel } from "../../lib/mod.ts";
import {
  argmax,
  ownInputs,
  ownPrefixLoss,
  trainWithOwnInputs,
  unigramBitsPerToken,
} from "../../lib/models/free_running.ts";

const pattern = Array.from({ length: 400 }, (_, i) => [0, 1, 2, 3, 2, 1][i % 6]);

Deno.test("argmax picks the first largest value", () => {
  assertEquals(argmax([1, 3, 3, 2]), 1);
  assertEquals(argmax([5]), 0);
});

Deno.test("ownInputs: p = 0 keeps the true inputs; p = 1 feeds the model's argmax", () => {
  const lm = new CharLM({ vocabSize: 4, hiddenSize: 6, seed: 2 });
  const inputs = Int32Array.from([0, 1, 2, 3, 0, 1]); // T = 3, B = 2
  const rng = new Random(0);
  assertEquals(ownInputs(lm, inputs, 2, 0, "argmax", rng), inputs);
  const own = ownInputs(lm, inputs, 2, 1, "argmax", rng);
  assertEquals(Array.from(own.subarray(0, 2)), [0, 1]); // the first inputs stay true
  // Recompute step by step: the input of step t + 1 is the argmax of step t.
  lm.resetState();
  let prev = own.subarray(0, 2);
  for (let t = 1; t < 3; t++) {
    const z = lm.logits(prev, 2);
    const expected = [argmax(z.row(0)), argmax(z.row(1))];
    assertEquals(Array.from(own.subarray(2 * t, 2 * t + 2)), expected);
    prev = own.subarray(2 * t, 2 * t + 2);
  }
});

Deno.test("ownInputs restores the carried state", () => {
  const lm = new CharLM({ vocabSize: 4, hiddenSize: 6, seed: 2 });
  lm.forward([0, 1, 2], [1, 2, 3], 1);
  const before = (lm.state as { data: Float64Array }).data.slice();
  ownInputs(lm, [3, 2, 1, 0], 1, 1, "sample", new Random(1));
  assertEquals((lm.state as { data: Float64Array }).data, before);
});

Deno.test("trainWithOwnInputs with p = 0 is teacher forcing: same losses as trainLanguageModel", () => {
  const options = { batchSize: 2, seqLength: 8, steps: 15 };
  const a = new CharLM({ vocabSize: 4, hiddenSize: 6, seed: 3 });
  const b = new CharLM({ vocabSize: 4, hiddenSize: 6, seed: 3 });
  const ha = trainWithOwnInputs(a, pattern, {
    ...options,
    optimizer: new Adam({ lr: 0.02 }),
    ownInputs: 0,
  });
  const hb = trainLanguageModel(b, pattern, {
    ...options,
    optimizer: new Adam({ lr: 0.02 }),
    clipNorm: 5,
  });
  ha.forEach((r, i) => assertAlmostEquals(r.loss, hb[i].loss, 1e-12));
});

Deno.test("trainWithOwnInputs learns a pattern with teacher forcing, barely without it", () => {
  const run = (p: number) => {
    const lm = new CharLM({ vocabSize: 4, hiddenSize: 8, seed: 1 });
    trainWithOwnInputs(lm, pattern, {
      batchSize: 4,
      seqLength: 12,
      steps: 150,
      optimizer: new Adam({ lr: 0.02 }),
      ownInputs: p,
    });
    return evaluateLoss(lm, pattern, { seqLength: 12 });
  };
  assert(run(0) < 0.2);
  assertThrows(() => run(1.5), RangeError, "probability in [0, 1]");
});

Deno.test("ownPrefixLoss: j = 0 is teacher forcing for both; a perfect model has equal curves", () => {
  const lm = new CharLM({ vocabSize: 4, hiddenSize: 8, seed: 1 });
  trainLanguageModel(lm, pattern, {
    batchSize: 4,
    seqLength: 12,
    steps: 300,
    optimizer: new Adam({ lr: 0.02 }),
  });
  const r = ownPrefixLoss(lm, pattern, { context: 12, horizon: 6, starts: 20 });
  assertEquals(r.own.length, 6);
  assertAlmostEquals(r.own[0], r.truth[0], 1e-12);
  // The pattern is deterministic after enough context: the model's own greedy
  // output is the truth, so both curves coincide.
  r.own.forEach((x, j) => assertAlmostEquals(x, r.truth[j], 1e-9));
  assertThrows(() => ownPrefixLoss(lm, pattern.slice(0, 20)), RangeError, "too few");
});

Deno.test("unigramBitsPerToken is the cross-entropy under smoothed frequencies", () => {
  // counts with add-one: token 0 → 3, token 1 → 1 (of 4).
  assertAlmostEquals(
    unigramBitsPerToken([0, 0], [0, 1], 2),
    (-Math.log2(3 / 4) - Math.log2(1 / 4)) / 2,
    1e-12,
  );
});
