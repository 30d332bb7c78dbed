import { assert, assertAlmostEquals, assertEquals, assertThrows } from "@std/assert";
import {
  activationExperiment,
  isSaturated,
  recurrentShift,
  stepStatistics,
} from "../../lib/analysis/activations.ts";
import { fromArray, type Matrix, Random, RNNCell, zeros } from "../../lib/mod.ts";
import { gaussianMatrix } from "../../lib/random.ts";

Deno.test("stepStatistics: mean, spread, extremes and saturation of a small matrix", () => {
  const h = fromArray([[0.5, -0.99], [0, 0.96]]);
  const s = stepStatistics("tanh", 3, h, 0.25);
  assertEquals(s.step, 3);
  assertAlmostEquals(s.mean, (0.5 - 0.99 + 0 + 0.96) / 4, 1e-15);
  const m = s.mean;
  const variance = ((0.5 - m) ** 2 + (-0.99 - m) ** 2 + m ** 2 + (0.96 - m) ** 2) / 4;
  assertAlmostEquals(s.std, Math.sqrt(variance), 1e-15);
  assertEquals([s.min, s.max, s.maxAbs], [-0.99, 0.96, 0.99]);
  assertEquals(s.saturated, 0.5); // −0.99 and 0.96 have tanh' = 1 − h² < 0.1
  assertEquals(s.recurrentShift, 0.25);
});

Deno.test("isSaturated: derivative below a tenth of its maximum", () => {
  assert(isSaturated("tanh", 0.95) && !isSaturated("tanh", 0.94) && isSaturated("tanh", -0.96));
  assert(isSaturated("sigmoid", 0.98) && isSaturated("sigmoid", 0.02));
  assert(!isSaturated("sigmoid", 0.5) && !isSaturated("sigmoid", 0.9));
  assert(isSaturated("relu", 0) && !isSaturated("relu", 1e-9) && !isSaturated("relu", 1e9));
});

Deno.test("recurrentShift: RMS over units of (batch mean of hPrev)·Whh", () => {
  const hPrev = fromArray([[1, 0], [3, 2]]); // batch mean [2, 1]
  const Whh = fromArray([[1, -1], [2, 0.5]]); // [2, 1]·Whh = [4, −1.5]
  assertAlmostEquals(recurrentShift(hPrev, Whh), Math.sqrt((16 + 2.25) / 2), 1e-15);
  assertEquals(recurrentShift(zeros(3, 2), Whh), 0);
});

Deno.test("activationExperiment: states follow the engine's cell step by step", () => {
  // Re-run the same cell by hand with the same seeds: the recorded statistics must match.
  const steps = 5, batch = 4, inputSize = 3, hiddenSize = 6, gain = 1.3;
  const r = activationExperiment({
    activation: "sigmoid",
    steps,
    batch,
    inputSize,
    hiddenSize,
    recurrentGain: gain,
    seed: 7,
  });
  const cell = new RNNCell({ inputSize, hiddenSize, rng: new Random(7), activation: "sigmoid" });
  for (let i = 0; i < cell.Whh.value.data.length; i++) cell.Whh.value.data[i] *= gain;
  const inputs = new Random(8);
  let h = zeros(batch, hiddenSize);
  for (let t = 1; t <= steps; t++) {
    const next = cell.forward(gaussianMatrix(inputs, batch, inputSize), h).h;
    assertEquals(
      r.stats[t - 1],
      stepStatistics("sigmoid", t, next, recurrentShift(h, cell.Whh.value)),
    );
    h = next;
  }
});

Deno.test("activationExperiment: tanh and sigmoid stay in their ranges, ReLU grows without bound", () => {
  const common = { steps: 60, batch: 50, recurrentGain: 2, seed: 3 };
  const tanh = activationExperiment({ activation: "tanh", ...common });
  const sigmoid = activationExperiment({ activation: "sigmoid", ...common });
  const relu = activationExperiment({ activation: "relu", ...common });
  assertEquals(tanh.stats.length, 60);
  assert(tanh.stats.every((s) => s.min > -1 && s.max < 1));
  assert(sigmoid.stats.every((s) => s.min > 0 && s.max < 1));
  assert(relu.stats.every((s) => s.min >= 0));
  // tanh is zero-centred; sigmoid's states sit around 1/2 and shift every unit's input.
  const late = (e: typeof tanh, key: "mean" | "recurrentShift") =>
    e.stats.slice(20).reduce((a, s) => a + s[key], 0) / 40;
  assert(Math.abs(late(tanh, "mean")) < 0.05, `tanh mean ${late(tanh, "mean")}`);
  assert(Math.abs(late(sigmoid, "mean") - 0.5) < 0.1, `sigmoid mean ${late(sigmoid, "mean")}`);
  assert(late(sigmoid, "recurrentShift") > 5 * late(tanh, "recurrentShift"));
  // ReLU with these weights: the largest state keeps growing, far beyond 1.
  const maxAbs = relu.stats.map((s) => s.maxAbs);
  assert(maxAbs[59] > 1000 * maxAbs[9], `ReLU max |h| ${maxAbs[9]} → ${maxAbs[59]}`);
});

Deno.test("activationExperiment: gradient norms k steps back, from 1 at k = 0", () => {
  const r = activationExperiment({ activation: "sigmoid", steps: 30, batch: 20 });
  assertEquals(r.gradNorms.length, 31);
  assertAlmostEquals(r.gradNorms[0], 1, 1e-12);
  // σ' ≤ 1/4: the gradient shrinks fast with Xavier weights.
  assert(r.gradNorms[30] < 1e-6 * r.gradNorms[0], `sigmoid gradient ${r.gradNorms[30]}`);
  for (let k = 1; k <= 30; k++) assert(r.gradNorms[k] < r.gradNorms[k - 1]);
});

Deno.test("activationExperiment: gradient norms match finite differences through time", () => {
  // Rebuild the run by hand, then differentiate L = h_T·v numerically with respect to h_{T−k}.
  const steps = 6, inputSize = 2, hiddenSize = 4, seed = 5;
  for (const activation of ["tanh", "sigmoid", "relu"] as const) {
    const r = activationExperiment({ activation, steps, batch: 1, inputSize, hiddenSize, seed });
    const cell = new RNNCell({ inputSize, hiddenSize, rng: new Random(seed), activation });
    const inputs = new Random(seed + 1);
    const xs = Array.from({ length: steps }, () => gaussianMatrix(inputs, 1, inputSize));
    const v = gaussianMatrix(new Random(seed + 2), 1, hiddenSize);
    const vn = Math.hypot(...v.data);
    const hs = [zeros(1, hiddenSize)];
    for (const x of xs) hs.push(cell.forward(x, hs.at(-1)!).h);
    const lossFrom = (t: number, h: Matrix) => {
      for (let s = t; s < steps; s++) h = cell.forward(xs[s], h).h;
      let l = 0;
      for (let j = 0; j < hiddenSize; j++) l += h.data[j] * v.data[j] / vn;
      return l;
    };
    for (let k = 0; k <= steps; k++) {
      const t = steps - k, eps = 1e-6;
      const grad = Array.from({ length: hiddenSize }, (_, j) => {
        const plus = hs[t].clone(), minus = hs[t].clone();
        plus.data[j] += eps;
        minus.data[j] -= eps;
        return (lossFrom(t, plus) - lossFrom(t, minus)) / (2 * eps);
      });
      const numeric = Math.hypot(...grad);
      assert(
        Math.abs(numeric - r.gradNorms[k]) <= 1e-7 * Math.max(1, numeric),
        `${activation}, k = ${k}: engine ${r.gradNorms[k]}, numerical ${numeric}`,
      );
    }
  }
});

Deno.test("activationExperiment: rejects bad options", () => {
  assertThrows(() => activationExperiment({ activation: "tanh", steps: 0 }), RangeError);
  assertThrows(
    () => activationExperiment({ activation: "tanh", recurrentGain: NaN }),
    RangeError,
  );
  assertThrows(() => activationExperiment({ activation: "gelu" as "tanh" }), RangeError);
});
