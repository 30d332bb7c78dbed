import { assertEquals, assertThrows } from "@std/assert";
import { zeros } from "../../lib/core/matrix.ts";
import { SGD } from "../../lib/optim/sgd.ts";
import { assertAllClose, flat, G1, G2, makeParam, setGrad, W0 } from "./_helpers.ts";

Deno.test("SGD: two steps match w − lr·g by hand", () => {
  const lr = 0.1;
  const p = makeParam("W", W0, G1);
  const opt = new SGD({ lr });
  opt.step([p]);
  const w1 = flat(W0).map((w, i) => w - lr * flat(G1)[i]);
  assertAllClose(p.value.data, w1);
  setGrad(p, G2);
  opt.step([p]);
  const w2 = w1.map((w, i) => w - lr * flat(G2)[i]);
  assertAllClose(p.value.data, w2);
  // One element worked out on paper: 0.5 − 0.1·0.3 + 0.1·0.6 = 0.53.
  assertAllClose([p.value.data[0]], [0.53]);
});

Deno.test("SGD: does not touch the gradient", () => {
  const p = makeParam("W", W0, G1);
  new SGD({ lr: 0.5 }).step([p]);
  assertAllClose(p.grad.data, flat(G1), 0);
});

Deno.test("SGD: rejects a bad lr, in the constructor and the setter", () => {
  for (const lr of [0, -0.1, NaN, Infinity]) {
    assertThrows(
      () => new SGD({ lr }),
      RangeError,
      `SGD: lr must be a finite number > 0, got ${lr}`,
    );
  }
  const opt = new SGD({ lr: 0.1 });
  assertThrows(() => (opt.lr = NaN), RangeError, "got NaN");
  assertEquals(opt.lr, 0.1);
  opt.lr = 0.05;
  assertEquals(opt.lr, 0.05);
});

Deno.test("SGD: a gradient of the wrong shape is named in the error", () => {
  const bad = { name: "Whh", value: zeros(2, 2), grad: zeros(1, 2) };
  assertThrows(() => new SGD({ lr: 0.1 }).step([bad]), RangeError, "Whh");
});
