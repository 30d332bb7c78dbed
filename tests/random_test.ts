import {
  assert,
  assertAlmostEquals,
  assertEquals,
  assertNotEquals,
  assertThrows,
} from "@std/assert";
import { Random, sampleCategorical, xavierMatrix } from "../lib/mod.ts";

Deno.test("same seed, same stream; other seed, other stream", () => {
  const draw = (seed: number) => {
    const r = new Random(seed);
    return [r.nextUint32(), r.uniform(), r.gaussian(), r.int(10)];
  };
  assertEquals(draw(42), draw(42));
  assertNotEquals(draw(42), draw(43));
});

Deno.test("uniform and gaussian have the right moments", () => {
  const r = new Random(7), n = 100_000;
  let su = 0, sg = 0, sg2 = 0;
  for (let i = 0; i < n; i++) {
    const u = r.uniform();
    assert(u >= 0 && u < 1);
    su += u;
    const g = r.gaussian();
    sg += g;
    sg2 += g * g;
  }
  assertAlmostEquals(su / n, 0.5, 0.01);
  assertAlmostEquals(sg / n, 0, 0.02);
  assertAlmostEquals(sg2 / n, 1, 0.02);
});

Deno.test("Xavier initialisation stays within ±√(6/(in+out)) with the matching variance", () => {
  const w = xavierMatrix(new Random(1), 200, 100);
  const a = Math.sqrt(6 / 300);
  assert(w.data.every((v) => Math.abs(v) <= a));
  const variance = Array.from(w.data).reduce((s, v) => s + v * v, 0) / w.size;
  assertAlmostEquals(variance, a * a / 3, 0.05 * a * a / 3);
});

Deno.test("sampleCategorical follows the weights and rejects bad ones", () => {
  const r = new Random(3), counts = [0, 0, 0], n = 30_000;
  for (let i = 0; i < n; i++) counts[sampleCategorical(r, [1, 2, 7])]++;
  assertAlmostEquals(counts[0] / n, 0.1, 0.01);
  assertAlmostEquals(counts[2] / n, 0.7, 0.01);
  assertThrows(
    () => sampleCategorical(r, [1, -1]),
    RangeError,
    "weight 1 is -1, expected a finite number ≥ 0",
  );
  assertThrows(() => sampleCategorical(r, [0, 0]), RangeError, "all weights are zero");
  assertThrows(() => new Random(1.5), RangeError, "seed must be an integer, got 1.5");
});

Deno.test("permutation is a permutation", () => {
  const p = new Random(2).permutation(50);
  assertEquals([...p].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
});
