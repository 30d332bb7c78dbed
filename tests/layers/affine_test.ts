import { assert, assertAlmostEquals, assertThrows } from "@std/assert";
import {
  Affine,
  checkGradients,
  fromArray,
  gaussianMatrix,
  type Matrix,
  numericalGradient,
  Random,
  relativeError,
} from "../../lib/mod.ts";
import { assertGradientsMatch, projection } from "../_helpers.ts";

Deno.test("Affine backward matches numerical gradients (W, b and x)", () => {
  const rng = new Random(2);
  const layer = new Affine({ inputSize: 4, outputSize: 3, rng });
  layer.b.value.data.set([0.1, -0.2, 0.3]);
  const x = gaussianMatrix(rng, 5, 4);
  const { loss, grad } = projection(5, 3);
  let dx: Matrix | undefined;
  const f = () => loss(layer.forward(x).y);
  assertGradientsMatch(checkGradients(layer.params, f, () => {
    dx = layer.backward(grad, layer.forward(x));
  }));
  assert(relativeError(dx!.data, numericalGradient(f, x)) <= 1e-7);
});

Deno.test("Affine computes x·W + b", () => {
  const layer = new Affine({ inputSize: 2, outputSize: 1, rng: new Random(0) });
  layer.W.value.data.set([2, -1]);
  layer.b.value.data.set([0.5]);
  assertAlmostEquals(layer.forward(fromArray([[3, 4]])).y.get(0, 0), 2 * 3 - 4 + 0.5, 1e-15);
});

Deno.test("Affine gradients accumulate over calls", () => {
  const rng = new Random(3);
  const layer = new Affine({ inputSize: 2, outputSize: 2, rng });
  const x = gaussianMatrix(rng, 3, 2), dy = gaussianMatrix(rng, 3, 2);
  const pass = layer.forward(x);
  layer.backward(dy, pass);
  const once = Array.from(layer.W.grad.data);
  layer.backward(dy, pass);
  layer.W.grad.data.forEach((g, i) => assertAlmostEquals(g, 2 * once[i], 1e-14));
});

Deno.test("Affine names both shapes on a mismatch", () => {
  const layer = new Affine({ inputSize: 4, outputSize: 3, rng: new Random(0) });
  assertThrows(() => layer.forward(fromArray([[1, 2]])), RangeError, "expected shape 1×4, got 1×2");
  assertThrows(
    () => new Affine({ inputSize: 4, outputSize: -1, rng: new Random(0) }),
    RangeError,
    "outputSize must be a positive integer, got -1",
  );
});
