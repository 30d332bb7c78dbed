/**
 * Public tests of the RNN exercises (shipped to learners): `rnn_step_forward`,
 * `rnn_step_backward`, `rnn_forward`, `bptt`. Points are beside each test.
 * Expected values come from the engine (the oracle) on seeded random inputs.
 *
 * @module
 */

import type { Matrix } from "../../../core/matrix.ts";
import type { Random } from "../../../random.ts";
import type {
  BPTTFn,
  RNNCellWeights,
  RNNStepRecord,
  SequenceForwardFn,
  StepBackwardFn,
  StepForwardFn,
} from "../../exercise_types.ts";
import { describe, expect, expectGradient, expectMatrix, expectShape } from "../expect.ts";
import { suite } from "../harness.ts";
import { numericGrad, projection, randn, randomWeights } from "../inputs.ts";
import * as oracle from "../oracle.ts";

/** Asserts `step` is a record `{ x, hPrev, h }` (an object with an `h`). */
export function expectRecord(what: string, step: unknown): asserts step is RNNStepRecord {
  expect(
    typeof step === "object" && step !== null && "h" in step,
    `${what}: expected a record { x, hPrev, h }, got ${describe(step)}`,
  );
}

/** The five gradients of one step against numerical ones, for the loss `Σ R ⊙ h`. */
export function checkStepGradients(
  f: StepBackwardFn,
  rng: Random,
  B: number,
  I: number,
  H: number,
) {
  const w = randomWeights(rng, I, H);
  const x = randn(rng, B, I), hPrev = randn(rng, B, H, 0.5);
  const proj = projection(rng, B, H);
  const loss = () => proj.loss(oracle.rnnStepForward(x, hPrev, w).h);
  // Numerical gradients first, so a learner's function that changes its inputs cannot hide it.
  const numeric = [w.Wxh, w.Whh, w.b, x, hPrev].map((m) => numericGrad(loss, m));
  const g = f(proj.grad.clone(), oracle.rnnStepForward(x, hPrev, w), w);
  expect(
    typeof g === "object" && g !== null,
    `expected { dx, dhPrev, dWxh, dWhh, db }, got ${describe(g)}`,
  );
  const where = `(batch ${B}, input ${I}, hidden ${H})`;
  const got = [g.dWxh, g.dWhh, g.db, g.dx, g.dhPrev];
  ["dWxh", "dWhh", "db", "dx", "dhPrev"].forEach((name, i) => {
    expectGradient(`${name} ${where}`, got[i], numeric[i]);
  });
}

/** A sequence problem: weights, inputs, initial state, the oracle's records and direct gradients. */
export function sequenceProblem(rng: Random, T: number, B: number, I: number, H: number) {
  const w = randomWeights(rng, I, H);
  const xs = Array.from({ length: T }, () => randn(rng, B, I));
  const h0 = randn(rng, B, H, 0.5);
  const projs = Array.from({ length: T }, () => projection(rng, B, H));
  const loss = () => {
    const steps = oracle.rnnForward(xs, h0, w);
    return steps.reduce((s, step, t) => s + projs[t].loss(step.h), 0);
  };
  const dhs: Matrix[] = projs.map((p) => p.grad);
  return { w, xs, h0, dhs, loss, steps: oracle.rnnForward(xs, h0, w) };
}

/** BPTT's four gradients against numerical ones over a sequence of `T` steps. */
export function checkBPTTGradients(f: BPTTFn, rng: Random, T: number, B: number): void {
  const p = sequenceProblem(rng, T, B, 3, 4);
  const numeric = [p.w.Wxh, p.w.Whh, p.w.b, p.h0].map((m) => numericGrad(p.loss, m));
  const g = f(p.steps, p.dhs.map((d) => d.clone()), p.w, oracle.rnnStepBackward);
  expect(
    typeof g === "object" && g !== null,
    `expected { dWxh, dWhh, db, dh0 }, got ${describe(g)}`,
  );
  const where = `(${T} steps, batch ${B})`;
  const got = [g.dWxh, g.dWhh, g.db, g.dh0];
  ["dWxh", "dWhh", "db", "dh0"].forEach((name, i) => {
    expectGradient(`${name} ${where}`, got[i], numeric[i]);
  });
}

/** Public tests of `rnn_step_forward`. */
export const rnnStepForwardTests = suite<StepForwardFn>("rnn_step_forward", [
  {
    name: "returns { x, hPrev, h } with h of shape batch × hidden",
    points: 2,
    run(f, rng) {
      const w: RNNCellWeights = randomWeights(rng, 4, 3);
      const x = randn(rng, 2, 4), hPrev = randn(rng, 2, 3, 0.5);
      const step = f(x, hPrev, w);
      expectRecord("rnnStepForward", step);
      expect(
        step.x === x && step.hPrev === hPrev,
        "the record must hold the inputs x and hPrev themselves (backward needs them)",
      );
      expectShape("h", step.h, oracle.rnnStepForward(x, hPrev, w).h);
    },
  },
  {
    name: "h matches the engine for batches of 1, 3 and 5",
    points: 4,
    run(f, rng) {
      for (const [B, I, H] of [[1, 2, 3], [3, 4, 5], [5, 3, 2]]) {
        const w = randomWeights(rng, I, H);
        const x = randn(rng, B, I), hPrev = randn(rng, B, H, 0.5);
        const step = f(x, hPrev, w);
        expectRecord("rnnStepForward", step);
        const expected = oracle.rnnStepForward(x, hPrev, w).h;
        expectMatrix(`h (batch ${B}, input ${I}, hidden ${H})`, step.h, expected);
      }
    },
  },
]);

/** Public tests of `rnn_step_backward`. */
export const rnnStepBackwardTests = suite<StepBackwardFn>("rnn_step_backward", [
  {
    name: "returns dx, dhPrev, dWxh, dWhh, db of the right shapes",
    points: 2,
    run(f, rng) {
      const w = randomWeights(rng, 4, 3);
      const step = oracle.rnnStepForward(randn(rng, 2, 4), randn(rng, 2, 3), w);
      const dh = randn(rng, 2, 3);
      const g = f(dh, step, w);
      expect(typeof g === "object" && g !== null, `expected an object, got ${describe(g)}`);
      const e = oracle.rnnStepBackward(dh, step, w);
      expectShape("dx", g.dx, e.dx);
      expectShape("dhPrev", g.dhPrev, e.dhPrev);
      expectShape("dWxh", g.dWxh, e.dWxh);
      expectShape("dWhh", g.dWhh, e.dWhh);
      expectShape("db", g.db, e.db);
    },
  },
  {
    name: "all five gradients match numerical gradients (batch 3, input 4, hidden 5)",
    points: 4,
    run: (f, rng) => checkStepGradients(f, rng, 3, 4, 5),
  },
]);

/** Public tests of `rnn_forward`. */
export const rnnForwardTests = suite<SequenceForwardFn>("rnn_forward", [
  {
    name: "one record per step; each step starts from the previous state",
    points: 3,
    run(f, rng) {
      const { w, xs, h0 } = sequenceProblem(rng, 4, 2, 3, 4);
      const steps = f(xs, h0, w, oracle.rnnStepForward);
      expect(Array.isArray(steps), `expected an array of records, got ${describe(steps)}`);
      expect(steps.length === 4, `expected 4 records for 4 steps, got ${steps.length}`);
      steps.forEach((s, t) => expectRecord(`record ${t}`, s));
      expectMatrix("hPrev of step 0 (it must be h0)", steps[0].hPrev, h0, 0);
      for (let t = 1; t < 4; t++) {
        expectMatrix(
          `hPrev of step ${t} (it must be h of step ${t - 1})`,
          steps[t].hPrev,
          steps[t - 1].h,
          0,
        );
      }
    },
  },
  {
    name: "states match the engine over 5 steps",
    points: 3,
    run(f, rng) {
      const { w, xs, h0 } = sequenceProblem(rng, 5, 3, 2, 4);
      const steps = f(xs, h0, w, oracle.rnnStepForward);
      expect(
        Array.isArray(steps) && steps.length === 5,
        `expected 5 records, got ${describe(steps)}`,
      );
      oracle.rnnForward(xs, h0, w).forEach((e, t) => {
        expectRecord(`record ${t}`, steps[t]);
        expectMatrix(`h at step ${t}`, steps[t].h, e.h);
      });
    },
  },
]);

/** Public tests of `bptt`. */
export const bpttTests = suite<BPTTFn>("bptt", [
  {
    name: "returns dWxh, dWhh, db and dh0 of the right shapes",
    points: 2,
    run(f, rng) {
      const p = sequenceProblem(rng, 3, 2, 3, 4);
      const g = f(p.steps, p.dhs, p.w, oracle.rnnStepBackward);
      expect(typeof g === "object" && g !== null, `expected an object, got ${describe(g)}`);
      expectShape("dWxh", g.dWxh, p.w.Wxh);
      expectShape("dWhh", g.dWhh, p.w.Whh);
      expectShape("db", g.db, p.w.b);
      expectShape("dh0", g.dh0, p.h0);
    },
  },
  {
    name: "gradients match numerical gradients over 4 steps",
    points: 4,
    run: (f, rng) => checkBPTTGradients(f, rng, 4, 2),
  },
]);
