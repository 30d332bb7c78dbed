import { assertEquals, assertThrows } from "@std/assert";
import { Adam } from "../../lib/optim/adam.ts";
import { assertAllClose, flat, G1, G2, makeParam, setGrad, W0 } from "./_helpers.ts";

/** One Adam step on plain arrays, written from Algorithm 1 of Kingma & Ba. */
function adamByHand(
  w: number[],
  g: number[],
  m: number[],
  v: number[],
  t: number,
  o: { lr: number; beta1: number; beta2: number; eps: number },
): void {
  for (let i = 0; i < w.length; i++) {
    m[i] = o.beta1 * m[i] + (1 - o.beta1) * g[i];
    v[i] = o.beta2 * v[i] + (1 - o.beta2) * g[i] * g[i];
    const mHat = m[i] / (1 - o.beta1 ** t);
    const vHat = v[i] / (1 - o.beta2 ** t);
    w[i] -= (o.lr * mHat) / (Math.sqrt(vHat) + o.eps);
  }
}

Deno.test("Adam: two steps match Kingma & Ba's Algorithm 1 with bias correction", () => {
  const o = { lr: 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-3 };
  const p = makeParam("W", W0, G1);
  const opt = new Adam(o);
  const w = flat(W0), m = [0, 0, 0, 0], v = [0, 0, 0, 0];
  opt.step([p]);
  adamByHand(w, flat(G1), m, v, 1, o);
  assertAllClose(p.value.data, w);
  setGrad(p, G2);
  opt.step([p]);
  adamByHand(w, flat(G2), m, v, 2, o);
  assertAllClose(p.value.data, w);
  assertAllClose(opt.state(p).m.data, m);
  assertAllClose(opt.state(p).v.data, v);
});

Deno.test("Adam: the first step is lr·g/(|g| + eps) (bias correction undoes the zero start)", () => {
  const p = makeParam("w", [[0, 0]], [[4, -0.001]]);
  new Adam({ lr: 0.1, eps: 1e-8 }).step([p]);
  assertAllClose(p.value.data, [-0.1 * 4 / (4 + 1e-8), 0.1 * 0.001 / (0.001 + 1e-8)], 1e-15);
});

Deno.test("Adam: the step count is per parameter", () => {
  const o = { lr: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 };
  const a = makeParam("a", [[1]], [[2]]), late = makeParam("late", [[1]], [[2]]);
  const opt = new Adam(o);
  opt.step([a]);
  opt.step([a, late]); // late's first step: t = 1 for it
  const w = [1], m = [0], v = [0];
  adamByHand(w, [2], m, v, 1, o);
  assertAllClose(late.value.data, w);
});

Deno.test("Adam: reset() restarts the moments and the step count", () => {
  const p = makeParam("w", [[0]], [[1]]);
  const opt = new Adam({ lr: 0.1 });
  assertEquals(opt.state(p), {});
  opt.step([p]);
  p.value.data[0] = 0;
  setGrad(p, [[-1]]);
  opt.reset();
  opt.step([p]); // as a first step: −lr·sign(g)
  assertAllClose(p.value.data, [0.1], 1e-8);
});

Deno.test("Adam: defaults are lr 1e-3, β1 0.9, β2 0.999, eps 1e-8", () => {
  const opt = new Adam();
  assertEquals([opt.lr, opt.beta1, opt.beta2, opt.eps], [1e-3, 0.9, 0.999, 1e-8]);
});

Deno.test("Adam: rejects bad hyperparameters, naming option and value", () => {
  assertThrows(
    () => new Adam({ lr: 0 }),
    RangeError,
    "Adam: lr must be a finite number > 0, got 0",
  );
  assertThrows(() => new Adam({ beta1: 1 }), RangeError, "Adam: beta1 must be in [0, 1), got 1");
  assertThrows(
    () => new Adam({ beta2: -0.1 }),
    RangeError,
    "Adam: beta2 must be in [0, 1), got -0.1",
  );
  assertThrows(() => new Adam({ beta2: NaN }), RangeError, "beta2");
  assertThrows(
    () => new Adam({ eps: 0 }),
    RangeError,
    "Adam: eps must be a finite number > 0, got 0",
  );
  const opt = new Adam();
  assertThrows(() => (opt.lr = -1), RangeError, "Adam: lr must be a finite number > 0, got -1");
});
