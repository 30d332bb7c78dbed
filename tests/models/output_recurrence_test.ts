import { assert, assertEquals, assertThrows } from "@std/assert";
import { Adam, checkGradients, Random } from "../../lib/mod.ts";
import {
  argmaxRows,
  binaryTaskBatch,
  compareOnBinaryTasks,
  maskedAccuracy,
  OutputRecurrentNet,
  shiftedTargets,
  trainBinaryTask,
} from "../../lib/models/output_recurrence.ts";
import { assertGradientsMatch } from "../_helpers.ts";

Deno.test("OutputRecurrentNet: backward matches numerical gradients (float64)", () => {
  const net = new OutputRecurrentNet({ inputSize: 3, outputSize: 4, hiddenSize: 5, seed: 2 });
  const inputs = [0, 2, 1, 1, 0, 2, 2, 1], targets = [3, 0, 1, 2, 2, 0, 1, 3];
  const mask = [1, 1, 0, 1, 1, 0.5, 1, 1];
  assertGradientsMatch(
    checkGradients(net.params, () => net.forward(inputs, targets, 2, mask), () => {
      net.forward(inputs, targets, 2, mask);
      net.backward();
    }),
  );
});

Deno.test("OutputRecurrentNet: teacher-forced steps are independent of each other", () => {
  const net = new OutputRecurrentNet({ inputSize: 2, outputSize: 2, hiddenSize: 4, seed: 1 });
  const all = net.logitsGiven([0, 1, 1, 0], [-1, 1, 0, 1]);
  // Step 2 alone, given the same input and previous output, gives the same row.
  const one = net.logitsGiven([1], [0]);
  assertEquals(Array.from(one.row(0)), Array.from(all.row(2)));
  assertThrows(() => net.logitsGiven([0, 1], [-1]), RangeError, "1 previous outputs for 2 inputs");
});

Deno.test("shiftedTargets: the previous target of each stream, −1 at t = 0", () => {
  assertEquals(Array.from(shiftedTargets([5, 6, 7, 8, 9, 10], 2)), [-1, -1, 5, 6, 7, 8]);
});

Deno.test("OutputRecurrentNet.predictFreeRunning feeds its own argmax", () => {
  const net = new OutputRecurrentNet({ inputSize: 2, outputSize: 3, hiddenSize: 4, seed: 5 });
  const inputs = [0, 1, 1, 0, 0, 1]; // T = 3, B = 2
  const out = net.predictFreeRunning(inputs, 2);
  // Teacher-forced on its own predictions gives the same predictions.
  const again = argmaxRows(net.logitsGiven(inputs, shiftedTargets(out, 2)));
  assertEquals(Array.from(again), Array.from(out));
});

Deno.test("binaryTaskBatch: delay and parity targets", () => {
  const d = binaryTaskBatch("delay", 6, 3, new Random(1), 2);
  for (let r = 0; r < 18; r++) {
    if (r < 6) assertEquals(d.mask[r], 0);
    else assertEquals(d.targets[r], d.inputs[r - 6]);
  }
  const p = binaryTaskBatch("parity", 6, 3, new Random(2));
  for (let b = 0; b < 3; b++) {
    let parity = 0;
    for (let t = 0; t < 6; t++) {
      parity ^= p.inputs[t * 3 + b];
      assertEquals(p.targets[t * 3 + b], parity);
    }
  }
  assertEquals(maskedAccuracy(d.targets, d), 1);
});

Deno.test("output recurrence solves running parity but not a delay of 2", () => {
  const rows = compareOnBinaryTasks({
    tasks: ["delay", "parity"],
    hiddenSize: 8,
    steps: 10,
    batchSize: 16,
    updates: 400,
    optimizer: () => new Adam({ lr: 0.02 }),
    testSequences: 200,
  });
  const get = (task: string, model: string) =>
    rows.find((r) => r.task === task && r.model === model)!;
  assert(get("delay", "output recurrence").finalLoss > 0.65, "delay must stay near ln 2");
  assert(get("delay", "output recurrence").accuracy < 0.56);
  assert(get("delay", "hidden-state RNN").accuracy > 0.95);
  assert(get("parity", "output recurrence").accuracy > 0.99);
  assert(get("parity", "output recurrence").freeRunningAccuracy > 0.99);
});

Deno.test("trainBinaryTask returns one loss per update and the loss falls", () => {
  const net = new OutputRecurrentNet({ inputSize: 2, outputSize: 2, hiddenSize: 8 });
  const losses = trainBinaryTask(net, {
    task: "parity",
    steps: 8,
    batchSize: 16,
    updates: 200,
    optimizer: new Adam({ lr: 0.02 }),
  });
  assertEquals(losses.length, 200);
  assert(losses.at(-1)! < losses[0] / 4);
});
