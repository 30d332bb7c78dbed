/**
 * Hidden tests of the RNN exercises (teacher only: never copied into a
 * student release). Points are beside each test.
 *
 * @module
 */

import { zeros } from "../../../lib/core/matrix.ts";
import type {
  BPTTFn,
  SequenceForwardFn,
  StepBackwardFn,
  StepForwardFn,
} from "../../../lib/check/exercise_types.ts";
import {
  describe,
  expect,
  expectMatrix,
  expectUnchanged,
} from "../../../lib/check/classroom/expect.ts";
import { suite } from "../../../lib/check/classroom/harness.ts";
import { randn, randomWeights, snapshot } from "../../../lib/check/classroom/inputs.ts";
import * as oracle from "../../../lib/check/classroom/oracle.ts";
import { expectRecord, sequenceProblem } from "../../../lib/check/classroom/public/rnn.ts";

/** Hidden tests of `rnn_step_forward`. */
export const rnnStepForwardHidden = suite<StepForwardFn>("rnn_step_forward", [
  {
    name: "does not change x, hPrev or the weights",
    points: 1,
    run(f, rng) {
      const w = randomWeights(rng, 3, 4);
      const x = randn(rng, 2, 3), hPrev = randn(rng, 2, 4);
      const before = snapshot([x, hPrev, w.Wxh, w.Whh, w.b]);
      f(x, hPrev, w);
      [x, hPrev, w.Wxh, w.Whh, w.b].forEach((m, i) =>
        expectUnchanged(["x", "hPrev", "Wxh", "Whh", "b"][i], m, before[i])
      );
    },
  },
  {
    name: "saturated units (pre-activations in the hundreds) stay finite and right",
    points: 1,
    run(f, rng) {
      const w = randomWeights(rng, 3, 4, 400);
      const x = randn(rng, 2, 3), hPrev = randn(rng, 2, 4);
      const step = f(x, hPrev, w);
      expectRecord("rnnStepForward", step);
      expectMatrix("h with large pre-activations", step.h, oracle.rnnStepForward(x, hPrev, w).h);
    },
  },
  {
    name: "one input and one unit, batch of 7",
    points: 1,
    run(f, rng) {
      const w = randomWeights(rng, 1, 1);
      const x = randn(rng, 7, 1), hPrev = randn(rng, 7, 1);
      const step = f(x, hPrev, w);
      expectRecord("rnnStepForward", step);
      expectMatrix("h (batch 7, 1 input, 1 unit)", step.h, oracle.rnnStepForward(x, hPrev, w).h);
    },
  },
  {
    name: "larger shapes (batch 8, input 16, hidden 32)",
    points: 1,
    run(f, rng) {
      const w = randomWeights(rng, 16, 32);
      const x = randn(rng, 8, 16), hPrev = randn(rng, 8, 32, 0.5);
      const step = f(x, hPrev, w);
      expectRecord("rnnStepForward", step);
      expectMatrix(
        "h (batch 8, input 16, hidden 32)",
        step.h,
        oracle.rnnStepForward(x, hPrev, w).h,
      );
    },
  },
]);

/** Hidden tests of `rnn_step_backward`. */
export const rnnStepBackwardHidden = suite<StepBackwardFn>("rnn_step_backward", [
  {
    name: "all five gradients match the engine for several shapes",
    points: 2,
    run(f, rng) {
      for (const [B, I, H] of [[1, 1, 1], [2, 5, 3], [6, 2, 7]]) {
        const w = randomWeights(rng, I, H);
        const step = oracle.rnnStepForward(randn(rng, B, I), randn(rng, B, H), w);
        const dh = randn(rng, B, H);
        const e = oracle.rnnStepBackward(dh, step, w);
        const g = f(dh.clone(), step, w);
        expect(typeof g === "object" && g !== null, `expected an object, got ${describe(g)}`);
        const where = `(batch ${B}, input ${I}, hidden ${H})`;
        expectMatrix(`dx ${where}`, g.dx, e.dx);
        expectMatrix(`dhPrev ${where}`, g.dhPrev, e.dhPrev);
        expectMatrix(`dWxh ${where}`, g.dWxh, e.dWxh);
        expectMatrix(`dWhh ${where}`, g.dWhh, e.dWhh);
        expectMatrix(`db ${where}`, g.db, e.db);
      }
    },
  },
  {
    name: "does not change dh, the record or the weights",
    points: 1,
    run(f, rng) {
      const w = randomWeights(rng, 3, 4);
      const step = oracle.rnnStepForward(randn(rng, 2, 3), randn(rng, 2, 4), w);
      const dh = randn(rng, 2, 4);
      const all = [dh, step.x, step.hPrev, step.h, w.Wxh, w.Whh, w.b];
      const before = snapshot(all);
      f(dh, step, w);
      const names = ["dh", "x", "hPrev", "h", "Wxh", "Whh", "b"];
      all.forEach((m, i) => expectUnchanged(names[i], m, before[i]));
    },
  },
  {
    name: "saturated units pass (almost) no gradient back",
    points: 1,
    run(f, rng) {
      const w = randomWeights(rng, 3, 4, 30);
      const step = oracle.rnnStepForward(randn(rng, 2, 3), randn(rng, 2, 4), w);
      const dh = randn(rng, 2, 4);
      const e = oracle.rnnStepBackward(dh, step, w);
      const g = f(dh.clone(), step, w);
      expect(typeof g === "object" && g !== null, `expected an object, got ${describe(g)}`);
      expectMatrix("dhPrev through saturated units", g.dhPrev, e.dhPrev);
      expectMatrix("dWhh through saturated units", g.dWhh, e.dWhh);
    },
  },
]);

/** Hidden tests of `rnn_forward`. */
export const rnnForwardHidden = suite<SequenceForwardFn>("rnn_forward", [
  {
    name: "no steps gives no records",
    points: 1,
    run(f, rng) {
      const w = randomWeights(rng, 2, 3);
      const steps = f([], zeros(1, 3), w, oracle.rnnStepForward);
      expect(Array.isArray(steps), `expected an array, got ${describe(steps)}`);
      expect(steps.length === 0, `expected no records for no steps, got ${steps.length}`);
    },
  },
  {
    name: "a single step of batch 1",
    points: 1,
    run(f, rng) {
      const { w, xs, h0 } = sequenceProblem(rng, 1, 1, 2, 3);
      const steps = f(xs, h0, w, oracle.rnnStepForward);
      expect(
        Array.isArray(steps) && steps.length === 1,
        `expected 1 record, got ${describe(steps)}`,
      );
      expectRecord("record 0", steps[0]);
      expectMatrix("h at step 0", steps[0].h, oracle.rnnForward(xs, h0, w)[0].h);
    },
  },
  {
    name: "30 steps stay equal to the engine",
    points: 1,
    run(f, rng) {
      const { w, xs, h0 } = sequenceProblem(rng, 30, 2, 3, 5);
      const steps = f(xs, h0, w, oracle.rnnStepForward);
      expect(
        Array.isArray(steps) && steps.length === 30,
        `expected 30 records, got ${describe(steps)}`,
      );
      oracle.rnnForward(xs, h0, w).forEach((e, t) => {
        expectRecord(`record ${t}`, steps[t]);
        expectMatrix(`h at step ${t}`, steps[t].h, e.h);
      });
    },
  },
  {
    name: "each record holds its own step's input",
    points: 1,
    run(f, rng) {
      const { w, xs, h0 } = sequenceProblem(rng, 4, 2, 3, 2);
      const steps = f(xs, h0, w, oracle.rnnStepForward);
      expect(
        Array.isArray(steps) && steps.length === 4,
        `expected 4 records, got ${describe(steps)}`,
      );
      xs.forEach((x, t) => {
        expectRecord(`record ${t}`, steps[t]);
        expectMatrix(`x of record ${t}`, steps[t].x, x, 0);
      });
    },
  },
]);

/** Hidden tests of `bptt`. */
export const bpttHidden = suite<BPTTFn>("bptt", [
  {
    name: "matches the engine for 1, 2 and 7 steps",
    points: 2,
    run(f, rng) {
      for (const [T, B] of [[1, 1], [2, 3], [7, 2]]) {
        const p = sequenceProblem(rng, T, B, 3, 4);
        const e = oracle.bptt(p.steps, p.dhs, p.w);
        const g = f(p.steps, p.dhs.map((d) => d.clone()), p.w, oracle.rnnStepBackward);
        expect(typeof g === "object" && g !== null, `expected an object, got ${describe(g)}`);
        const where = `(${T} steps, batch ${B})`;
        expectMatrix(`dWxh ${where}`, g.dWxh, e.dWxh);
        expectMatrix(`dWhh ${where}`, g.dWhh, e.dWhh);
        expectMatrix(`db ${where}`, g.db, e.db);
        expectMatrix(`dh0 ${where}`, g.dh0, e.dh0);
      }
    },
  },
  {
    name: "does not change dhs or the records",
    points: 1,
    run(f, rng) {
      const p = sequenceProblem(rng, 4, 2, 3, 4);
      const all = [...p.dhs, ...p.steps.map((s) => s.h)];
      const before = snapshot(all);
      f(p.steps, p.dhs, p.w, oracle.rnnStepBackward);
      all.forEach((m, i) => {
        const name = i < p.dhs.length ? `dhs[${i}]` : `h of step ${i - p.dhs.length}`;
        expectUnchanged(name, m, before[i]);
      });
    },
  },
  {
    name: "a gradient at the last step alone reaches every earlier step",
    points: 1,
    run(f, rng) {
      const p = sequenceProblem(rng, 5, 2, 3, 4);
      const dhs = p.dhs.map((d, t) => (t === 4 ? d : zeros(d.rows, d.cols)));
      const e = oracle.bptt(p.steps, dhs, p.w);
      const g = f(p.steps, dhs.map((d) => d.clone()), p.w, oracle.rnnStepBackward);
      expect(typeof g === "object" && g !== null, `expected an object, got ${describe(g)}`);
      expectMatrix("dWhh (loss at the last step only)", g.dWhh, e.dWhh);
      expectMatrix("dh0 (loss at the last step only)", g.dh0, e.dh0);
    },
  },
]);
