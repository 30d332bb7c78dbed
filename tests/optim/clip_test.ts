import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { type Param } from "../../lib/layers/param.ts";
import { clipGradNorm, clipGradValue, gradNorm } from "../../lib/optim/clip.ts";
import { assertAllClose, makeParam } from "./_helpers.ts";

function twoParams(dtype: "float32" | "float64" = "float64"): Param[] {
  return [
    makeParam("Wxh", [[0, 0], [0, 0]], [[3, -4], [12, 0]], dtype),
    makeParam("b", [[0, 0]], [[-84, 0]], dtype),
  ];
}
// √(9 + 16 + 144 + 7056) = √7225 = 85.
const NORM = 85;

Deno.test("gradNorm: global L2 norm over all gradients", () => {
  assertEquals(gradNorm(twoParams()), NORM);
  assertEquals(gradNorm([]), 0);
});

Deno.test("clipGradNorm: returns the norm before clipping; scaled grads have norm maxNorm", () => {
  const params = twoParams();
  const before = params.flatMap((p) => Array.from(p.grad.data));
  const returned = clipGradNorm(params, 17);
  assertEquals(returned, NORM);
  assertAlmostEquals(gradNorm(params), 17, 1e-12);
  // Direction preserved: every element scaled by the same factor 17/85 = 0.2.
  const after = params.flatMap((p) => Array.from(p.grad.data));
  assertAllClose(after, before.map((g) => g * 0.2), 1e-12);
});

Deno.test("clipGradNorm: gradients under (or at) the limit are left exactly alone", () => {
  for (const maxNorm of [100, NORM]) {
    const params = twoParams();
    const before = params.flatMap((p) => Array.from(p.grad.data));
    assertEquals(clipGradNorm(params, maxNorm), NORM);
    assertEquals(params.flatMap((p) => Array.from(p.grad.data)), before);
  }
});

Deno.test("clipGradNorm: float32 gradients stay float32 with norm ≈ maxNorm", () => {
  const params = twoParams("float32");
  clipGradNorm(params, 1);
  assert(params[0].grad.data instanceof Float32Array);
  assertAlmostEquals(gradNorm(params), 1, 1e-6);
});

Deno.test("clipGradNorm: a non-finite norm throws naming it and the parameter, with a hint", () => {
  const params = twoParams();
  params[1].grad.data[1] = NaN;
  const err = assertThrows(() => clipGradNorm(params, 5), RangeError, "gradient norm is NaN");
  assert(err.message.includes("b"), err.message);
  assert(err.message.includes("Lower the learning rate"), err.message);
  params[1].grad.data[1] = Infinity;
  assertThrows(() => clipGradNorm(params, 5), RangeError, "Infinity");
});

Deno.test("clipGradNorm: errorIfNonFinite false returns the norm and leaves gradients alone", () => {
  const params = twoParams();
  params[0].grad.data[0] = -Infinity;
  assertEquals(clipGradNorm(params, 5, { errorIfNonFinite: false }), Infinity);
  assertEquals(params[0].grad.data[1], -4);
});

Deno.test("clipGradNorm: rejects a bad maxNorm", () => {
  for (const maxNorm of [0, -1, NaN]) {
    assertThrows(
      () => clipGradNorm(twoParams(), maxNorm),
      RangeError,
      `clipGradNorm: maxNorm must be a finite number > 0, got ${maxNorm}`,
    );
  }
});

Deno.test("clipGradValue: clamps each element to [−limit, limit] and counts them", () => {
  const params = twoParams();
  params[0].grad.data[1] = -6;
  params[0].grad.data[3] = NaN;
  assertEquals(clipGradValue(params, 5), 3); // −6, 12 and −84
  assertEquals(Array.from(params[0].grad.data), [3, -5, 5, NaN]);
  assertEquals(Array.from(params[1].grad.data), [-5, 0]);
  assertEquals(clipGradValue(params, 5), 0);
});

Deno.test("clipGradValue: rejects a bad limit", () => {
  assertThrows(
    () => clipGradValue(twoParams(), -5),
    RangeError,
    "clipGradValue: limit must be a finite number > 0, got -5",
  );
});
