/**
 * What the old loops (`fit`, `trainLanguageModel`) promised, kept as tests of
 * the one trainer that replaced them: epochs over a list, early stop,
 * clipping, and the divergence stop before a bad step touches the weights.
 */
import { assert, assertEquals, assertRejects } from "@std/assert";
import {
  Adam,
  fromArray,
  LanguageModel,
  type Model,
  type ModelPass,
  type Param,
  param,
  SGD,
  StreamBatcher,
  train,
  TrainingDivergedError,
} from "../../lib/mod.ts";
import { trainModel } from "../_train.ts";

type Point = [x: number, y: number];

/** Least squares on one weight: batch = [x, y], loss = (w·x − y)². */
function line(): Model<Point, ModelPass & { batch: Point }> & { w: Param; seen: Point[] } {
  const w = param("w", fromArray([[0]]));
  const seen: Point[] = [];
  return {
    w,
    seen,
    params: [w],
    forward(batch) {
      seen.push(batch);
      return { loss: (w.value.data[0] * batch[0] - batch[1]) ** 2, count: 1, batch };
    },
    backward({ batch: [x, y] }) {
      w.grad.data[0] += 2 * (w.value.data[0] * x - y) * x;
    },
  };
}

Deno.test("train visits every batch once per epoch and lowers the loss", async () => {
  const model = line();
  const batches: Point[] = [[1, 2], [2, 4], [3, 6]];
  const seen: number[] = [];
  const history = await trainModel(model, batches, {
    epochs: 30,
    optimizer: new SGD({ lr: 0.02 }),
    onEpoch: (r) => void seen.push(r.epoch),
  });
  assertEquals(seen, Array.from({ length: 30 }, (_, i) => i + 1));
  assertEquals(history.epochs.at(-1)!.steps, 90);
  for (let e = 0; e < 30; e++) {
    const epoch = model.seen.slice(3 * e, 3 * e + 3).map((b) => b[0]).toSorted();
    assertEquals(epoch, [1, 2, 3], `epoch ${e + 1} sees each batch once`);
  }
  assert(Math.abs(model.w.value.data[0] - 2) < 1e-3, `w = ${model.w.value.data[0]}`);
  assert(history.epochs.at(-1)!.loss < 1e-4 * history.epochs[0].loss);
});

Deno.test("train stops early when onEpoch returns false, and clips the gradient norm", async () => {
  const model = line();
  const history = await trainModel(model, [[1, 100]], {
    epochs: 10,
    optimizer: new SGD({ lr: 1 }),
    clipNorm: 0.5,
    onEpoch: (r) => r.epoch < 3,
  });
  assertEquals(history.epochs.length, 3);
  assertEquals(history.steps.length, 3);
  // Each step moves w by exactly lr · clipNorm (the raw gradient is ~200).
  assert(Math.abs(model.w.value.data[0] - 1.5) < 1e-12, `w = ${model.w.value.data[0]}`);
  assert(history.steps[0].gradNorm > 100, "the recorded norm is the one before clipping");
});

Deno.test("train throws TrainingDivergedError on a NaN loss, before touching the weights", async () => {
  const model = line();
  await assertRejects(
    () => trainModel(model, [[1, NaN]], { epochs: 1, optimizer: new Adam() }),
    TrainingDivergedError,
    "the loss is NaN",
  );
  assertEquals(model.w.value.data[0], 0);
  await assertRejects(
    () => trainModel(model, [], { epochs: 1, optimizer: new Adam() }),
    RangeError,
    "the list of batches is empty",
  );
});

const text = Array.from("the cat sat on the mat and the rat ran at the cat ".repeat(8));
const symbols = [...new Set(text)];
const ids = text.map((c) => symbols.indexOf(c));

Deno.test("an exploding ReLU RNN stops training with the step and a hint", async () => {
  // Unbounded ReLU units, a large step and no clipping: the gradient overflows.
  const lm = new LanguageModel({
    vocabSize: symbols.length,
    hiddenSize: 16,
    seed: 1,
    cell: { kind: "rnn", activation: "relu" },
  });
  const error = await assertRejects(
    () =>
      train(lm, new StreamBatcher(ids, { batchSize: 4, seqLength: 20 }), {
        steps: 30,
        optimizer: new SGD({ lr: 100 }),
        progress: false,
      }),
    TrainingDivergedError,
    "Try clipping gradients (clipNorm: 5) or a lower learning rate (now 100)",
  );
  assert(error.step >= 2, `diverges after the first update, at step ${error.step}`);
  assert(error.message.includes(`diverged at step ${error.step}: the`));
});

Deno.test("a NaN loss stops a language model at step 1, before any update", async () => {
  const lm = new LanguageModel({ vocabSize: symbols.length, hiddenSize: 4, seed: 1 });
  lm.head.b.value.data[0] = NaN;
  const before = lm.params.map((p) => Array.from(p.value.data));
  await assertRejects(
    () =>
      train(lm, new StreamBatcher(ids, { batchSize: 2, seqLength: 5 }), {
        steps: 3,
        optimizer: new SGD({ lr: 0.1 }),
        progress: false,
      }),
    TrainingDivergedError,
    "training diverged at step 1: the loss is NaN",
  );
  lm.params.forEach((p, i) => assertEquals(Array.from(p.value.data), before[i], p.name));
});
