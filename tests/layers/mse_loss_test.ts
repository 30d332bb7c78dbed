import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  fromArray,
  gaussianMatrix,
  MeanSquaredError,
  numericalGradient,
  Random,
  relativeError,
} from "../../lib/mod.ts";

Deno.test("MeanSquaredError: the mean over rows and columns, weighted by rows", () => {
  const mse = new MeanSquaredError();
  const y = fromArray([[1, 2], [3, 4]]), t = fromArray([[0, 0], [3, 2]]);
  assertEquals(mse.forward(y, t).loss, (1 + 4 + 0 + 4) / 4);
  const weighted = mse.forward(y, t, [0, 2]);
  assertEquals([weighted.loss, weighted.count], [(2 * 4) / (2 * 2), 2]);
  assertEquals(mse.forward(y, t, [0, 0]).loss, 0);
  assertThrows(() => mse.forward(y, fromArray([[1, 2]])), RangeError, "targets 1×2");
  assertThrows(() => mse.forward(y, t, [1, -1]), RangeError, "weight");
});

Deno.test("MeanSquaredError: backward matches numerical gradients (with weights)", () => {
  const rng = new Random(1), mse = new MeanSquaredError();
  const y = gaussianMatrix(rng, 5, 3), t = gaussianMatrix(rng, 5, 3);
  const w = [1, 0, 2, 0.5, 1];
  const analytic = mse.backward(mse.forward(y, t, w));
  const numeric = numericalGradient(() => mse.forward(y, t, w).loss, y);
  assert(relativeError(analytic.data, numeric) <= 1e-7);
  analytic.row(1).forEach((v) => assertEquals(v, 0)); // weight 0: no gradient
  assertAlmostEquals(mse.forward(fromArray([[1]]), fromArray([[1.5]])).loss, 0.25, 1e-15);
});
