import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  bpttStepByStep,
  castModel,
  chunkedGradient,
  compareTruncationLengths,
  cosineSimilarity,
  elmanLayer,
  fromArray,
  gradientByDepth,
  LanguageModel,
  lossByTokens,
  measureBPTTCost,
  numericalGradient,
  Random,
  relativeDistance,
  relativeError,
  SequenceBatch,
  SoftmaxCrossEntropy,
  type StepRecord,
  stepsOf,
  truncatedGradients,
  truncationTable,
  zeros,
} from "../../lib/mod.ts";

const V = 5;
const rng = new Random(7);
/** One stream: inputs ids[0 … 9], next-token targets ids[1 … 10]. */
const ids = Array.from({ length: 11 }, () => rng.int(V));
const inputs = ids.slice(0, -1), targets = ids.slice(1);
const T = inputs.length;

Deno.test("gradientByDepth: the depths add up to the full BPTT gradient", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 4, embeddingSize: 3, seed: 8 });
  const byDepth = gradientByDepth(lm, ids);
  assertEquals(byDepth.length, T);
  const [full] = truncatedGradients(byDepth, [T]);
  const walk = bpttStepByStep(lm, inputs, targets);
  assert(relativeError(full.data, walk.total.data) < 1e-10);
  // Depth 0 is the direct term: Σ_t h_{t−1}ᵀ·(∂ℓ_t/∂h_t ⊙ tanh').
  const [k1] = truncatedGradients(byDepth, [1]);
  assertEquals(k1.data, byDepth[0].data);
  assert(relativeError(k1.data, full.data) > 1e-3, "longer paths matter here");
  assertThrows(() => truncatedGradients(byDepth, [0]), RangeError, "positive integer, got 0");
});

Deno.test("gradientByDepth: depth 0 is the numerical gradient with every h_{t−1} held fixed", () => {
  // Truncation at k = 1: each loss term ℓ_t sees Whh only through its own step,
  // h_t = tanh(x_t·Wxh + h_{t−1}·Whh + b) with h_{t−1} a constant.
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 3, seed: 9 });
  const byDepth = gradientByDepth(lm, ids, 1);
  assertEquals(byDepth.length, 1);
  const batch = {
    inputs: SequenceBatch.tokens(inputs, 1),
    targets: SequenceBatch.tokens(targets, 1),
  };
  const pass = lm.forward(batch, lm.zeroState(1));
  const fixed = stepsOf(pass).map((s) => ({ x: s.x.clone(), hPrev: s.hPrev.clone() }));
  const H = 3, loss = new SoftmaxCrossEntropy(), cell = elmanLayer(lm, "test").cell;
  const f = () => {
    const hs = zeros(fixed.length, H);
    fixed.forEach((s, t) => hs.data.set(cell.forward(s.x, s.hPrev).h.data, t * H));
    return loss.forward(lm.head.forward(hs).y, targets).loss;
  };
  const err = relativeError(byDepth[0].data, numericalGradient(f, cell.Whh.value));
  assert(err <= 1e-7, `relative error ${err}`);
  const whole = gradientByDepth(lm, ids);
  assert(relativeError(byDepth[0].data, whole[0].data) < 1e-14);
});

Deno.test("chunkedGradient: one chunk is the full gradient; chunks of 1 equal depth-0 truncation", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 4, seed: 10 });
  const byDepth = gradientByDepth(lm, ids);
  const [full, k1] = truncatedGradients(byDepth, [T, 1]);
  assert(relativeError(chunkedGradient(lm, ids, T).data, full.data) < 1e-10);
  assert(relativeError(chunkedGradient(lm, ids, 1).data, k1.data) < 1e-10);
  // Chunks of 3 (3 + 3 + 3 + 1 steps): each term goes back to its chunk start.
  const chunk3 = chunkedGradient(lm, ids, 3);
  assert(relativeDistance(chunk3, full) > 1e-6);
  assertThrows(() => chunkedGradient(lm, ids, 0), RangeError);
  assertEquals(lm.state, undefined, "the carried training state is left alone");
});

Deno.test("cosineSimilarity and relativeDistance", () => {
  const a = fromArray([[1, 0]]), b = fromArray([[0, 2]]), c = fromArray([[2, 0]]);
  assertEquals(cosineSimilarity(a, b), 0);
  assertEquals(cosineSimilarity(a, c), 1);
  assertEquals(relativeDistance(a, c), 0.5);
});

Deno.test("truncationTable: similarity reaches 1 at k = T", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 4, seed: 11 });
  const rows = truncationTable(lm, ids, [1, 2, 10]);
  assertEquals(rows.map((r) => r.k), [1, 2, 10]);
  assertAlmostEquals(rows[2].cosine, 1, 1e-12);
  assertAlmostEquals(rows[2].chunkedCosine, 1, 1e-12);
  assert(rows[2].relError < 1e-12);
  assert(rows[0].relError > 0);
});

Deno.test("measureBPTTCost counts the activations kept by full and truncated BPTT", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 4, embeddingSize: 3, seed: 1 });
  const stream = Array.from({ length: 200 }, (_, i) => i % V);
  const rows = measureBPTTCost(lm, stream, { lengths: [4, 16], k: 8, batchSize: 2, repeats: 1 });
  const perStep = 2 * (3 + 4 + V);
  assertEquals(rows.map((r) => r.fullActivations), [4 * perStep, 16 * perStep]);
  assertEquals(rows.map((r) => r.truncatedActivations), [4 * perStep, 8 * perStep]);
  assertEquals(rows.map((r) => r.tokens), [8, 32]);
  assert(rows.every((r) => r.fullMs >= 0 && r.truncatedMs >= 0));
  assertThrows(
    () => measureBPTTCost(lm, stream, { lengths: [1000], k: 8 }),
    RangeError,
    "too few",
  );
});

Deno.test("castModel copies weights into another dtype", () => {
  const lm = new LanguageModel({
    vocabSize: V,
    hiddenSize: 4,
    embeddingSize: 3,
    dtype: "float32",
    seed: 5,
  });
  const copy = castModel(lm, "float64");
  assertEquals(copy.dtype, "float64");
  copy.params.forEach((p, i) => {
    assertEquals(p.value.dtype, "float64");
    assertEquals(Array.from(p.value.data), Array.from(lm.params[i].value.data));
  });
  const batch = {
    inputs: SequenceBatch.tokens(inputs, 1),
    targets: SequenceBatch.tokens(targets, 1),
  };
  assertAlmostEquals(
    copy.forward(batch, copy.zeroState(1)).loss,
    lm.forward(batch, lm.zeroState(1)).loss,
    1e-5,
  );
});

Deno.test("lossByTokens averages losses per bin of tokens, in bits", () => {
  const history: StepRecord[] = [1, 2, 3, 4, 5].map((loss, i) => ({
    step: i + 1,
    epoch: 1,
    loss: loss * Math.LN2,
    gradNorm: 0,
    lr: 0,
    tokens: 10 * (i + 1),
    seconds: 0,
    tokensPerSecond: 0,
  }));
  const points = lossByTokens(history, 20);
  assertEquals(points.map((p) => p.x), [20, 40, 50]);
  points.forEach((p, i) => assertAlmostEquals(p.y, [1.5, 3.5, 5][i], 1e-12));
  assertThrows(() => lossByTokens(history, 0), RangeError);
});

Deno.test("compareTruncationLengths trains each k on the same token budget", async () => {
  const text = Array.from({ length: 600 }, (_, i) => [0, 1, 2, 3, 4, 3, 2, 1][i % 8]);
  // 385 ids: 4 streams of 96 steps, which chunks of 2 and of 8 both divide (no short batch).
  const runs = await compareTruncationLengths(text.slice(0, 385), text.slice(400), {
    ks: [2, 8],
    tokens: 800,
    batchSize: 4,
    model: { vocabSize: V, hiddenSize: 8, seed: 1 },
    optimizer: () => new Adam({ lr: 0.02 }),
    progress: false,
  });
  assertEquals(runs.map((r) => r.k), [2, 8]);
  assertEquals(runs.map((r) => r.history.length), [100, 25]);
  runs.forEach((r) => {
    assertEquals(r.history.at(-1)!.tokens, 800);
    assert(r.valBitsPerChar < Math.log2(V), `k = ${r.k}: ${r.valBitsPerChar} bits per char`);
  });
});
