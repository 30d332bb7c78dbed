import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  ADDING_BASELINE_MSE,
  copyAccuracy,
  copyBaseline,
  copyBatch,
  initRecurrentWeight,
  LanguageModel,
  LSTM,
  matmul,
  Random,
  recallByGap,
  RNN,
  trainOnAdding,
  trainOnCopy,
} from "../../lib/mod.ts";

Deno.test("initRecurrentWeight: identity, orthogonal, or left as it is", () => {
  const rnn = new RNN({ inputSize: 2, hiddenSize: 4, rng: new Random(0) });
  const before = rnn.cell.Whh.value.clone();
  initRecurrentWeight(rnn, "xavier");
  assertEquals(Array.from(rnn.cell.Whh.value.data), Array.from(before.data));
  initRecurrentWeight(rnn, "orthogonal", 3);
  const qtq = matmul(rnn.cell.Whh.value, rnn.cell.Whh.value, { transA: true });
  for (let i = 0; i < 4; i++) {
    for (let j = 0; j < 4; j++) assertAlmostEquals(qtq.get(i, j), i === j ? 1 : 0, 1e-12);
  }
  initRecurrentWeight(rnn, "identity");
  assertEquals(rnn.cell.Whh.value.get(2, 2), 1);
  assertEquals(rnn.cell.Whh.value.get(2, 1), 0);
  const lstm = new LSTM({ inputSize: 2, hiddenSize: 4, rng: new Random(0) });
  assertThrows(() => initRecurrentWeight(lstm, "identity"), RangeError, "lstm layer has no Whh");
});

Deno.test("trainOnAdding: a held-out curve from step 0, the baseline, speed and clipping", async () => {
  const run = await trainOnAdding({
    cell: "lstm",
    hiddenSize: 4,
    length: 6,
    steps: 20,
    batchSize: 8,
    evalEvery: 10,
    testSize: 50,
  });
  assertEquals(run.curve.map((p) => p.x), [0, 10, 20]);
  assertEquals(run.baseline, ADDING_BASELINE_MSE);
  assertEquals(run.losses.length, 20);
  assertEquals(run.label, "lstm");
  assertEquals(run.final, run.curve.at(-1)!.y);
  assert(run.tokensPerSecond > 0 && run.clippedFraction >= 0 && run.clippedFraction <= 1);
  assertEquals(run.params, 4 * 4 * (2 + 4) + 4 * 4 + 4 + 1);
});

Deno.test("copyAccuracy scores only the copied symbols", () => {
  const batch = copyBatch({ delay: 3, length: 2 }, 5, new Random(1));
  const model = new LanguageModel({ vocabSize: 10, hiddenSize: 4, stateful: false });
  const predicted = model.predict(batch.inputs);
  let right = 0;
  for (let r = predicted.length - 2 * 5; r < predicted.length; r++) {
    if (predicted[r] === batch.targets.data[r]) right++;
  }
  assertEquals(copyAccuracy(model, batch, 2), right / 10);
});

Deno.test("trainOnCopy and recallByGap: the copy task's baseline, one symbol per gap", async () => {
  const run = await trainOnCopy({
    cell: "gru",
    hiddenSize: 6,
    delay: 4,
    length: 3,
    steps: 10,
    batchSize: 4,
    testSize: 20,
  });
  assertAlmostEquals(run.baseline, copyBaseline({ delay: 4, length: 3 }), 1e-15);
  assert(run.accuracy >= 0 && run.accuracy <= 1);
  const rows = await recallByGap({
    cell: "rnn",
    hiddenSize: 6,
    gaps: [2, 5],
    steps: 5,
    batchSize: 4,
    testSize: 10,
  });
  assertEquals(rows.map((r) => r.gap), [2, 5]);
  assertEquals(rows[0].chance, 1 / 8);
  // Gap 5: the symbol at step 0, the answer at step 5 (T = delay + 2 = 6).
  assertEquals(rows[1].run.curve.length, 2);
});
