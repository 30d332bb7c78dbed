import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  bpttStepByStep,
  castCharLM,
  CharLM,
  chunkedGradient,
  cosineSimilarity,
  fromArray,
  gradientByDepth,
  lossByTokens,
  measureBPTTCost,
  numericalGradient,
  Random,
  relativeDistance,
  relativeError,
  SoftmaxCrossEntropy,
  stepsOf,
  truncatedGradients,
  truncationTable,
  zeros,
} from "../../lib/mod.ts";

const V = 5;
const rng = new Random(7);
const inputs = Array.from({ length: 10 }, () => rng.int(V));
const targets = Array.from({ length: 10 }, () => rng.int(V));

Deno.test("gradientByDepth: the depths add up to the full BPTT gradient", () => {
  const lm = new CharLM({ vocabSize: V, hiddenSize: 4, embeddingSize: 3, seed: 8 });
  const byDepth = gradientByDepth(lm, inputs, targets);
  assertEquals(byDepth.length, inputs.length);
  const [full] = truncatedGradients(byDepth, [inputs.length]);
  const walk = bpttStepByStep(lm, inputs, targets);
  assert(relativeError(full.data, walk.total.data) < 1e-10);
  // Depth 0 is the direct term: Σ_t h_{t−1}ᵀ·(∂ℓ_t/∂h_t ⊙ tanh').
  const [k1] = truncatedGradients(byDepth, [1]);
  assertEquals(k1.data, byDepth[0].data);
  assertThrows(() => truncatedGradients(byDepth, [0]), RangeError, "positive integer, got 0");
});

Deno.test("gradientByDepth: depth 0 is the numerical gradient with every h_{t−1} held fixed", () => {
  // Truncation at k = 1: each loss term ℓ_t sees Whh only through its own step,
  // h_t = tanh(x_t·Wxh + h_{t−1}·Whh + b) with h_{t−1} a constant.
  const lm = new CharLM({ vocabSize: V, hiddenSize: 3, seed: 9 });
  const byDepth = gradientByDepth(lm, inputs, targets, 1);
  assertEquals(byDepth.length, 1);
  lm.resetState();
  lm.forward(inputs, targets, 1);
  const fixed = stepsOf(lm, inputs, 1).map((s) => ({ x: s.x.clone(), hPrev: s.hPrev.clone() }));
  const H = 3, loss = new SoftmaxCrossEntropy();
  const f = () => {
    const hs = zeros(fixed.length, H);
    fixed.forEach((s, t) => hs.data.set(lm.rnn.cell.forward(s.x, s.hPrev).h.data, t * H));
    return loss.forward(lm.head.forward(hs), targets);
  };
  const err = relativeError(byDepth[0].data, numericalGradient(f, lm.rnn.cell.Whh.value));
  assert(err <= 1e-7, `relative error ${err}`);
  const whole = gradientByDepth(lm, inputs, targets);
  assert(relativeError(byDepth[0].data, whole[0].data) < 1e-14);
});

Deno.test("chunkedGradient: one chunk is the full gradient; chunks of 1 equal depth-0 truncation", () => {
  const lm = new CharLM({ vocabSize: V, hiddenSize: 4, seed: 10 });
  const byDepth = gradientByDepth(lm, inputs, targets);
  const [full, k1] = truncatedGradients(byDepth, [inputs.length, 1]);
  assert(
    relativeError(chunkedGradient(lm, inputs, targets, inputs.length).data, full.data) < 1e-10,
  );
  assert(relativeError(chunkedGradient(lm, inputs, targets, 1).data, k1.data) < 1e-10);
  // Chunks of 3 (3 + 3 + 3 + 1 steps): each term goes back to its chunk start.
  const chunk3 = chunkedGradient(lm, inputs, targets, 3);
  assert(relativeDistance(chunk3, full) > 0);
  assertThrows(() => chunkedGradient(lm, inputs, targets, 0), RangeError);
});

Deno.test("cosineSimilarity and relativeDistance", () => {
  const a = fromArray([[1, 0]]), b = fromArray([[0, 2]]), c = fromArray([[2, 0]]);
  assertEquals(cosineSimilarity(a, b), 0);
  assertEquals(cosineSimilarity(a, c), 1);
  assertEquals(relativeDistance(a, c), 0.5);
});

Deno.test("truncationTable: similarity reaches 1 at k = T", () => {
  const lm = new CharLM({ vocabSize: V, hiddenSize: 4, seed: 11 });
  const rows = truncationTable(lm, inputs, targets, [1, 2, 10]);
  assertEquals(rows.map((r) => r.k), [1, 2, 10]);
  assertAlmostEquals(rows[2].cosine, 1, 1e-12);
  assertAlmostEquals(rows[2].chunkedCosine, 1, 1e-12);
  assert(rows[2].relError < 1e-12);
  assert(rows[0].relError > 0);
});

Deno.test("measureBPTTCost counts the activations kept by full and truncated BPTT", () => {
  const lm = new CharLM({ vocabSize: V, hiddenSize: 4, embeddingSize: 3, seed: 1 });
  const ids = Array.from({ length: 200 }, (_, i) => i % V);
  const rows = measureBPTTCost(lm, ids, { lengths: [4, 16], k: 8, batchSize: 2, repeats: 1 });
  const perStep = 2 * (3 + 4 + V);
  assertEquals(rows.map((r) => r.fullActivations), [4 * perStep, 16 * perStep]);
  assertEquals(rows.map((r) => r.truncatedActivations), [4 * perStep, 8 * perStep]);
  assertEquals(rows.map((r) => r.tokens), [8, 32]);
  assertThrows(
    () => measureBPTTCost(lm, ids, { lengths: [1000], k: 8 }),
    RangeError,
    "too few",
  );
});

Deno.test("castCharLM copies weights into another dtype", () => {
  const lm = new CharLM({
    vocabSize: V,
    hiddenSize: 4,
    embeddingSize: 3,
    dtype: "float32",
    seed: 5,
  });
  const copy = castCharLM(lm, "float64");
  assertEquals(copy.dtype, "float64");
  copy.params.forEach((p, i) =>
    assertEquals(Array.from(p.value.data), Array.from(lm.params[i].value.data))
  );
  lm.resetState();
  assertAlmostEquals(copy.forward(inputs, targets, 1), lm.forward(inputs, targets, 1), 1e-5);
});

Deno.test("lossByTokens averages losses per bin of tokens, in bits", () => {
  const history = [1, 2, 3, 4, 5].map((loss, i) => ({
    step: i + 1,
    epoch: 0,
    loss: loss * Math.LN2,
    perplexity: 0,
    gradNorm: 0,
    lr: 0,
    tokens: 10 * (i + 1),
    tokensPerSecond: 0,
  }));
  const points = lossByTokens(history, 20);
  assertEquals(points.map((p) => p.x), [20, 40, 50]);
  points.forEach((p, i) => assertAlmostEquals(p.y, [1.5, 3.5, 5][i], 1e-12));
  assertThrows(() => lossByTokens(history, 0), RangeError);
});
