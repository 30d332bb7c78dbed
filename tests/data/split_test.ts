import { assert, assertEquals, assertNotEquals, assertThrows } from "@std/assert";
import { splitContiguous, splitDataset } from "../../lib/data/split.ts";

Deno.test("splitDataset: sizes, disjoint parts that cover the items", () => {
  const items = Array.from({ length: 1000 }, (_, i) => i);
  const { train, validation, test } = splitDataset(items, { validation: 0.1, test: 0.2, seed: 7 });
  assertEquals([train.length, validation.length, test.length], [700, 100, 200]);
  const all = [...train, ...validation, ...test];
  assertEquals(new Set(all).size, 1000);
  assertEquals(all.sort((a, b) => a - b), items);
  assertEquals(items[0], 0, "the input is not modified");
  assertNotEquals(train.slice(0, 10), items.slice(0, 10), "the items are shuffled");
});

Deno.test("splitDataset: the same seed gives the same split, another seed another", () => {
  const items = [..."abcdefghijklmnopqrstuvwxyz"];
  assertEquals(splitDataset(items, { seed: 3 }), splitDataset(items, { seed: 3 }));
  assertNotEquals(splitDataset(items, { seed: 3 }).train, splitDataset(items, { seed: 4 }).train);
});

Deno.test("splitDataset: fractions are checked", () => {
  assertThrows(() => splitDataset([1, 2], { validation: 1.5 }), RangeError, "validation");
  assertThrows(() => splitDataset([1, 2], { validation: 0.5, test: 0.5 }), RangeError, "0.5 + 0.5");
});

Deno.test("splitContiguous: consecutive pieces of strings and id arrays", () => {
  const text = "x".repeat(90) + "v".repeat(5) + "t".repeat(5);
  const s = splitContiguous(text);
  assertEquals([s.train, s.validation, s.test], ["x".repeat(90), "v".repeat(5), "t".repeat(5)]);
  const ids = new Int32Array(100).map((_, i) => i);
  const p = splitContiguous(ids, { validation: 0.2, test: 0.1 });
  assertEquals([p.train.length, p.validation.length, p.test.length], [70, 20, 10]);
  assertEquals(p.validation[0], 70);
  assertEquals(p.test[0], 90);
  assert(p.train instanceof Int32Array);
});
