import { assertEquals, assertThrows } from "@std/assert";
import { prefixed } from "../../lib/layers/param.ts";
import { Momentum } from "../../lib/optim/momentum.ts";
import { assertAllClose, flat, G1, G2, makeParam, setGrad, W0 } from "./_helpers.ts";

Deno.test("Momentum: two steps match v = μv − lr·g, w += v by hand", () => {
  const lr = 0.1, mu = 0.8;
  const p = makeParam("W", W0, G1);
  const opt = new Momentum({ lr, momentum: mu });
  opt.step([p]);
  const v1 = flat(G1).map((g) => -lr * g); // v starts at 0
  const w1 = flat(W0).map((w, i) => w + v1[i]);
  assertAllClose(p.value.data, w1);
  setGrad(p, G2);
  opt.step([p]);
  const v2 = v1.map((v, i) => mu * v - lr * flat(G2)[i]);
  const w2 = w1.map((w, i) => w + v2[i]);
  assertAllClose(p.value.data, w2);
  assertAllClose(opt.state(p).v.data, v2);
  // Element 0 on paper: v1 = −0.03, w1 = 0.47; v2 = −0.024 + 0.06 = 0.036, w2 = 0.506.
  assertAllClose([p.value.data[0]], [0.506]);
});

Deno.test("Momentum: state follows the value matrix, even through new prefixed() records", () => {
  const a = makeParam("W", W0, G1), b = makeParam("W", W0, G1);
  const optA = new Momentum({ lr: 0.1 }), optB = new Momentum({ lr: 0.1 });
  for (let i = 0; i < 3; i++) {
    optA.step([a]);
    optB.step(prefixed("rnn", [b])); // a fresh Param record each step
  }
  assertAllClose(b.value.data, a.value.data, 0);
});

Deno.test("Momentum: reset() forgets the velocity", () => {
  const p = makeParam("W", [[0]], [[1]]);
  const opt = new Momentum({ lr: 1, momentum: 0.5 });
  opt.step([p]); // w = −1
  opt.reset();
  opt.step([p]); // fresh velocity: w = −2 (not −2.5)
  assertEquals(p.value.data[0], -2);
});

Deno.test("Momentum: rejects bad hyperparameters, naming option and value", () => {
  assertThrows(
    () => new Momentum({ lr: 0 }),
    RangeError,
    "Momentum: lr must be a finite number > 0, got 0",
  );
  for (const momentum of [1, -0.1, 1.5, NaN]) {
    assertThrows(
      () => new Momentum({ lr: 0.1, momentum }),
      RangeError,
      `Momentum: momentum must be in [0, 1), got ${momentum}`,
    );
  }
  assertEquals(new Momentum({ lr: 0.1, momentum: 0 }).momentum, 0);
});
