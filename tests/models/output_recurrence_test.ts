import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  argmaxRows,
  binaryTaskBatch,
  OutputRecurrentNet,
  previousTargets,
  Random,
  SequenceBatch,
  train,
} from "../../lib/mod.ts";
import { assertBackwardSurvives, assertModelGradients } from "./_helpers.ts";

Deno.test("OutputRecurrentNet: backward matches numerical gradients (float64), with a mask", () => {
  const net = new OutputRecurrentNet({ inputSize: 3, outputSize: 4, hiddenSize: 5, seed: 2 });
  const batch = {
    inputs: SequenceBatch.tokens([0, 2, 1, 1, 0, 2, 2, 1], 2),
    targets: new SequenceBatch(Int32Array.of(3, 0, 1, 2, 2, 0, 1, 3), {
      batchSize: 2,
      mask: [1, 1, 0, 1, 1, 0.5, 1, 1],
    }),
  };
  assertModelGradients(net, batch);
  assertEquals(net.forward(batch).count, 6.5, "the count is the sum of the weights");
});

Deno.test("OutputRecurrentNet: teacher-forced steps are independent of each other", () => {
  const net = new OutputRecurrentNet({ inputSize: 2, outputSize: 2, hiddenSize: 4, seed: 1 });
  const all = net.scoresGiven([0, 1, 1, 0], [-1, 1, 0, 1]).logits;
  // Step 2 alone, given the same input and previous output, gives the same row.
  const one = net.scoresGiven([1], [0]).logits;
  assertEquals(Array.from(one.row(0)), Array.from(all.row(2)));
  assertThrows(() => net.scoresGiven([0, 1], [-1]), RangeError, "1 previous outputs for 2 inputs");
});

Deno.test("previousTargets: the previous target of each stream, −1 at t = 0", () => {
  const targets = SequenceBatch.tokens([5, 6, 7, 8, 9, 10], 2);
  assertEquals(Array.from(previousTargets(targets)), [-1, -1, 5, 6, 7, 8]);
});

Deno.test("OutputRecurrentNet.predict runs free: each step is fed its own argmax", () => {
  const net = new OutputRecurrentNet({ inputSize: 2, outputSize: 3, hiddenSize: 4, seed: 5 });
  const inputs = SequenceBatch.tokens([0, 1, 1, 0, 0, 1], 2); // T = 3, B = 2
  const out = net.predict(inputs);
  // Teacher-forced on its own predictions gives the same predictions.
  const again = argmaxRows(net.scoresGiven(inputs.data, previousTargets(inputs.with(out))).logits);
  assertEquals(Array.from(again), Array.from(out));
});

Deno.test("OutputRecurrentNet: predict between forward and backward leaves it intact", () => {
  const net = new OutputRecurrentNet({ inputSize: 2, outputSize: 2, hiddenSize: 4, seed: 3 });
  const batch = binaryTaskBatch("parity", 5, 3, new Random(0));
  assertBackwardSurvives(net, batch, () => net.predict(SequenceBatch.tokens([1, 1, 1], 1)));
});

Deno.test("OutputRecurrentNet learns running parity from a batch generator", async () => {
  const net = new OutputRecurrentNet({ inputSize: 2, outputSize: 2, hiddenSize: 8 });
  const rng = new Random(0);
  const history = await train(net, () => binaryTaskBatch("parity", 8, 16, rng), {
    steps: 200,
    optimizer: new Adam({ lr: 0.02 }),
    progress: false,
  });
  const losses = history.steps.map((r) => r.loss);
  assertEquals(losses.length, 200);
  assert(losses.at(-1)! < losses[0] / 4, `loss ${losses[0]} → ${losses.at(-1)}`);
});
