import { assertEquals, assertThrows } from "@std/assert";
import { fromArray } from "../../lib/core/matrix.ts";
import { param } from "../../lib/layers/param.ts";
import { HalveOnPlateau } from "../../lib/optim/schedule.ts";
import { SGD } from "../../lib/optim/sgd.ts";

function model(values: number[]) {
  const w = param("w", fromArray([values]));
  return { w, params: [w] };
}

Deno.test("HalveOnPlateau restoreWeights: a worse epoch is undone, as the RNNLM toolkit does", () => {
  const m = model([1, 2]);
  const opt = new SGD({ lr: 0.1 });
  const schedule = new HalveOnPlateau(opt, { restoreWeights: m });
  // epoch 1 (better than nothing): its weights are kept and saved
  m.w.value.data.set([3, 4]);
  assertEquals(schedule.update(5).restored, false);
  // epoch 2 is better: saved again
  m.w.value.data.set([5, 6]);
  assertEquals(schedule.update(4).restored, false);
  // epoch 3 is worse than epoch 2: back to epoch 2's weights (and halving starts)
  m.w.value.data.set([7, 8]);
  const worse = schedule.update(4.5);
  assertEquals([worse.restored, worse.improved, worse.halving, opt.lr], [true, false, true, 0.05]);
  assertEquals(Array.from(m.w.value.data), [5, 6]);
  // epoch 4 is compared with epoch 3's loss (the toolkit's llogp), not the best
  m.w.value.data.set([9, 10]);
  const next = schedule.update(4.2);
  assertEquals([next.restored, next.improved], [false, true]);
  assertEquals(Array.from(m.w.value.data), [9, 10]);
});

Deno.test("HalveOnPlateau restoreWeights: a first epoch worse than the start cannot happen; the start is saved", () => {
  const m = model([1]);
  const schedule = new HalveOnPlateau({ lr: 1 }, { restoreWeights: m });
  m.w.value.data[0] = 2;
  schedule.update(1e9); // anything is better than no epoch at all
  assertEquals(m.w.value.data[0], 2);
});

Deno.test("HalveOnPlateau restoreWeights: the final, worse epoch is undone too", () => {
  const m = model([0]);
  const schedule = new HalveOnPlateau({ lr: 1 }, { restoreWeights: m });
  for (const [value, loss] of [[1, 3], [2, 2.9999], [3, 2.99995]]) {
    m.w.value.data[0] = value;
    schedule.update(loss);
  }
  assertEquals([schedule.done, m.w.value.data[0]], [true, 2]);
});

Deno.test("HalveOnPlateau without restoreWeights leaves the weights alone", () => {
  const m = model([1]);
  const schedule = new HalveOnPlateau({ lr: 1 });
  schedule.update(2);
  m.w.value.data[0] = 7;
  assertEquals(schedule.update(3).restored, false);
  assertEquals(m.w.value.data[0], 7);
});

Deno.test("HalveOnPlateau restoreWeights: a model whose parameters changed is named", () => {
  const m = model([1]);
  const schedule = new HalveOnPlateau({ lr: 1 }, { restoreWeights: m });
  m.params.push(param("v", fromArray([[1]])));
  assertThrows(
    () => schedule.update(1),
    RangeError,
    "the model now has 2 parameters, 1 were saved",
  );
});
