import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  fromArray,
  matmul,
  matrixPowerNorms,
  pascanuCheck,
  Random,
  scaledOrthogonal,
  spectralRadius,
} from "../../lib/mod.ts";

Deno.test("spectralRadius: known eigenvalues, real, complex, repeated, nilpotent", () => {
  assertAlmostEquals(spectralRadius(fromArray([[3, 0], [0, -5]])), 5, 1e-12);
  // Eigenvalues 0.05 ± i·√0.0975: modulus √0.1.
  assertAlmostEquals(spectralRadius(fromArray([[1, 1], [-1, -0.9]])), Math.sqrt(0.1), 1e-12);
  // A Jordan-like block: ‖Bⁿ‖ grows at first, yet ρ = 0.5.
  assertAlmostEquals(spectralRadius(fromArray([[0.5, 3], [0, 0.5]])), 0.5, 1e-9);
  assertEquals(spectralRadius(fromArray([[0, 1], [0, 0]])), 0);
  assertAlmostEquals(spectralRadius(fromArray([[0, 1], [-1, 0]])), 1, 1e-12); // rotation
  const all = fromArray(Array.from({ length: 10 }, () => Array(10).fill(0.15)));
  assertAlmostEquals(spectralRadius(all), 1.5, 1e-12);
  assertAlmostEquals(spectralRadius(scaledOrthogonal(12, 0.7, new Random(3))), 0.7, 1e-10);
  assertThrows(() => spectralRadius(fromArray([[1, 2, 3]])), RangeError, "square");
});

Deno.test("spectral: the non-normal counterexample — a saturated unit raises ρ from 0.316 to 1", () => {
  const W = fromArray([[1, 1], [-1, -0.9]]);
  const D = fromArray([[1, 0], [0, 0]]); // unit 2 saturated: f′ = 0; unit 1 at f′ = 1
  const DW = matmul(D, W);
  assertAlmostEquals(spectralRadius(DW), 1, 1e-12);
  // (D·W)ⁿ never shrinks, while ‖Wⁿ‖ does.
  const product = matrixPowerNorms(DW, 50), plain = matrixPowerNorms(W, 50);
  assertAlmostEquals(product[50], Math.SQRT2, 1e-12);
  assert(plain[50] < 1e-10);
});

Deno.test("pascanuCheck: σ_max·γ < 1 is sufficient for vanishing, > 1 necessary for exploding", () => {
  const q = scaledOrthogonal(8, 0.9, new Random(0));
  const tanh = pascanuCheck(q, 1);
  assert(tanh.mustVanish && !tanh.mayExplode);
  assertAlmostEquals(tanh.sigmaMax, 0.9, 1e-9);
  // Sigmoid's slope is at most 1/4: σ_max must exceed 4 before it can explode.
  const big = scaledOrthogonal(8, 3, new Random(0));
  assert(pascanuCheck(big, 0.25).mustVanish && pascanuCheck(big, 1).mayExplode);
  const c = pascanuCheck(fromArray([[1, 1], [-1, -0.9]]), 1);
  assert(c.rho < 1 && c.sigmaMax > 1 && c.mayExplode);
  assertThrows(() => pascanuCheck(q, 0), RangeError);
});
