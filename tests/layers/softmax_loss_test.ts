import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  fromArray,
  gaussianMatrix,
  numericalGradient,
  Random,
  relativeError,
  SoftmaxCrossEntropy,
} from "../../lib/mod.ts";

Deno.test("SoftmaxCrossEntropy backward matches numerical gradients, with a mask", () => {
  const z = gaussianMatrix(new Random(4), 6, 5, 2);
  const targets = [0, 4, 2, 2, 1, 3], mask = [1, 1, 0, 1, 0.5, 1];
  const layer = new SoftmaxCrossEntropy();
  const f = () => layer.forward(z, targets, mask).loss;
  const dz = layer.backward(layer.forward(z, targets, mask));
  assert(relativeError(dz.data, numericalGradient(f, z)) <= 1e-7);
  assert(dz.row(2).every((g) => g === 0), "a masked row gets no gradient");
});

Deno.test("SoftmaxCrossEntropy is the masked mean of −log p[target]", () => {
  const z = fromArray([[0, 0], [Math.log(3), 0], [5, 5]]);
  const { loss, count } = new SoftmaxCrossEntropy().forward(z, [1, 0, 1], [1, 1, 0]);
  assertEquals(count, 2);
  assertAlmostEquals(loss, (Math.log(2) - Math.log(0.75)) / 2, 1e-15);
});

Deno.test("SoftmaxCrossEntropy stays finite for huge logits", () => {
  const z = fromArray([[1000, -1000, 0], [-1e308, 1e308, 0]]);
  const layer = new SoftmaxCrossEntropy();
  const pass = layer.forward(z, [1, 1]);
  assertAlmostEquals(pass.loss, 2000 / 2, 1e-9);
  const dz = layer.backward(pass);
  assert(dz.data.every(Number.isFinite));
  assertEquals(Array.from(pass.probs.row(1)), [0, 1, 0]);
});

Deno.test("SoftmaxCrossEntropy names bad targets and lengths", () => {
  const layer = new SoftmaxCrossEntropy();
  const z = fromArray([[0, 0], [0, 0]]);
  assertThrows(() => layer.forward(z, [0]), RangeError, "1 targets for 2 rows");
  assertThrows(() => layer.forward(z, [0, 2]), RangeError, "target 2 at row 1 is outside [0, 2)");
  assertThrows(
    () => layer.forward(z, [0, 1], [1]),
    RangeError,
    "weights has 1 entries, expected one per row (2)",
  );
  assertEquals(layer.forward(z, [0, 7], [1, 0]).loss, Math.log(2), "a masked target is not read");
});

Deno.test("SoftmaxCrossEntropy refuses weights that are not finite numbers ≥ 0", () => {
  const layer = new SoftmaxCrossEntropy();
  const z = fromArray([[0, 0], [0, 0]]);
  // Before the one guard, Infinity made the loss NaN and −1 a negative weight.
  for (const bad of [Infinity, NaN, -1]) {
    assertThrows(() => layer.forward(z, [0, 1], [1, bad]), RangeError, `entry 1 is ${bad}`);
  }
});
