import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  classificationBatches,
  evaluateLanguageModel,
  evaluateLoss,
  LanguageModel,
  SequenceBatch,
  SequenceClassifier,
  SequenceTagger,
  StreamBatcher,
} from "../../lib/mod.ts";

const V = 5;
const ids = Array.from({ length: 41 }, (_, i) => (i * i + 2 * i) % V);

Deno.test("evaluateLoss weighs each batch by its real items and changes nothing", () => {
  const model = new SequenceClassifier({ vocabSize: V, numClasses: 2, hiddenSize: 4, seed: 1 });
  const seqs = [[1, 2], [3], [4, 4, 1], [0], [2, 2]];
  const batches = classificationBatches(seqs, [0, 1, 0, 1, 1], { batchSize: 3, shuffle: false });
  assertEquals(batches.map((b) => b.labels.length), [3, 2]);
  const values = model.params.map((p) => Array.from(p.value.data));
  const grads = model.params.map((p) => Array.from(p.grad.data));
  const loss = evaluateLoss(model, batches);
  // By hand: the mean over all five sequences, not the mean of the two batch means.
  const [a, b] = batches.map((x) => model.forward(x).loss);
  assertAlmostEquals(loss, (3 * a + 2 * b) / 5, 1e-14);
  assert(Math.abs(loss - (a + b) / 2) > 1e-6, "the batch means differ, so the weighting shows");
  model.params.forEach((p, i) => {
    assertEquals(Array.from(p.value.data), values[i], `${p.name} value`);
    assertEquals(Array.from(p.grad.data), grads[i], `${p.name} gradient`);
  });
});

Deno.test("evaluateLoss refuses batches with no real item", () => {
  const tagger = new SequenceTagger({ vocabSize: V, numTags: 2, hiddenSize: 3 });
  const inputs = SequenceBatch.pad([[1, 2]]);
  const targets = new SequenceBatch(Int32Array.of(0, 1), { batchSize: 1, mask: [0, 0] });
  assertThrows(() => evaluateLoss(tagger, [{ inputs, targets }]), RangeError, "no real item");
});

Deno.test("evaluateLanguageModel carries the state over the stream and leaves the model's alone", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 6, seed: 2 });
  // A carried training state that evaluation must not touch.
  lm.forward(new StreamBatcher(ids, { batchSize: 1, seqLength: 4 }).next());
  const before = lm.state!.map((m) => Array.from(m.data));
  const result = evaluateLanguageModel(lm, ids, { batchSize: 1, seqLength: 7 });
  assertEquals(lm.state!.map((m) => Array.from(m.data)), before);
  // Chunks of 7 with the state carried score like one pass over the whole stream.
  const [whole] = new StreamBatcher(ids, { batchSize: 1, seqLength: 40 }).epochBatches();
  assertAlmostEquals(result.loss, lm.forward(whole, lm.zeroState(1)).loss, 1e-12);
  assertEquals(result.tokens, 40);
  assertAlmostEquals(result.bitsPerToken, result.loss / Math.LN2, 1e-14);
  assertAlmostEquals(result.perplexity, Math.exp(result.loss), 1e-12);
});

Deno.test("evaluateLanguageModel reads parallel streams and checks the ids", () => {
  const lm = new LanguageModel({ vocabSize: V, hiddenSize: 6, seed: 2 });
  const result = evaluateLanguageModel(lm, ids, { batchSize: 4, seqLength: 3 });
  assertEquals(result.tokens, 40, "4 streams of 10 tokens");
  // Stream b is ids[10b … 10b + 10]: the same loss as four one-stream evaluations.
  let total = 0;
  for (let b = 0; b < 4; b++) {
    total += evaluateLanguageModel(lm, ids.slice(10 * b, 10 * b + 11), { seqLength: 3 }).loss;
  }
  assertAlmostEquals(result.loss, total / 4, 1e-12);
  assertThrows(
    () => evaluateLanguageModel(lm, [0, 1, V, 2]),
    RangeError,
    `position 2 holds ${V}`,
  );
});
