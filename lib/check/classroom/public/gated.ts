/**
 * Public tests of the gated-cell exercises (shipped to learners):
 * `lstm_step_forward`, `lstm_step_backward` (notebook 06), `gru_step_forward`,
 * `gru_step_backward` (notebook 07). Points are beside each test. Expected
 * values come from the engine (the oracle) on seeded random inputs, and
 * gradients are also compared with numerical ones.
 *
 * @module
 */

import type { Matrix } from "../../../core/matrix.ts";
import type { Random } from "../../../random.ts";
import type {
  GRUStepBackwardFn,
  GRUStepForwardFn,
  LSTMStepBackwardFn,
  LSTMStepForwardFn,
} from "../../exercise_types.ts";
import { describe, expect, expectGradient, expectMatrix, expectShape } from "../expect.ts";
import { suite } from "../harness.ts";
import { numericGrad, projection, randn, randomGRUWeights, randomLSTMWeights } from "../inputs.ts";
import * as oracle from "../oracle.ts";

/** Asserts `value` is a record holding matrices named `names`. */
export function expectFields(what: string, value: unknown, names: readonly string[]): void {
  expect(
    typeof value === "object" && value !== null && names.every((n) => n in value),
    `${what}: expected a record { ${names.join(", ")} }, got ${describe(value)}`,
  );
}

const LSTM_RECORD = ["x", "hPrev", "cPrev", "i", "f", "g", "o", "c", "h"];
const LSTM_GRADS = ["dx", "dhPrev", "dcPrev", "dWx", "dWh", "db"];
const GRU_RECORD = ["x", "hPrev", "r", "z", "n", "h"];
const GRU_GRADS = ["dx", "dhPrev", "dWx", "dWh", "db", "dbhn"];

/** An LSTM step problem: weights, inputs, and random linear losses on h and c. */
export function lstmProblem(rng: Random, B: number, I: number, H: number, scale = 1) {
  const w = randomLSTMWeights(rng, I, H, scale);
  const x = randn(rng, B, I), hPrev = randn(rng, B, H, 0.5), cPrev = randn(rng, B, H);
  const onH = projection(rng, B, H), onC = projection(rng, B, H);
  const loss = () => {
    const s = oracle.lstmStepForward(x, hPrev, cPrev, w);
    return onH.loss(s.h) + onC.loss(s.c);
  };
  return { w, x, hPrev, cPrev, dh: onH.grad, dc: onC.grad, loss };
}

/** The six gradients of an LSTM step against numerical ones. */
export function checkLSTMGradients(
  f: LSTMStepBackwardFn,
  rng: Random,
  B: number,
  I: number,
  H: number,
) {
  const p = lstmProblem(rng, B, I, H);
  const numeric = [p.x, p.hPrev, p.cPrev, p.w.Wx, p.w.Wh, p.w.b].map((m) => numericGrad(p.loss, m));
  const step = oracle.lstmStepForward(p.x, p.hPrev, p.cPrev, p.w);
  const g = f(p.dh.clone(), p.dc.clone(), step, p.w);
  expectFields("lstmStepBackward", g, LSTM_GRADS);
  const where = `(batch ${B}, input ${I}, hidden ${H})`;
  const got = g as unknown as Record<string, Matrix>;
  LSTM_GRADS.forEach((name, k) => expectGradient(`${name} ${where}`, got[name], numeric[k]));
}

/** A GRU step problem: weights, inputs, and a random linear loss on h. */
export function gruProblem(rng: Random, B: number, I: number, H: number, scale = 1) {
  const w = randomGRUWeights(rng, I, H, scale);
  const x = randn(rng, B, I), hPrev = randn(rng, B, H, 0.5);
  const onH = projection(rng, B, H);
  const loss = () => onH.loss(oracle.gruStepForward(x, hPrev, w).h);
  return { w, x, hPrev, dh: onH.grad, loss };
}

/** The six gradients of a GRU step against numerical ones. */
export function checkGRUGradients(
  f: GRUStepBackwardFn,
  rng: Random,
  B: number,
  I: number,
  H: number,
) {
  const p = gruProblem(rng, B, I, H);
  const numeric = [p.x, p.hPrev, p.w.Wx, p.w.Wh, p.w.b, p.w.bhn].map((m) => numericGrad(p.loss, m));
  const g = f(p.dh.clone(), oracle.gruStepForward(p.x, p.hPrev, p.w), p.w);
  expectFields("gruStepBackward", g, GRU_GRADS);
  const where = `(batch ${B}, input ${I}, hidden ${H})`;
  const got = g as unknown as Record<string, Matrix>;
  GRU_GRADS.forEach((name, k) => expectGradient(`${name} ${where}`, got[name], numeric[k]));
}

/** Public tests of `lstm_step_forward`. */
export const lstmStepForwardTests = suite<LSTMStepForwardFn>("lstm_step_forward", [
  {
    name: "returns { x, hPrev, cPrev, i, f, g, o, c, h }, each gate and state batch × hidden",
    points: 2,
    run(fn, rng) {
      const p = lstmProblem(rng, 2, 3, 4);
      const s = fn(p.x, p.hPrev, p.cPrev, p.w);
      expectFields("lstmStepForward", s, LSTM_RECORD);
      expect(
        s.x === p.x && s.hPrev === p.hPrev && s.cPrev === p.cPrev,
        "the record must hold the inputs x, hPrev and cPrev themselves (backward needs them)",
      );
      const e = oracle.lstmStepForward(p.x, p.hPrev, p.cPrev, p.w);
      for (const n of ["i", "f", "g", "o", "c", "h"] as const) expectShape(n, s[n], e[n]);
    },
  },
  {
    name: "the gates, c and h match the engine for batches of 1, 3 and 5",
    points: 4,
    run(fn, rng) {
      for (const [B, I, H] of [[1, 2, 3], [3, 4, 5], [5, 3, 2]]) {
        const p = lstmProblem(rng, B, I, H);
        const s = fn(p.x, p.hPrev, p.cPrev, p.w);
        expectFields("lstmStepForward", s, LSTM_RECORD);
        const e = oracle.lstmStepForward(p.x, p.hPrev, p.cPrev, p.w);
        for (const n of ["i", "f", "g", "o", "c", "h"] as const) {
          expectMatrix(`${n} (batch ${B}, input ${I}, hidden ${H})`, s[n], e[n]);
        }
      }
    },
  },
]);

/** Public tests of `lstm_step_backward`. */
export const lstmStepBackwardTests = suite<LSTMStepBackwardFn>("lstm_step_backward", [
  {
    name: "returns dx, dhPrev, dcPrev, dWx, dWh, db of the right shapes",
    points: 2,
    run(fn, rng) {
      const p = lstmProblem(rng, 2, 3, 4);
      const step = oracle.lstmStepForward(p.x, p.hPrev, p.cPrev, p.w);
      const g = fn(p.dh, p.dc, step, p.w);
      expectFields("lstmStepBackward", g, LSTM_GRADS);
      const e = oracle.lstmStepBackward(p.dh, p.dc, step, p.w);
      for (const n of LSTM_GRADS) {
        expectShape(
          n,
          (g as unknown as Record<string, Matrix>)[n],
          (e as unknown as Record<string, Matrix>)[n],
        );
      }
    },
  },
  {
    name: "all six gradients match numerical gradients (batch 3, input 4, hidden 5)",
    points: 4,
    run: (fn, rng) => checkLSTMGradients(fn, rng, 3, 4, 5),
  },
]);

/** Public tests of `gru_step_forward`. */
export const gruStepForwardTests = suite<GRUStepForwardFn>("gru_step_forward", [
  {
    name: "returns { x, hPrev, r, z, n, h }, each gate and state batch × hidden",
    points: 2,
    run(fn, rng) {
      const p = gruProblem(rng, 2, 3, 4);
      const s = fn(p.x, p.hPrev, p.w);
      expectFields("gruStepForward", s, GRU_RECORD);
      expect(
        s.x === p.x && s.hPrev === p.hPrev,
        "the record must hold the inputs x and hPrev themselves (backward needs them)",
      );
      const e = oracle.gruStepForward(p.x, p.hPrev, p.w);
      for (const n of ["r", "z", "n", "h"] as const) expectShape(n, s[n], e[n]);
    },
  },
  {
    name: "r, z, n and h match the engine for batches of 1, 3 and 5",
    points: 4,
    run(fn, rng) {
      for (const [B, I, H] of [[1, 2, 3], [3, 4, 5], [5, 3, 2]]) {
        const p = gruProblem(rng, B, I, H);
        const s = fn(p.x, p.hPrev, p.w);
        expectFields("gruStepForward", s, GRU_RECORD);
        const e = oracle.gruStepForward(p.x, p.hPrev, p.w);
        for (const n of ["r", "z", "n", "h"] as const) {
          expectMatrix(`${n} (batch ${B}, input ${I}, hidden ${H})`, s[n], e[n]);
        }
      }
    },
  },
]);

/** Public tests of `gru_step_backward`. */
export const gruStepBackwardTests = suite<GRUStepBackwardFn>("gru_step_backward", [
  {
    name: "returns dx, dhPrev, dWx, dWh, db, dbhn of the right shapes",
    points: 2,
    run(fn, rng) {
      const p = gruProblem(rng, 2, 3, 4);
      const step = oracle.gruStepForward(p.x, p.hPrev, p.w);
      const g = fn(p.dh, step, p.w);
      expectFields("gruStepBackward", g, GRU_GRADS);
      const e = oracle.gruStepBackward(p.dh, step, p.w);
      for (const n of GRU_GRADS) {
        expectShape(
          n,
          (g as unknown as Record<string, Matrix>)[n],
          (e as unknown as Record<string, Matrix>)[n],
        );
      }
    },
  },
  {
    name: "all six gradients match numerical gradients (batch 3, input 4, hidden 5)",
    points: 4,
    run: (fn, rng) => checkGRUGradients(fn, rng, 3, 4, 5),
  },
]);
