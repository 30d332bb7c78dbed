import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  fromArray,
  gradientReach,
  jacobianProductNorms,
  matrixPowerNorms,
  maxSlope,
  nonNormalMatrix,
  Random,
  scalarChain,
  scaledOrthogonal,
  spectralNorm,
  triangularSpectralRadius,
} from "../../lib/mod.ts";

Deno.test("maxSlope: γ = max f′ of each nonlinearity", () => {
  assertEquals([maxSlope("tanh"), maxSlope("sigmoid"), maxSlope("relu")], [1, 0.25, 1]);
});

Deno.test("scalarChain: the product of the last d factors w·f′(a)", () => {
  const { h, factors, products } = scalarChain({
    activation: "tanh",
    w: 1.3,
    steps: 6,
    inputStd: 1,
    seed: 3,
  });
  assertEquals([h.length, factors.length, products.length], [6, 6, 6]);
  factors.forEach((f, t) => assertAlmostEquals(f, 1.3 * (1 - h[t] ** 2), 1e-15));
  // ∂h_T/∂h_{T−2} = w·f′(a_T) · w·f′(a_{T−1}).
  assertAlmostEquals(products[2], Math.abs(factors[5] * factors[4]), 1e-15);
  // Sigmoid without input: every factor is w·σ′ ≤ w/4.
  const sig = scalarChain({ activation: "sigmoid", w: 1, steps: 11 });
  sig.factors.forEach((f) => assert(f <= 0.25));
  assert(sig.products[10] <= 0.25 ** 10);
});

Deno.test("nonNormalMatrix: spectral radius ρ, yet its powers grow for a long while", () => {
  const W = nonNormalMatrix(8, 0.9, 2);
  assertEquals(triangularSpectralRadius(W), 0.9);
  assert(spectralNorm(W) > 2.5);
  const powers = matrixPowerNorms(W, 40);
  assert(powers[20] > 1e5, `‖W^20‖ = ${powers[20]}`);
  // An orthogonal matrix with the same spectral radius only shrinks.
  const Q = matrixPowerNorms(scaledOrthogonal(8, 0.9, new Random(1)), 20);
  assertAlmostEquals(Q[20], 0.9 ** 20, 1e-9);
  assertThrows(() => triangularSpectralRadius(fromArray([[1, 2], [3, 4]])), RangeError);
});

Deno.test("jacobianProductNorms: sigmoid and ReLU slopes without input", () => {
  const Whh = scaledOrthogonal(6, 2, new Random(4));
  // No input: sigmoid states settle at a fixed point with σ′ ≤ 1/4, so ‖J‖ ≤ 2/4.
  const sig = jacobianProductNorms({
    hiddenSize: 6,
    steps: 8,
    Whh,
    inputScale: 0,
    activation: "sigmoid",
  });
  sig.forEach((n, k) => assert(n <= 0.5 ** k + 1e-12));
  // No input: ReLU states stay 0, every slope is 0, nothing flows back.
  const relu = jacobianProductNorms({
    hiddenSize: 6,
    steps: 4,
    Whh,
    inputScale: 0,
    activation: "relu",
  });
  assertEquals(relu, [1, 0, 0, 0]);
});

Deno.test("gradientReach: one curve per nonlinearity and scale, with Pascanu's bound", () => {
  const rows = gradientReach({
    activations: ["tanh", "sigmoid"],
    scales: [0.5, 2],
    hiddenSize: 8,
    steps: 12,
  });
  assertEquals(rows.map((r) => `${r.activation} ${r.scale} ${r.bound}`), [
    "tanh 0.5 0.5",
    "tanh 2 2",
    "sigmoid 0.5 0.125",
    "sigmoid 2 0.5",
  ]);
  // Bound below 1: every factor shrinks the gradient by at least the bound.
  for (const r of rows.filter((r) => r.bound < 1)) {
    r.norms.forEach((n, k) => assert(n <= r.bound ** k + 1e-12, `${r.activation} ${r.scale}`));
  }
});
