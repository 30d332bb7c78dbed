import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  Adam,
  ADDING_BASELINE_MSE,
  addingBatch,
  checkGradients,
  Matrix,
  Random,
  SequenceBatch,
  SequenceRegressor,
  train,
} from "../../lib/mod.ts";
import { assertGradientsMatch } from "../_helpers.ts";

for (const cell of ["rnn", "lstm", "gru"]) {
  Deno.test(`SequenceRegressor (${cell}): gradients match numerical ones, padding included`, () => {
    const model = new SequenceRegressor({ inputSize: 2, hiddenSize: 3, cell, outputSize: 2 });
    const rng = new Random(2);
    for (const p of model.params) p.value.data.forEach((_, i, a) => (a[i] = 0.5 * rng.gaussian()));
    const x = new Matrix(5 * 3, 2);
    x.data.forEach((_, i, a) => (a[i] = rng.gaussian()));
    const targets = new Matrix(3, 2);
    targets.data.forEach((_, i, a) => (a[i] = rng.gaussian()));
    const batch = { inputs: new SequenceBatch(x, { batchSize: 3, lengths: [5, 2, 4] }), targets };
    const results = checkGradients(
      model.params,
      () => model.forward(batch).loss,
      () => model.backward(model.forward(batch)),
    );
    assertGradientsMatch(results, 1e-7);
  });
}

Deno.test("SequenceRegressor: reads the last real state, so padding does not change a prediction", () => {
  const model = new SequenceRegressor({ inputSize: 2, hiddenSize: 4, cell: "lstm" });
  const { inputs } = addingBatch(6, 1, new Random(1));
  const padded = new Matrix(9, 2);
  padded.data.set(inputs.data.data);
  padded.data.fill(7, 12);
  const alone = model.predict(inputs);
  const withPadding = model.predict(new SequenceBatch(padded, { batchSize: 1, lengths: [6] }));
  assertEquals(Array.from(withPadding.data), Array.from(alone.data));
  assertThrows(
    () => model.forward({ inputs, targets: new Matrix(2, 1) }),
    RangeError,
    "2 target rows for a batch of 1",
  );
});

Deno.test("SequenceRegressor (LSTM) learns the adding problem at 20 steps, far below the baseline", async () => {
  const model = new SequenceRegressor({ inputSize: 2, hiddenSize: 16, cell: "lstm", seed: 1 });
  const rng = new Random(7);
  await train(model, () => addingBatch(20, 32, rng), {
    steps: 400,
    optimizer: new Adam({ lr: 0.01 }),
    clipNorm: 5,
    progress: false,
  });
  const mse = model.evaluate([addingBatch(20, 500, new Random(99))]);
  assert(
    mse < ADDING_BASELINE_MSE / 10,
    `MSE ${mse.toFixed(4)} vs baseline ${ADDING_BASELINE_MSE}`,
  );
});
