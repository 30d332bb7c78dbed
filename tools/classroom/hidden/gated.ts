/**
 * Hidden tests of the gated-cell exercises (teacher only: never copied into a
 * student release). Points are beside each test.
 *
 * @module
 */

import type { Matrix } from "../../../lib/core/matrix.ts";
import { zeros } from "../../../lib/core/matrix.ts";
import type {
  GRUStepBackwardFn,
  GRUStepForwardFn,
  LSTMStepBackwardFn,
  LSTMStepForwardFn,
} from "../../../lib/check/exercise_types.ts";
import { expectMatrix, expectUnchanged } from "../../../lib/check/classroom/expect.ts";
import { suite } from "../../../lib/check/classroom/harness.ts";
import { snapshot } from "../../../lib/check/classroom/inputs.ts";
import * as oracle from "../../../lib/check/classroom/oracle.ts";
import {
  expectFields,
  gruProblem,
  lstmProblem,
} from "../../../lib/check/classroom/public/gated.ts";

const fields = (value: unknown) => value as Record<string, Matrix>;

/** Hidden tests of `lstm_step_forward`. */
export const lstmStepForwardHidden = suite<LSTMStepForwardFn>("lstm_step_forward", [
  {
    name: "does not change x, hPrev, cPrev or the weights",
    points: 1,
    run(fn, rng) {
      const p = lstmProblem(rng, 2, 3, 4);
      const all = [p.x, p.hPrev, p.cPrev, p.w.Wx, p.w.Wh, p.w.b];
      const before = snapshot(all);
      fn(p.x, p.hPrev, p.cPrev, p.w);
      const names = ["x", "hPrev", "cPrev", "Wx", "Wh", "b"];
      all.forEach((m, k) => expectUnchanged(names[k], m, before[k]));
    },
  },
  {
    name: "saturated gates (pre-activations in the hundreds) stay finite and right",
    points: 1,
    run(fn, rng) {
      const p = lstmProblem(rng, 2, 3, 4, 300);
      const s = fn(p.x, p.hPrev, p.cPrev, p.w);
      expectFields("lstmStepForward", s, ["c", "h"]);
      const e = oracle.lstmStepForward(p.x, p.hPrev, p.cPrev, p.w);
      expectMatrix("c with large pre-activations", s.c, e.c);
      expectMatrix("h with large pre-activations", s.h, e.h);
    },
  },
  {
    name: "the cell state is not squashed: a large cPrev passes through the forget gate",
    points: 1,
    run(fn, rng) {
      const p = lstmProblem(rng, 3, 2, 3);
      const big = zeros(3, 3);
      for (let i = 0; i < big.data.length; i++) big.data[i] = 10 + p.cPrev.data[i];
      const s = fn(p.x, p.hPrev, big, p.w);
      expectFields("lstmStepForward", s, ["c"]);
      expectMatrix(
        "c from a cell state near 10",
        s.c,
        oracle.lstmStepForward(p.x, p.hPrev, big, p.w).c,
      );
    },
  },
  {
    name: "larger shapes (batch 8, input 16, hidden 32)",
    points: 1,
    run(fn, rng) {
      const p = lstmProblem(rng, 8, 16, 32);
      const s = fn(p.x, p.hPrev, p.cPrev, p.w);
      expectFields("lstmStepForward", s, ["h"]);
      expectMatrix(
        "h (batch 8, input 16, hidden 32)",
        s.h,
        oracle.lstmStepForward(p.x, p.hPrev, p.cPrev, p.w).h,
      );
    },
  },
]);

/** Hidden tests of `lstm_step_backward`. */
export const lstmStepBackwardHidden = suite<LSTMStepBackwardFn>("lstm_step_backward", [
  {
    name: "all six gradients match the engine for several shapes",
    points: 2,
    run(fn, rng) {
      for (const [B, I, H] of [[1, 1, 1], [2, 5, 3], [6, 2, 7]]) {
        const p = lstmProblem(rng, B, I, H);
        const step = oracle.lstmStepForward(p.x, p.hPrev, p.cPrev, p.w);
        const e = fields(oracle.lstmStepBackward(p.dh, p.dc, step, p.w));
        const g = fn(p.dh.clone(), p.dc.clone(), step, p.w);
        expectFields("lstmStepBackward", g, Object.keys(e));
        for (const n of Object.keys(e)) {
          expectMatrix(`${n} (batch ${B}, input ${I}, hidden ${H})`, fields(g)[n], e[n]);
        }
      }
    },
  },
  {
    name: "a gradient on c alone (dh = 0) flows back through the forget gate",
    points: 1,
    run(fn, rng) {
      const p = lstmProblem(rng, 3, 2, 4);
      const step = oracle.lstmStepForward(p.x, p.hPrev, p.cPrev, p.w);
      const dh = zeros(3, 4);
      const e = oracle.lstmStepBackward(dh, p.dc, step, p.w);
      const g = fn(dh, p.dc.clone(), step, p.w);
      expectFields("lstmStepBackward", g, ["dcPrev", "dWh"]);
      expectMatrix("dcPrev with dh = 0", g.dcPrev, e.dcPrev);
      expectMatrix("dWh with dh = 0", g.dWh, e.dWh);
    },
  },
  {
    name: "does not change dh, dc, the record or the weights",
    points: 1,
    run(fn, rng) {
      const p = lstmProblem(rng, 2, 3, 4);
      const step = oracle.lstmStepForward(p.x, p.hPrev, p.cPrev, p.w);
      const all = [p.dh, p.dc, step.x, step.hPrev, step.cPrev, step.c, step.h, p.w.Wx, p.w.Wh];
      const before = snapshot(all);
      fn(p.dh, p.dc, step, p.w);
      const names = ["dh", "dc", "x", "hPrev", "cPrev", "c", "h", "Wx", "Wh"];
      all.forEach((m, k) => expectUnchanged(names[k], m, before[k]));
    },
  },
]);

/** Hidden tests of `gru_step_forward`. */
export const gruStepForwardHidden = suite<GRUStepForwardFn>("gru_step_forward", [
  {
    name: "does not change x, hPrev or the weights",
    points: 1,
    run(fn, rng) {
      const p = gruProblem(rng, 2, 3, 4);
      const all = [p.x, p.hPrev, p.w.Wx, p.w.Wh, p.w.b, p.w.bhn];
      const before = snapshot(all);
      fn(p.x, p.hPrev, p.w);
      const names = ["x", "hPrev", "Wx", "Wh", "b", "bhn"];
      all.forEach((m, k) => expectUnchanged(names[k], m, before[k]));
    },
  },
  {
    name: "b_hn sits inside the reset: r scales it",
    points: 1,
    run(fn, rng) {
      const p = gruProblem(rng, 3, 2, 4);
      const bhn = zeros(1, 4);
      bhn.data.set([2, -1.5, 1, 3]);
      const w = { ...p.w, bhn };
      const s = fn(p.x, p.hPrev, w);
      expectFields("gruStepForward", s, ["n", "h"]);
      const e = oracle.gruStepForward(p.x, p.hPrev, w);
      expectMatrix("n with a large b_hn", s.n, e.n);
      expectMatrix("h with a large b_hn", s.h, e.h);
    },
  },
  {
    name: "saturated gates (pre-activations in the hundreds) stay finite and right",
    points: 1,
    run(fn, rng) {
      const p = gruProblem(rng, 2, 3, 4, 300);
      const s = fn(p.x, p.hPrev, p.w);
      expectFields("gruStepForward", s, ["h"]);
      expectMatrix("h with large pre-activations", s.h, oracle.gruStepForward(p.x, p.hPrev, p.w).h);
    },
  },
  {
    name: "larger shapes (batch 8, input 16, hidden 32)",
    points: 1,
    run(fn, rng) {
      const p = gruProblem(rng, 8, 16, 32);
      const s = fn(p.x, p.hPrev, p.w);
      expectFields("gruStepForward", s, ["h"]);
      expectMatrix(
        "h (batch 8, input 16, hidden 32)",
        s.h,
        oracle.gruStepForward(p.x, p.hPrev, p.w).h,
      );
    },
  },
]);

/** Hidden tests of `gru_step_backward`. */
export const gruStepBackwardHidden = suite<GRUStepBackwardFn>("gru_step_backward", [
  {
    name: "all six gradients match the engine for several shapes",
    points: 2,
    run(fn, rng) {
      for (const [B, I, H] of [[1, 1, 1], [2, 5, 3], [6, 2, 7]]) {
        const p = gruProblem(rng, B, I, H);
        const step = oracle.gruStepForward(p.x, p.hPrev, p.w);
        const e = fields(oracle.gruStepBackward(p.dh, step, p.w));
        const g = fn(p.dh.clone(), step, p.w);
        expectFields("gruStepBackward", g, Object.keys(e));
        for (const n of Object.keys(e)) {
          expectMatrix(`${n} (batch ${B}, input ${I}, hidden ${H})`, fields(g)[n], e[n]);
        }
      }
    },
  },
  {
    name: "with z = 1 everywhere the step passes dh straight to dhPrev",
    points: 1,
    run(fn, rng) {
      const p = gruProblem(rng, 2, 3, 4);
      const b = p.w.b.clone();
      for (let j = 4; j < 8; j++) b.data[j] = 60; // σ(60) = 1 in float64
      const w = { ...p.w, b };
      const step = oracle.gruStepForward(p.x, p.hPrev, w);
      const g = fn(p.dh.clone(), step, w);
      expectFields("gruStepBackward", g, ["dhPrev"]);
      expectMatrix("dhPrev when z = 1", g.dhPrev, oracle.gruStepBackward(p.dh, step, w).dhPrev);
    },
  },
  {
    name: "does not change dh, the record or the weights",
    points: 1,
    run(fn, rng) {
      const p = gruProblem(rng, 2, 3, 4);
      const step = oracle.gruStepForward(p.x, p.hPrev, p.w);
      const all = [p.dh, step.x, step.hPrev, step.r, step.z, step.n, step.h, p.w.Wh, p.w.bhn];
      const before = snapshot(all);
      fn(p.dh, step, p.w);
      const names = ["dh", "x", "hPrev", "r", "z", "n", "h", "Wh", "bhn"];
      all.forEach((m, k) => expectUnchanged(names[k], m, before[k]));
    },
  },
]);
