import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  corruptionRecovery,
  evaluateLanguageModel,
  inverseSigmoidDecay,
  judgeSamples,
  LanguageModel,
  NGramModel,
  trainWithOwnInputs,
} from "../../lib/mod.ts";

const pattern = Array.from({ length: 600 }, (_, i) => [0, 1, 2, 3, 2, 1][i % 6]);

Deno.test("inverseSigmoidDecay: Bengio et al.'s ε_i = k/(k + exp(i/k)) decays from 1", () => {
  const truth = inverseSigmoidDecay(50);
  assertAlmostEquals(truth(0), 50 / 51, 1e-15);
  assertAlmostEquals(truth(50 * Math.log(50)), 0.5, 1e-12);
  for (let i = 1; i < 1000; i += 37) assert(truth(i) < truth(i - 1));
  assert(truth(2000) < 1e-10);
  assertThrows(() => inverseSigmoidDecay(0.5), RangeError, "at least 1");
});

Deno.test("trainWithOwnInputs: a schedule is read once per step, from step 1; bad values are named", async () => {
  const seen: number[] = [];
  const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 6, seed: 2 });
  await trainWithOwnInputs(lm, pattern, {
    batchSize: 2,
    seqLength: 6,
    steps: 5,
    optimizer: new Adam({ lr: 0.01 }),
    ownInputs: (step) => (seen.push(step), 0),
    progress: false,
  });
  assertEquals(seen, [1, 1, 2, 3, 4, 5]); // validated once before training
  await trainWithOwnInputs(lm, pattern, {
    batchSize: 2,
    seqLength: 6,
    steps: 3,
    optimizer: new Adam({ lr: 0.01 }),
    ownInputs: (step) => (step < 3 ? 0.5 : 2),
    progress: false,
  }).then(
    () => assert(false, "should have thrown"),
    (e) => assert(String(e).includes("got 2 at step 3"), String(e)),
  );
});

Deno.test("trainWithOwnInputs: p = 0 is teacher forcing — the same losses as a schedule of zeros", async () => {
  const run = async (own: number | ((s: number) => number)) => {
    const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 6, seed: 3 });
    const h = await trainWithOwnInputs(lm, pattern, {
      batchSize: 2,
      seqLength: 8,
      steps: 10,
      optimizer: new Adam({ lr: 0.02 }),
      ownInputs: own,
      progress: false,
    });
    return h.steps.map((r) => r.loss);
  };
  assertEquals(await run(0), await run(() => 0));
});

Deno.test("corruptionRecovery: a wrong history costs a trained model right after the span, less later", async () => {
  const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 12, seed: 1 });
  await trainWithOwnInputs(lm, pattern, {
    batchSize: 4,
    seqLength: 12,
    steps: 200,
    optimizer: new Adam({ lr: 0.02 }),
    ownInputs: 0,
    progress: false,
  });
  const r = corruptionRecovery(lm, pattern, {
    starts: 16,
    context: 12,
    corrupt: 4,
    horizon: 10,
    noise: pattern,
  });
  assertEquals(r.clean.length, 10);
  r.excess.forEach((e, j) => assertAlmostEquals(e, r.corrupted[j] - r.clean[j], 1e-12));
  assert(r.excess[0] > 0.1, `a wrong history costs right after it: ${r.excess[0]}`);
  assert(Math.abs(r.excess.at(-1)!) < r.excess[0], "and less later");
  // The same seed gives the same corruption; the model's carried state is untouched.
  const again = corruptionRecovery(lm, pattern, {
    starts: 16,
    context: 12,
    corrupt: 4,
    horizon: 10,
    noise: pattern,
  });
  assertEquals(again, r);
  assertThrows(
    () => corruptionRecovery(lm, pattern.slice(0, 30), { noise: pattern }),
    RangeError,
    "too few",
  );
  assertThrows(() => corruptionRecovery(lm, pattern, { corrupt: 40, noise: pattern }), RangeError);
});

Deno.test("judgeSamples: the judge scores the book's continuation as the n-gram's own cross-entropy there", async () => {
  const judge = NGramModel.train(pattern, { order: 3, vocabSize: 4 });
  const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 12, seed: 1 });
  const before = judgeSamples(lm, judge, pattern, { prompts: 8, context: 6, length: 12 });
  assertEquals(before.samples.length, 8);
  assert(before.samples.every((s) => s.length === 12));
  assert(before.truthBits < 0.1, `the pattern is deterministic for a 3-gram: ${before.truthBits}`);
  await trainWithOwnInputs(lm, pattern, {
    batchSize: 4,
    seqLength: 12,
    steps: 200,
    optimizer: new Adam({ lr: 0.02 }),
    ownInputs: 0,
    progress: false,
  });
  const after = judgeSamples(lm, judge, pattern, { prompts: 8, context: 6, length: 12 });
  assert(after.sampleBits < before.sampleBits, `${after.sampleBits} < ${before.sampleBits}`);
  assert(evaluateLanguageModel(lm, pattern).bitsPerToken < 0.5);
});
