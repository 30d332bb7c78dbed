import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import {
  addScaled,
  bpttStepByStep,
  CharLM,
  frobeniusNorm,
  numericalGradient,
  Random,
  relativeError,
  zeros,
} from "../../lib/mod.ts";

const V = 5;
const rng = new Random(7);
const inputs = Array.from({ length: 10 }, () => rng.int(V));
const targets = Array.from({ length: 10 }, () => rng.int(V));

for (const embeddingSize of [undefined, 3]) {
  const kind = embeddingSize ? "embedding" : "one-hot";
  Deno.test(`bpttStepByStep (${kind}): the sum of the step contributions is the numerical ∂L/∂Whh`, () => {
    const lm = new CharLM({ vocabSize: V, hiddenSize: 4, embeddingSize, seed: 2 });
    const walk = bpttStepByStep(lm, inputs, targets);
    const sum = zeros(4, 4);
    for (const c of walk.contributions) addScaled(sum, c);
    assert(relativeError(sum.data, walk.total.data) < 1e-12);
    assertEquals(walk.cumulative.length, inputs.length);
    assert(relativeError(walk.cumulative.at(-1)!.data, walk.total.data) === 0);
    const f = () => {
      lm.resetState();
      return lm.forward(inputs, targets, 1);
    };
    const err = relativeError(walk.total.data, numericalGradient(f, lm.rnn.cell.Whh.value));
    assert(err <= 1e-7, `Whh relative error ${err}`);
    // The walk leaves the full gradient of Wxh too.
    const errX = relativeError(
      lm.rnn.cell.Wxh.grad.data,
      numericalGradient(f, lm.rnn.cell.Wxh.value),
    );
    assert(errX <= 1e-7, `Wxh relative error ${errX}`);
    assertAlmostEquals(walk.loss, f(), 1e-12);
  });
}

Deno.test("bpttStepByStep: the first step's contribution is zero (h₀ = 0) and dh norms are recorded", () => {
  const lm = new CharLM({ vocabSize: V, hiddenSize: 4, seed: 2 });
  const walk = bpttStepByStep(lm, inputs, targets);
  assertEquals(frobeniusNorm(walk.contributions[0]), 0);
  assert(walk.dhNorms.every((n) => n > 0));
});

Deno.test("bpttStepByStep works with several streams", () => {
  const lm = new CharLM({ vocabSize: V, hiddenSize: 3, seed: 4 });
  const walk = bpttStepByStep(lm, inputs, targets, 2);
  assertEquals(walk.contributions.length, 5);
  const f = () => {
    lm.resetState();
    return lm.forward(inputs, targets, 2);
  };
  assert(relativeError(walk.total.data, numericalGradient(f, lm.rnn.cell.Whh.value)) <= 1e-7);
});
