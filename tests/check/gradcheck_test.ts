/**
 * The gradient checker itself: a right backward is reported below the
 * tolerance the course uses (1e-7), and wrong ones, including subtle mistakes,
 * well above it. Every model test relies on this.
 */
import { assert, assertEquals, assertThrows } from "@std/assert";
import {
  Affine,
  type AffinePass,
  centredDifference,
  checkGradients,
  fromArray,
  gaussianMatrix,
  param,
  Random,
  relativeError,
  transpose,
} from "../../lib/mod.ts";
import { assertGradientsMatch, projection } from "../_helpers.ts";

const TOLERANCE = 1e-7;

/** L(w) = Σ_i c_i·sin(w_i) + (Σ_i w_i)², with ∂L/∂w_i = c_i·cos(w_i) + 2·Σ w. */
function problem() {
  const w = param("w", fromArray([[0.3, -1.2, 2], [0.7, 0.05, -0.4]]));
  const c = [1, -2, 0.5, 3, -1, 0.25];
  const loss = () => {
    let s = 0, sum = 0;
    w.value.data.forEach((x, i) => {
      s += c[i] * Math.sin(x);
      sum += x;
    });
    return s + sum * sum;
  };
  const gradient = (scaleSquare = 2) => {
    const sum = Array.from(w.value.data).reduce((a, x) => a + x, 0);
    return Array.from(w.value.data, (x, i) => c[i] * Math.cos(x) + scaleSquare * sum);
  };
  return { w, loss, gradient };
}

Deno.test("a right backward is reported below the tolerance", () => {
  const { w, loss, gradient } = problem();
  const [r] = checkGradients([w], loss, () => gradient().forEach((g, i) => (w.grad.data[i] += g)));
  assertEquals([r.name, r.entries], ["w", 6]);
  assert(r.error < TOLERANCE / 100, `error ${r.error}`);
  assertGradientsMatch([r]);
});

Deno.test("a wrong backward is reported far above the tolerance", () => {
  const { w, loss, gradient } = problem();
  // The derivative of the square without its factor 2.
  const [r] = checkGradients([w], loss, () => gradient(1).forEach((g, i) => (w.grad.data[i] += g)));
  assert(r.error > 1e-2, `error ${r.error}`);
  assertThrows(() => assertGradientsMatch([r]), Error, "gradient of w: relative error");
});

Deno.test("one entry off by 1e-4 relative is still caught", () => {
  const { w, loss, gradient } = problem();
  const [r] = checkGradients(
    [w],
    loss,
    () => gradient().forEach((g, i) => (w.grad.data[i] += i === 4 ? g * (1 + 1e-4) : g)),
  );
  // |g·1e-4| / (|g| + |g·(1 + 1e-4)|) ≈ 5e-5: 500 times the tolerance.
  assert(Math.abs(r.error - 5e-5) < 1e-6, `error ${r.error}`);
});

Deno.test("a backward that overwrites instead of adding is caught when a parameter is shared", () => {
  // y = w·x₁ + w·x₂: the same weight at two steps (the heart of BPTT); dL/dw = x₁ + x₂.
  const w = param("w", fromArray([[0.5]]));
  const x = [2, -3.5];
  const loss = () => x.reduce((s, xt) => s + w.value.data[0] * xt, 0) ** 2 / 2;
  const y = () => x.reduce((s, xt) => s + w.value.data[0] * xt, 0);
  const adds = checkGradients([w], loss, () => x.forEach((xt) => (w.grad.data[0] += y() * xt)));
  const overwrites = checkGradients(
    [w],
    loss,
    () => x.forEach((xt) => (w.grad.data[0] = y() * xt)),
  );
  assert(adds[0].error < TOLERANCE, `adding: ${adds[0].error}`);
  assert(overwrites[0].error > 0.1, `overwriting: ${overwrites[0].error}`);
});

Deno.test("a layer's transposed weight gradient is caught; its own backward passes", () => {
  const rng = new Random(3);
  const layer = new Affine({ inputSize: 3, outputSize: 3, rng });
  const x = gaussianMatrix(rng, 4, 3);
  const { loss, grad } = projection(4, 3);
  let pass: AffinePass | undefined;
  const forward = () => loss((pass = layer.forward(x)).y);
  const right = checkGradients(layer.params, forward, () => layer.backward(grad, pass!));
  assertGradientsMatch(right);
  const wrong = checkGradients(layer.params, forward, () => {
    layer.backward(grad, pass!);
    layer.W.grad.copyFrom(transpose(layer.W.grad));
  });
  assertEquals(wrong.map((r) => r.name), ["W", "b"]);
  assert(wrong[0].error > 1e-2, `W: ${wrong[0].error}`);
  assert(wrong[1].error < TOLERANCE, "b is still right, and reported separately");
});

Deno.test("gradients are zeroed before the backward runs", () => {
  const { w, loss, gradient } = problem();
  w.grad.data.fill(123); // left over from an earlier step
  const [r] = checkGradients([w], loss, () => gradient().forEach((g, i) => (w.grad.data[i] += g)));
  assert(r.error < TOLERANCE, `error ${r.error}`);
});

Deno.test("maxEntries checks a seeded sample of the entries", () => {
  const { w, loss, gradient } = problem();
  const backward = () => gradient().forEach((g, i) => (w.grad.data[i] += g));
  const [r] = checkGradients([w], loss, backward, { maxEntries: 2, seed: 1 });
  assertEquals(r.entries, 2);
  assert(r.error < TOLERANCE);
});

Deno.test("a float32 parameter is refused: its differences drown in round-off", () => {
  const w = param("W32", fromArray([[1, 2]], "float32"));
  assertThrows(
    () => checkGradients([w], () => 0, () => {}),
    TypeError,
    "parameter W32 is float32; gradient checks need float64",
  );
});

Deno.test("relativeError: 0 for equal vectors, the worst entry otherwise, NaN never hidden", () => {
  assertEquals(relativeError([1, 2], [1, 2]), 0);
  assertEquals(relativeError([0, 0], [0, 0]), 0);
  assertEquals(relativeError([1, 3], [1, 1]), 0.5);
  assert(Number.isNaN(relativeError([1, NaN], [1, 1])), "a NaN gradient is not a small error");
  assertThrows(() => assertGradientsMatch([{ name: "w", error: NaN, entries: 1 }]), Error, "NaN");
  assertThrows(() => relativeError([1], [1, 2]), RangeError, "lengths differ, 1 vs 2");
});

Deno.test("centredDifference: exact zero for an unused entry, and the entry is restored", () => {
  const x = Float64Array.of(0.5, 2);
  const f = () => Math.exp(x[0]);
  assertEquals(centredDifference(f, x, 1), 0);
  assert(Math.abs(centredDifference(f, x, 0) - Math.exp(0.5)) < 1e-12);
  assertEquals(Array.from(x), [0.5, 2]);
});
