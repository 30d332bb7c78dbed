import { assert, assertAlmostEquals, assertEquals } from "@std/assert";
import {
  fromArray,
  jacobianProductNorms,
  matmul,
  matrixPowerNorms,
  Random,
  scaledOrthogonal,
  spectralNorm,
  zeros,
} from "../../lib/mod.ts";

Deno.test("spectralNorm is the largest singular value", () => {
  assertAlmostEquals(spectralNorm(fromArray([[3, 0], [0, -4]])), 4, 1e-10);
  // [[1, 1], [0, 1]]: σ_max = golden ratio.
  assertAlmostEquals(spectralNorm(fromArray([[1, 1], [0, 1]])), (1 + Math.sqrt(5)) / 2, 1e-10);
  assertEquals(spectralNorm(zeros(2, 2)), 0);
});

Deno.test("scaledOrthogonal: QᵀQ = ρ²·I", () => {
  const q = scaledOrthogonal(6, 1.5, new Random(1));
  const qtq = matmul(q, q, { transA: true });
  for (let i = 0; i < 6; i++) {
    for (let j = 0; j < 6; j++) assertAlmostEquals(qtq.get(i, j), i === j ? 2.25 : 0, 1e-12);
  }
  assertAlmostEquals(spectralNorm(q), 1.5, 1e-9);
});

Deno.test("matrixPowerNorms: powers of a scaled orthogonal matrix have norm ρ^k", () => {
  const norms = matrixPowerNorms(scaledOrthogonal(5, 0.8, new Random(3)), 6);
  norms.forEach((n, k) => assertAlmostEquals(n, 0.8 ** k, 1e-9));
  // Entries above 1 yet spectral radius 0.5: transient growth, then decay.
  const b = matrixPowerNorms(fromArray([[0.5, 3], [0, 0.5]]), 30);
  assert(b[1] > 1 && b[30] < 1e-3);
});

Deno.test("jacobianProductNorms: without input the Jacobians are Whhᵀ, so norms are ρ^k", () => {
  const Whh = scaledOrthogonal(8, 1.2, new Random(5));
  const norms = jacobianProductNorms({ hiddenSize: 8, steps: 10, Whh, inputScale: 0 });
  assertEquals(norms.length, 10);
  norms.forEach((n, k) => assertAlmostEquals(n, 1.2 ** k, 1e-8));
  // With inputs, tanh' ≤ 1 can only shrink them.
  const driven = jacobianProductNorms({ hiddenSize: 8, steps: 10, Whh, inputScale: 0.5 });
  driven.forEach((n, k) => assert(n <= 1.2 ** k + 1e-9));
});

Deno.test("jacobianProductNorms: each step multiplies the norm by at most σ_max(Whh)", () => {
  // ‖P·J‖ ≤ ‖P‖·‖diag(1 − h²)‖·‖Whh‖ ≤ ‖P‖·σ_max(Whh).
  const Whh = scaledOrthogonal(4, 0.9, new Random(6));
  const norms = jacobianProductNorms({ hiddenSize: 4, steps: 5, Whh, seed: 2 });
  for (let k = 1; k < norms.length; k++) assert(norms[k] <= norms[k - 1] * 0.9 + 1e-12);
});
