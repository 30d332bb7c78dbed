import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  addScaled,
  bpttStepByStep,
  elmanLayer,
  frobeniusNorm,
  LanguageModel,
  numericalGradient,
  Random,
  relativeError,
  SequenceBatch,
  stepsOf,
  zeros,
} from "../../lib/mod.ts";

const V = 5;
const rng = new Random(7);
const inputs = Array.from({ length: 10 }, () => rng.int(V));
const targets = Array.from({ length: 10 }, () => rng.int(V));

/** The loss of `lm` on the walk's data, from a zero state. */
function lossOf(lm: LanguageModel, B = 1): () => number {
  const batch = {
    inputs: SequenceBatch.tokens(inputs, B),
    targets: SequenceBatch.tokens(targets, B),
  };
  return () => lm.forward(batch, lm.zeroState(B)).loss;
}

for (const embeddingSize of [undefined, 3]) {
  const kind = embeddingSize ? "embedding" : "one-hot";
  Deno.test(`bpttStepByStep (${kind}): the sum of the step contributions is the numerical ∂L/∂Whh`, () => {
    const lm = new LanguageModel({ vocabSize: V, hiddenSize: 4, embeddingSize, seed: 2 });
    const walk = bpttStepByStep(lm, inputs, targets);
    const sum = zeros(4, 4);
    for (const c of walk.contributions) addScaled(sum, c);
    assert(relativeError(sum.data, walk.total.data) < 1e-12);
    assertEquals(walk.cumulative.length, inputs.length);
    assert(relativeError(walk.cumulative.at(-1)!.data, walk.total.data) === 0);
    const f = lossOf(lm);
    const { Whh, Wxh } = elmanLayer(lm, "test").cell;
    const err = relativeError(walk.total.data, numericalGradient(f, Whh.value));
    assert(err <= 1e-7, `Whh relative error ${err}`);
    // The walk leaves the full gradient of Wxh too.
    const errX = relativeError(Wxh.grad.data, numericalGradient(f, Wxh.value));
    assert(errX <= 1e-7, `Wxh relative error ${errX}`);
    assertAlmostEquals(walk.loss, f(), 1e-12);
    assertEquals(lm.state, undefined, "the walk does not touch the carried state");
  });
}

Deno.test("bpttStepByStep: the first step's contribution is zero (h₀ = 0) and dh norms are recorded", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 4, seed: 2 });
  const walk = bpttStepByStep(lm, inputs, targets);
  assertEquals(frobeniusNorm(walk.contributions[0]), 0);
  assert(frobeniusNorm(walk.contributions[1]) > 0);
  assert(walk.dhNorms.every((n) => n > 0));
});

Deno.test("bpttStepByStep works with several streams", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 3, seed: 4 });
  const walk = bpttStepByStep(lm, inputs, targets, 2);
  assertEquals(walk.contributions.length, 5);
  const Whh = elmanLayer(lm, "test").cell.Whh;
  assert(relativeError(walk.total.data, numericalGradient(lossOf(lm, 2), Whh.value)) <= 1e-7);
});

Deno.test("stepsOf: each step's input, previous and new state, read from a pass", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 3, seed: 4 });
  const pass = lm.forward(
    { inputs: SequenceBatch.tokens(inputs, 2), targets: SequenceBatch.tokens(targets, 2) },
    lm.zeroState(2),
  );
  const steps = stepsOf(pass);
  assertEquals(steps.length, 5);
  const cell = elmanLayer(lm, "test").cell;
  steps.forEach((s, t) => {
    // The cell, run on the recorded input and previous state, gives the recorded state.
    assert(relativeError(cell.forward(s.x, s.hPrev).h.data, s.h.data) < 1e-15, `step ${t}`);
    if (t > 0) assertEquals(Array.from(s.hPrev.data), Array.from(steps[t - 1].h.data));
  });
  assertEquals(Array.from(steps[0].hPrev.data), [0, 0, 0, 0, 0, 0]);
});

Deno.test("the step-by-step walks refuse a layer that is not an Elman RNN", () => {
  const deep = new LanguageModel({ vocabSize: V, hiddenSize: 3, numLayers: 2 });
  assertThrows(
    () => bpttStepByStep(deep, inputs, targets),
    TypeError,
    "bpttStepByStep walks an Elman RNN step by step; this model's layer is stacked(2×rnn)",
  );
});
