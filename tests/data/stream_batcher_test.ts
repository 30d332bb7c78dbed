import { assertEquals, assertThrows } from "@std/assert";
import { StreamBatcher } from "../../lib/mod.ts";

Deno.test("batches are time-major slices of parallel streams, targets shifted by one", () => {
  const ids = Array.from({ length: 13 }, (_, i) => i); // streams: 0..5 and 6..11 (+ targets)
  const b = new StreamBatcher(ids, { batchSize: 2, seqLength: 4 });
  assertEquals(b.streamLength, 6);
  assertEquals(b.batchesPerEpoch, 2);
  const first = b.next();
  assertEquals(Array.from(first.inputs.data), [0, 6, 1, 7, 2, 8, 3, 9]);
  assertEquals(Array.from(first.targets.data), [1, 7, 2, 8, 3, 9, 4, 10]);
  assertEquals([first.inputs.steps, first.inputs.batchSize, first.inputs.isFull], [4, 2, true]);
  assertEquals(first.resetState, true);
  const second = b.next();
  assertEquals(second.inputs.steps, 2, "the last batch of an epoch is shorter");
  assertEquals(second.targets.steps, 2);
  assertEquals(Array.from(second.inputs.data), [4, 10, 5, 11]);
  assertEquals(Array.from(second.targets.data), [5, 11, 6, 12]);
  assertEquals(second.resetState, false);
  assertEquals(b.epoch, 0);
  const third = b.next();
  assertEquals(third.resetState, true, "a new epoch asks for a reset");
  assertEquals(Array.from(third.inputs.data), Array.from(first.inputs.data));
  assertEquals(b.epoch, 1);
});

Deno.test("epochBatches is one whole epoch from the start and leaves the position alone", () => {
  const ids = Array.from({ length: 13 }, (_, i) => i);
  const b = new StreamBatcher(ids, { batchSize: 2, seqLength: 4 });
  b.next();
  const epoch = b.epochBatches();
  assertEquals(epoch.map((x) => x.inputs.steps), [4, 2]);
  assertEquals(Array.from(epoch[0].inputs.data), [0, 6, 1, 7, 2, 8, 3, 9]);
  assertEquals(Array.from(b.next().inputs.data), [4, 10, 5, 11], "still the second batch");
  assertEquals(b.epoch, 0);
});

Deno.test("StreamBatcher names bad sizes", () => {
  assertThrows(
    () => new StreamBatcher([1, 2, 3], { batchSize: 0, seqLength: 4 }),
    RangeError,
    "batchSize must be an integer ≥ 1, got 0",
  );
  assertThrows(
    () => new StreamBatcher([1, 2, 3], { batchSize: 1, seqLength: 2.5 }),
    RangeError,
    "seqLength must be an integer ≥ 1, got 2.5",
  );
  assertThrows(
    () => new StreamBatcher([1, 2, 3], { batchSize: 4, seqLength: 2 }),
    RangeError,
    "3 tokens are too few for batchSize 4",
  );
});
