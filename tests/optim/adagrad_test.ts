import { assertThrows } from "@std/assert";
import { Adagrad } from "../../lib/optim/adagrad.ts";
import { assertAllClose, flat, G1, G2, makeParam, setGrad, W0 } from "./_helpers.ts";

Deno.test("Adagrad: two steps match min-char-rnn's mem += g², w −= lr·g/√(mem+eps)", () => {
  const lr = 0.1, eps = 1e-3; // a large eps, so a misplaced eps would show
  const p = makeParam("W", W0, G1);
  const opt = new Adagrad({ lr, eps });
  opt.step([p]);
  const mem1 = flat(G1).map((g) => g * g);
  const w1 = flat(W0).map((w, i) => w - (lr * flat(G1)[i]) / Math.sqrt(mem1[i] + eps));
  assertAllClose(p.value.data, w1);
  setGrad(p, G2);
  opt.step([p]);
  const mem2 = mem1.map((m, i) => m + flat(G2)[i] ** 2);
  const w2 = w1.map((w, i) => w - (lr * flat(G2)[i]) / Math.sqrt(mem2[i] + eps));
  assertAllClose(p.value.data, w2);
  assertAllClose(opt.state(p).mem.data, mem2);
});

Deno.test("Adagrad: worked on paper with g = 3 then 4", () => {
  const p = makeParam("w", [[1]], [[3]]);
  const opt = new Adagrad({ lr: 0.5, eps: 1e-12 });
  opt.step([p]); // mem = 9, w = 1 − 0.5·3/3 = 0.5
  assertAllClose(p.value.data, [0.5], 1e-12);
  setGrad(p, [[4]]);
  opt.step([p]); // mem = 25, w = 0.5 − 0.5·4/5 = 0.1
  assertAllClose(p.value.data, [0.1], 1e-12);
});

Deno.test("Adagrad: rejects bad hyperparameters, naming option and value", () => {
  assertThrows(
    () => new Adagrad({ lr: -1 }),
    RangeError,
    "Adagrad: lr must be a finite number > 0, got -1",
  );
  assertThrows(
    () => new Adagrad({ eps: 0 }),
    RangeError,
    "Adagrad: eps must be a finite number > 0, got 0",
  );
  assertThrows(() => new Adagrad({ eps: NaN }), RangeError, "eps");
});
