import { assert, assertEquals, assertThrows } from "@std/assert";
import { Adam, fromArray, param, SGD, TrainingDivergedError } from "../../lib/mod.ts";
import { batchIndices, fit, type SupervisedModel } from "../../lib/models/fit.ts";

/** Least squares on one weight: batch = [x, y], loss = (w·x − y)². */
function line(): SupervisedModel<[number, number]> & { w: ReturnType<typeof param> } {
  const w = param("w", fromArray([[0]]));
  let last: [number, number] = [0, 0];
  return {
    w,
    params: [w],
    forward(batch) {
      last = batch;
      return (w.value.data[0] * batch[0] - batch[1]) ** 2;
    },
    backward() {
      const [x, y] = last;
      w.grad.data[0] += 2 * (w.value.data[0] * x - y) * x;
    },
  };
}

Deno.test("fit runs every batch once per epoch and lowers the loss", () => {
  const model = line();
  const batches: [number, number][] = [[1, 2], [2, 4], [3, 6]];
  const seen: number[] = [];
  const history = fit(model, batches, {
    epochs: 30,
    optimizer: new SGD({ lr: 0.02 }),
    onEpoch: (r) => void seen.push(r.epoch),
  });
  assertEquals(seen, Array.from({ length: 30 }, (_, i) => i + 1));
  assertEquals(history.at(-1)!.steps, 90);
  assert(Math.abs(model.w.value.data[0] - 2) < 1e-3, `w = ${model.w.value.data[0]}`);
  assert(history.at(-1)!.loss < 1e-4 * history[0].loss);
});

Deno.test("fit stops early when onEpoch returns false, and clips the gradient norm", () => {
  const model = line();
  const history = fit(model, [[1, 100]], {
    epochs: 10,
    optimizer: new SGD({ lr: 1 }),
    clipNorm: 0.5,
    onEpoch: (r) => r.epoch < 3,
  });
  assertEquals(history.length, 3);
  // Each step moves w by at most lr · clipNorm.
  assert(Math.abs(model.w.value.data[0] - 1.5) < 1e-12, `w = ${model.w.value.data[0]}`);
});

Deno.test("fit throws TrainingDivergedError on a NaN loss, before touching the weights", () => {
  const model = line();
  assertThrows(
    () => fit(model, [[1, NaN]], { epochs: 1, optimizer: new Adam() }),
    TrainingDivergedError,
    "the loss is NaN",
  );
  assertEquals(model.w.value.data[0], 0);
  assertThrows(
    () => fit(model, [], { epochs: 1, optimizer: new Adam() }),
    RangeError,
    "no batches",
  );
});

Deno.test("batchIndices covers every example once, seeded", () => {
  const groups = batchIndices(10, { batchSize: 4, seed: 3 });
  assertEquals(groups.map((g) => g.length), [4, 4, 2]);
  assertEquals(groups.flat().toSorted((a, b) => a - b), Array.from({ length: 10 }, (_, i) => i));
  assertEquals(batchIndices(10, { batchSize: 4, seed: 3 }), groups);
  assert(JSON.stringify(batchIndices(10, { batchSize: 4, seed: 4 })) !== JSON.stringify(groups));
  assertThrows(
    () => batchIndices(10, { batchSize: 0 }),
    RangeError,
    "batchSize must be a positive integer, got 0",
  );
});
