import { assertEquals, assertThrows } from "@std/assert";
import { SGD } from "../../lib/optim/sgd.ts";
import { assertAllClose, flat, G1, makeParam, W0 } from "./_helpers.ts";

Deno.test("SGD weight decay: w ← w − lr·(g + λ·w), PyTorch's weight_decay", () => {
  const lr = 0.1, weightDecay = 0.01;
  const p = makeParam("W", W0, G1);
  new SGD({ lr, weightDecay }).step([p]);
  const expected = flat(W0).map((w, i) => w - lr * (flat(G1)[i] + weightDecay * w));
  assertAllClose(p.value.data, expected);
  // With a zero gradient the weights only shrink, by the factor 1 − lr·λ.
  const q = makeParam("W", [[2, -4]], [[0, 0]]);
  new SGD({ lr: 0.5, weightDecay: 0.1 }).step([q]);
  assertAllClose(q.value.data, [1.9, -3.8]);
});

Deno.test("SGD weight decay: 0 by default, and the default step is unchanged", () => {
  assertEquals(new SGD({ lr: 0.1 }).weightDecay, 0);
  const a = makeParam("W", W0, G1), b = makeParam("W", W0, G1);
  new SGD({ lr: 0.1 }).step([a]);
  new SGD({ lr: 0.1, weightDecay: 0 }).step([b]);
  assertEquals(Array.from(a.value.data), Array.from(b.value.data));
});

Deno.test("SGD weight decay: a negative or non-finite λ is refused, naming it", () => {
  for (const weightDecay of [-1e-7, NaN, Infinity]) {
    assertThrows(() => new SGD({ lr: 0.1, weightDecay }), RangeError, "SGD: weightDecay must be");
  }
});
