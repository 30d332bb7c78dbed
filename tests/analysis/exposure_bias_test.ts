import { assert, assertAlmostEquals, assertEquals, assertRejects, assertThrows } from "@std/assert";
import {
  Adam,
  argmax,
  evaluateLanguageModel,
  LanguageModel,
  ownInputs,
  ownPrefixLoss,
  Random,
  SequenceBatch,
  StreamBatcher,
  train,
  trainWithOwnInputs,
} from "../../lib/mod.ts";

const pattern = Array.from({ length: 400 }, (_, i) => [0, 1, 2, 3, 2, 1][i % 6]);

Deno.test("ownInputs: p = 0 keeps the true inputs; p = 1 feeds the model's argmax", () => {
  const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 6, seed: 2 });
  lm.forward({ inputs: SequenceBatch.tokens([3, 1], 2), targets: SequenceBatch.tokens([0, 0], 2) });
  const start = lm.state!; // ownInputs starts from the carried state
  const inputs = SequenceBatch.tokens([0, 1, 2, 3, 0, 1], 2); // T = 3, B = 2
  const rng = new Random(0);
  assertEquals(ownInputs(lm, inputs, 0, "argmax", rng), inputs.data);
  const own = ownInputs(lm, inputs, 1, "argmax", rng);
  assertEquals(Array.from(own.subarray(0, 2)), [0, 1]); // the first inputs stay true
  // Recompute step by step: the input of step t + 1 is the argmax of step t.
  let state = start;
  for (let t = 1; t < 3; t++) {
    const { logits, hidden } = lm.scores(
      SequenceBatch.tokens(own.subarray(2 * t - 2, 2 * t), 2),
      state,
    );
    state = hidden.final;
    assertEquals(Array.from(own.subarray(2 * t, 2 * t + 2)), [
      argmax(logits.row(0)),
      argmax(logits.row(1)),
    ]);
  }
  assertEquals(lm.state, start, "the carried state is unchanged");
});

Deno.test("ownInputs leaves the carried state's values alone", () => {
  const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 6, seed: 2 });
  lm.forward({
    inputs: SequenceBatch.tokens([0, 1, 2], 1),
    targets: SequenceBatch.tokens([1, 2, 3], 1),
  });
  const before = lm.state!.map((m) => Array.from(m.data));
  ownInputs(lm, SequenceBatch.tokens([3, 2, 1, 0], 1), 1, "sample", new Random(1));
  assertEquals(lm.state!.map((m) => Array.from(m.data)), before);
});

Deno.test("trainWithOwnInputs with p = 0 is teacher forcing: the trainer's losses", async () => {
  const options = { batchSize: 2, seqLength: 8, steps: 15 };
  const a = new LanguageModel({ vocabSize: 4, hiddenSize: 6, seed: 3 });
  const b = new LanguageModel({ vocabSize: 4, hiddenSize: 6, seed: 3 });
  const ha = await trainWithOwnInputs(a, pattern, {
    ...options,
    optimizer: new Adam({ lr: 0.02 }),
    ownInputs: 0,
    progress: false,
  });
  const hb = await train(b, new StreamBatcher(pattern, options), {
    steps: options.steps,
    optimizer: new Adam({ lr: 0.02 }),
    clipNorm: 5,
    progress: false,
  });
  assertEquals(ha.steps.length, 15);
  ha.steps.forEach((r, i) => assertAlmostEquals(r.loss, hb.steps[i].loss, 1e-12));
});

Deno.test("trainWithOwnInputs learns a pattern with teacher forcing; p must be a probability", async () => {
  const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 8, seed: 1 });
  const options = { batchSize: 4, seqLength: 12, steps: 150, optimizer: new Adam({ lr: 0.02 }) };
  await trainWithOwnInputs(lm, pattern, { ...options, ownInputs: 0, progress: false });
  const { loss } = evaluateLanguageModel(lm, pattern, { seqLength: 12 });
  assert(loss < 0.2, `held-in loss ${loss}`);
  await assertRejects(
    async () => await trainWithOwnInputs(lm, pattern, { ...options, ownInputs: 1.5 }),
    RangeError,
    "ownInputs must be a probability in [0, 1], got 1.5",
  );
});

Deno.test("ownPrefixLoss: j = 0 is teacher forcing for both; a perfect model has equal curves", async () => {
  const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 8, seed: 1 });
  await train(lm, new StreamBatcher(pattern, { batchSize: 4, seqLength: 12 }), {
    steps: 300,
    optimizer: new Adam({ lr: 0.02 }),
    progress: false,
  });
  const r = ownPrefixLoss(lm, pattern, { context: 12, horizon: 6, starts: 20 });
  assertEquals(r.own.length, 6);
  assertAlmostEquals(r.own[0], r.truth[0], 1e-12);
  // The pattern is deterministic after enough context: the model's own greedy
  // output is the truth, so both curves coincide.
  r.own.forEach((x, j) => assertAlmostEquals(x, r.truth[j], 1e-9));
  assert(r.truth.every((x) => x < 0.1), "and the model is right");
  assertThrows(() => ownPrefixLoss(lm, pattern.slice(0, 20)), RangeError, "too few");
});

Deno.test("ownPrefixLoss: for an untrained model, its own output and the truth give other losses", () => {
  const lm = new LanguageModel({ vocabSize: 4, hiddenSize: 8, seed: 1 });
  const r = ownPrefixLoss(lm, pattern, { context: 6, horizon: 6, starts: 20 });
  assertAlmostEquals(r.own[0], r.truth[0], 1e-12);
  assert(r.own.slice(1).some((x, j) => Math.abs(x - r.truth[j + 1]) > 1e-6), "the curves part");
});
