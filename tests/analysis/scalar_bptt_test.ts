import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import { scalarBPTT, scalarLoss } from "../../lib/mod.ts";

const rnn = { w: 0.8, u: -1.3, b: 0.1 };
const xs = [1, -0.5, 0.25, 2, 0], ys = [0.3, -0.2, 0.5, 0.9, -0.4];

function numeric(name: "w" | "u" | "b"): number {
  const eps = 1e-6;
  const plus = scalarLoss({ ...rnn, [name]: rnn[name] + eps }, xs, ys);
  const minus = scalarLoss({ ...rnn, [name]: rnn[name] - eps }, xs, ys);
  return (plus - minus) / (2 * eps);
}

Deno.test("scalarBPTT: the three gradients match finite differences", () => {
  const r = scalarBPTT(rnn, xs, ys);
  assertAlmostEquals(r.du, numeric("u"), 1e-8);
  assertAlmostEquals(r.dw, numeric("w"), 1e-8);
  assertAlmostEquals(r.db, numeric("b"), 1e-8);
  assertAlmostEquals(r.loss, scalarLoss(rnn, xs, ys), 1e-15);
});

Deno.test("scalarBPTT: each step's record follows the equations of the walk", () => {
  const { steps, dh0 } = scalarBPTT(rnn, xs, ys);
  assertEquals(steps.map((s) => s.t), [1, 2, 3, 4, 5]);
  assertEquals(steps[0].hPrev, 0);
  assertEquals(steps[0].du, 0); // h_0 = 0
  assertEquals(steps.at(-1)!.fromNext, 0);
  steps.forEach((s, i) => {
    assertAlmostEquals(s.a, rnn.w * s.x + rnn.u * s.hPrev + rnn.b, 1e-15);
    assertAlmostEquals(s.h, Math.tanh(s.a), 1e-15);
    assertAlmostEquals(s.dh, s.direct + s.fromNext, 1e-15);
    assertAlmostEquals(s.delta, s.dh * (1 - s.h * s.h), 1e-15);
    if (i + 1 < steps.length) assertAlmostEquals(s.fromNext, steps[i + 1].delta * rnn.u, 1e-15);
    if (i > 0) assertEquals(s.hPrev, steps[i - 1].h);
  });
  assertAlmostEquals(dh0, steps[0].delta * rnn.u, 1e-15);
});

Deno.test("scalarBPTT: from a non-zero h_0 the first step contributes, and ∂L/∂h_0 matches finite differences", () => {
  const from = { ...rnn, h0: 0.6 };
  const r = scalarBPTT(from, xs, ys);
  assert(r.steps[0].du !== 0);
  assertEquals(r.steps[0].hPrev, 0.6);
  const eps = 1e-6;
  const numericH0 = (scalarLoss({ ...from, h0: 0.6 + eps }, xs, ys) -
    scalarLoss({ ...from, h0: 0.6 - eps }, xs, ys)) / (2 * eps);
  assertAlmostEquals(r.dh0, numericH0, 1e-8);
  const numericU = (scalarLoss({ ...from, u: from.u + eps }, xs, ys) -
    scalarLoss({ ...from, u: from.u - eps }, xs, ys)) / (2 * eps);
  assertAlmostEquals(r.du, numericU, 1e-8);
});

Deno.test("scalarBPTT: refuses mismatched or empty sequences", () => {
  assertThrows(() => scalarBPTT(rnn, [1, 2], [1]), RangeError, "2 inputs and 1 targets");
  assertThrows(() => scalarBPTT(rnn, [], []), RangeError);
  assert(scalarBPTT(rnn, [1], [0]).steps.length === 1);
});
