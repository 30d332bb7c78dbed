import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import {
  compareClipping,
  fromArray,
  LanguageModel,
  param,
  SequenceBatch,
  SGD,
  valueClipCosine,
} from "../../lib/mod.ts";

const batch = {
  inputs: SequenceBatch.tokens([0, 1, 2, 3, 0, 1, 2, 3], 2),
  targets: SequenceBatch.tokens([1, 2, 3, 0, 1, 2, 3, 0], 2),
};

Deno.test("compareClipping: same start and batches per mode; a diverged run is kept", async () => {
  const runs = await compareClipping({
    model: () => new LanguageModel({ vocabSize: 4, hiddenSize: 6, seed: 2 }),
    data: () => [batch],
    optimizer: () => new SGD({ lr: 1e4 }),
    steps: 20,
    modes: [{ name: "none" }, { name: "norm", clipNorm: 1e-3 }, { name: "value", clipValue: 1e-4 }],
  });
  assertEquals(runs.map((r) => r.mode.name), ["none", "norm", "value"]);
  // Same weights, same batch: the first loss and gradient norm agree.
  assertEquals(new Set(runs.map((r) => r.losses[0])).size, 1);
  assertEquals(new Set(runs.map((r) => r.gradNorms[0])).size, 1);
  assert(runs[0].divergedAt !== undefined, "a learning rate of 1e4 diverges without clipping");
  assertEquals(runs[1].divergedAt, undefined);
  assertEquals(runs[1].losses.length, 20);
  assertEquals(runs[1].clippedSteps, runs[1].gradNorms.filter((n) => n > 1e-3).length);
  assertEquals(runs[2].clippedSteps, 0); // counted for norm clipping only
  assert(Number.isFinite(runs[1].finalLoss));
});

Deno.test("valueClipCosine: clamping turns the gradient, unless every element fits", () => {
  const w = param("w", fromArray([[0, 0, 0]]));
  w.grad.data.set([3, -4, 0]);
  assertEquals(valueClipCosine([w], 10), 1);
  assertAlmostEquals(valueClipCosine([w], 1), (3 + 4) / (5 * Math.SQRT2), 1e-12);
  assertEquals(Array.from(w.grad.data), [3, -4, 0]); // left unchanged
});
