import { assertEquals, assertThrows } from "@std/assert";
import { HalveOnPlateau, StepDecay } from "../../lib/optim/schedule.ts";
import { SGD } from "../../lib/optim/sgd.ts";
import { assertAllClose } from "./_helpers.ts";

Deno.test("StepDecay: multiplies lr by γ every k steps and sets it on the optimizer", () => {
  const opt = new SGD({ lr: 0.8 });
  const schedule = new StepDecay(opt, { gamma: 0.5, every: 3 });
  const seen: number[] = [];
  for (let t = 1; t <= 7; t++) {
    seen.push(schedule.step());
    assertEquals(opt.lr, seen[t - 1]);
  }
  assertEquals(seen, [0.8, 0.8, 0.4, 0.4, 0.4, 0.2, 0.2]);
  assertEquals(schedule.t, 7);
  assertEquals(schedule.lrAt(0), 0.8);
});

Deno.test("StepDecay: many decays are computed without drift", () => {
  const target = { lr: 1 };
  const schedule = new StepDecay(target, { gamma: 0.9, every: 1 });
  for (let t = 0; t < 50; t++) schedule.step();
  assertAllClose([target.lr], [0.9 ** 50], 1e-15);
});

Deno.test("StepDecay: rejects bad options", () => {
  for (const gamma of [0, 1, 1.5, NaN]) {
    assertThrows(
      () => new StepDecay({ lr: 1 }, { gamma, every: 2 }),
      RangeError,
      `StepDecay: gamma must be in (0, 1), got ${gamma}`,
    );
  }
  for (const every of [0, 2.5, -1]) {
    assertThrows(
      () => new StepDecay({ lr: 1 }, { gamma: 0.5, every }),
      RangeError,
      `StepDecay: every must be a positive integer, got ${every}`,
    );
  }
});

Deno.test("HalveOnPlateau: keeps lr while improving, halves after a plateau, done at the second", () => {
  const opt = new SGD({ lr: 0.1 });
  const schedule = new HalveOnPlateau(opt); // minImprovement 0.3 %
  // loss:          first  −20 %   −12.5 %  −0.29 % (plateau)  −5.4 %  −6 %  −0.03 % (plateau)
  const losses = [5.0, 4.0, 3.5, 3.49, 3.3, 3.1, 3.099];
  const decisions = losses.map((loss) => schedule.update(loss));
  assertEquals(decisions.map((d) => d.lr), [0.1, 0.1, 0.1, 0.05, 0.025, 0.0125, 0.0125]);
  assertEquals(decisions.map((d) => d.halving), [false, false, false, true, true, true, true]);
  assertEquals(decisions.map((d) => d.done), [false, false, false, false, false, false, true]);
  assertEquals(decisions.map((d) => d.significant), [true, true, true, false, true, true, false]);
  assertEquals(opt.lr, 0.0125);
  assertEquals([schedule.done, schedule.halving, schedule.epochs, schedule.best], [
    true,
    true,
    7,
    3.099,
  ]);
  // After done, nothing changes.
  const after = schedule.update(1.0);
  assertEquals([after.done, after.lr, schedule.epochs], [true, 0.0125, 7]);
});

Deno.test("HalveOnPlateau: a worse epoch is a plateau and is reported as not improved", () => {
  const target = { lr: 1 };
  const schedule = new HalveOnPlateau(target);
  schedule.update(2);
  const worse = schedule.update(2.5);
  assertEquals([worse.significant, worse.improved, worse.halving, worse.lr], [
    false,
    false,
    true,
    0.5,
  ]);
  const worseAgain = schedule.update(2.6);
  assertEquals([worseAgain.done, worseAgain.improved, target.lr], [true, false, 0.5]);
  assertEquals(schedule.best, 2);
});

Deno.test("HalveOnPlateau: the threshold is relative and exactly-at-threshold is a plateau", () => {
  // minImprovement 0.5: an epoch is significant only if previous > 1.5 · loss.
  const target = { lr: 1 };
  const schedule = new HalveOnPlateau(target, { minImprovement: 0.5, factor: 0.25 });
  schedule.update(300);
  assertEquals(schedule.update(199).significant, true); // 300 > 298.5
  assertEquals(schedule.update(133).significant, false); // 199 > 199.5 is false
  assertEquals(target.lr, 0.25);
  // The same 1 % relative drop at any scale of loss gives the same answer.
  for (const scale of [1e-3, 1, 1e4]) {
    const s = new HalveOnPlateau({ lr: 1 }, { minImprovement: 0.005 });
    s.update(2 * scale);
    assertEquals(s.update(1.98 * scale).significant, true);
    assertEquals(s.update(1.975 * scale).significant, false);
  }
  const exact = new HalveOnPlateau({ lr: 1 }, { minImprovement: 0.5, factor: 0.25 });
  exact.update(3);
  const d = exact.update(2); // 3 > 2·1.5 is false: a plateau
  assertEquals([d.significant, d.lr], [false, 0.25]);
});

Deno.test("HalveOnPlateau: rejects a non-finite loss and bad options", () => {
  const schedule = new HalveOnPlateau({ lr: 0.1 });
  assertThrows(
    () => schedule.update(NaN),
    RangeError,
    "validationLoss must be a finite number ≥ 0, got NaN",
  );
  assertThrows(() => schedule.update(-1), RangeError, "got -1");
  assertEquals(schedule.epochs, 0);
  assertThrows(
    () => new HalveOnPlateau({ lr: 1 }, { minImprovement: -0.1 }),
    RangeError,
    "HalveOnPlateau: minImprovement must be a finite number ≥ 0, got -0.1",
  );
  assertThrows(
    () => new HalveOnPlateau({ lr: 1 }, { factor: 1 }),
    RangeError,
    "HalveOnPlateau: factor must be in (0, 1), got 1",
  );
});
