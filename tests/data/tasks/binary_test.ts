import { assertEquals, assertThrows } from "@std/assert";
import { binaryTaskBatch, Random } from "../../../lib/mod.ts";

Deno.test("binaryTaskBatch: delay targets repeat the input `delay` steps back", () => {
  const d = binaryTaskBatch("delay", 6, 3, new Random(1), 2);
  assertEquals([d.inputs.steps, d.inputs.batchSize], [6, 3]);
  for (let r = 0; r < 18; r++) {
    if (r < 6) assertEquals(d.targets.mask[r], 0, "no answer before the delay");
    else {
      assertEquals(d.targets.mask[r], 1);
      assertEquals(d.targets.data[r], d.inputs.data[r - 6]);
    }
  }
});

Deno.test("binaryTaskBatch: parity targets are the running XOR of each sequence", () => {
  const p = binaryTaskBatch("parity", 6, 3, new Random(2));
  for (let b = 0; b < 3; b++) {
    let parity = 0;
    for (let t = 0; t < 6; t++) {
      parity ^= p.inputs.data[t * 3 + b];
      assertEquals(p.targets.data[t * 3 + b], parity);
    }
  }
  assertEquals(p.targets.isFull, true);
  // Random bits, seeded.
  const again = binaryTaskBatch("parity", 6, 3, new Random(2));
  assertEquals(Array.from(again.inputs.data), Array.from(p.inputs.data));
  const ones = p.inputs.data.reduce((n, x) => n + x, 0);
  assertEquals(ones > 0 && ones < 18, true, "both bits occur");
});

Deno.test("binaryTaskBatch names bad options", () => {
  const rng = new Random(0);
  assertThrows(
    () => binaryTaskBatch("delay", 3, 1, rng, 3),
    RangeError,
    "delay must be an integer in [1, 2], got 3",
  );
  assertThrows(
    () => binaryTaskBatch("copy" as "delay", 3, 1, rng),
    RangeError,
    'task must be one of "delay", "parity", got "copy"',
  );
});
