import { assertEquals, assertThrows } from "@std/assert";
import { RMSProp } from "../../lib/optim/rmsprop.ts";
import { assertAllClose, flat, G1, G2, makeParam, setGrad, W0 } from "./_helpers.ts";

Deno.test("RMSProp: two steps match s = ρs + (1−ρ)g², w −= lr·g/(√s + eps)", () => {
  const lr = 0.01, rho = 0.7, eps = 1e-3;
  const p = makeParam("W", W0, G1);
  const opt = new RMSProp({ lr, rho, eps });
  opt.step([p]);
  const s1 = flat(G1).map((g) => (1 - rho) * g * g);
  const w1 = flat(W0).map((w, i) => w - (lr * flat(G1)[i]) / (Math.sqrt(s1[i]) + eps));
  assertAllClose(p.value.data, w1);
  setGrad(p, G2);
  opt.step([p]);
  const s2 = s1.map((s, i) => rho * s + (1 - rho) * flat(G2)[i] ** 2);
  const w2 = w1.map((w, i) => w - (lr * flat(G2)[i]) / (Math.sqrt(s2[i]) + eps));
  assertAllClose(p.value.data, w2);
  assertAllClose(opt.state(p).s.data, s2);
});

Deno.test("RMSProp: defaults are lr 1e-3, rho 0.9, eps 1e-8", () => {
  const opt = new RMSProp();
  assertEquals([opt.lr, opt.rho, opt.eps], [1e-3, 0.9, 1e-8]);
});

Deno.test("RMSProp: rejects bad hyperparameters, naming option and value", () => {
  assertThrows(
    () => new RMSProp({ lr: Infinity }),
    RangeError,
    "RMSProp: lr must be a finite number > 0, got Infinity",
  );
  assertThrows(() => new RMSProp({ rho: 1 }), RangeError, "RMSProp: rho must be in [0, 1), got 1");
  assertThrows(() => new RMSProp({ rho: -0.5 }), RangeError, "got -0.5");
  assertThrows(
    () => new RMSProp({ eps: -1e-8 }),
    RangeError,
    "RMSProp: eps must be a finite number > 0, got -1e-8",
  );
});
